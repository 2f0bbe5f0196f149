import pino from 'pino';

export type Logger = pino.Logger;

/** One JSON line per event with level, msg and time (CONTRACT.md). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Card payloads may hold patient data; never let a stray log call print them.
      redact: { paths: ['*.value', '*.data', 'activity.value', 'activity.attachments'], censor: '[redacted]' },
    },
    destination,
  );
}
