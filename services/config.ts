import { z } from 'zod';

// Operators read these messages at start-up: each names the variable that is wrong.
export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalText = z.preprocess(emptyToUndefined, z.string().trim().optional());

const positiveInt = (fallback: number, max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`).default(fallback),
  );

const envSchema = z.object({
  PORT: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int('must be a whole number').min(0).max(65535, 'must be a port number (0–65535)').default(3978),
  ),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.preprocess(
    emptyToUndefined,
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], 'must be MultiTenant, SingleTenant or UserAssignedMSI').default('MultiTenant'),
  ),
  MicrosoftAppTenantId: optionalText,
  MONGODB_URI: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  ENCRYPTION_KEY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value), {
        message: 'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
      })
      .optional(),
  ),
  ALLOWED_TENANTS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((value) => value.split(',').map((tenant) => tenant.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[0-9a-fA-F-]{36}$/, 'must list tenant ids (GUIDs), comma-separated')))
      .optional(),
  ),
  RETENTION_DAYS: positiveInt(30, 3650),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent').default('info'),
  ),
});

export interface Config {
  port: number;
  bot: {
    appId: string | null;
    appPassword: string | null;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    appTenantId: string | null;
  };
  mongodbUri: string | null;
  dataDir: string;
  /** Base64, 32 bytes; null means "generate one for local development" (see keyring). */
  encryptionKey: string | null;
  /** Empty means every tenant (local development only; see README). */
  allowedTenants: string[];
  retentionDays: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('MicrosoftAppPassword', 'is required when MicrosoftAppId is set');
  }
  if (e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppTenantId', 'is required when MicrosoftAppType is SingleTenant');
  }
  if (e.MicrosoftAppId && !e.ENCRYPTION_KEY) {
    throw new ConfigError('ENCRYPTION_KEY', 'is required when MicrosoftAppId is set (a generated key is for local development only)');
  }
  return {
    port: e.PORT,
    bot: {
      appId: e.MicrosoftAppId ?? null,
      appPassword: e.MicrosoftAppPassword ?? null,
      appType: e.MicrosoftAppType,
      appTenantId: e.MicrosoftAppTenantId ?? null,
    },
    mongodbUri: e.MONGODB_URI ?? null,
    dataDir: e.DATA_DIR,
    encryptionKey: e.ENCRYPTION_KEY ?? null,
    allowedTenants: e.ALLOWED_TENANTS ?? [],
    retentionDays: e.RETENTION_DAYS,
    logLevel: e.LOG_LEVEL,
  };
}
