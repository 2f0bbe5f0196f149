// What the benchmarks share: the percentile of a sorted list and the median of any, and the Bot Connector stand-in in a
// process of its own (bench/connectorProcess.ts), so a benchmark measures the bot, not the stand-in.
import { spawn } from 'node:child_process';
import path from 'node:path';

/** The value at percentile `p` (0–100) of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);

export async function startConnectorProcess(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'connectorProcess.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`connector stand-in exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}
