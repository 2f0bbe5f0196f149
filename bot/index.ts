// The memory profile first: V8 reads its flags as the modules below are loaded.
import './memoryProfile';
import { ConfigError, loadConfig } from '../services/config';
import { createLogger } from '../services/logger';
import { loadDotEnv } from './cliSetup';
import { startRuntime } from './runtime';

async function main(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (!config.bot.appId) {
    logger.warn('MicrosoftAppId is empty: Bot Framework authentication is off (local development only)');
  }
  const runtime = await startRuntime({ config, logger }).catch((error: unknown) => {
    logger.fatal({ err: error }, error instanceof Error ? error.message : 'start-up failed');
    process.exit(1);
  });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping');
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
