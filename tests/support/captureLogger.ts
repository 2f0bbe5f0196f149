import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../services/logger';

/** A pino logger whose lines the test can read, parsed. */
export function captureLogger(level = 'error'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}
