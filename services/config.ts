import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_AUDIT_RETENTION_YEARS } from './audit/auditRetention';

// Operators read these messages at start-up: each names the variable that is wrong.
export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const isHost = (value: string) => isIP(value) !== 0 || /^(?!-)[a-zA-Z0-9-]{1,63}(?:\.[a-zA-Z0-9-]{1,63})*$/.test(value);

const optionalText = z.preprocess(emptyToUndefined, z.string().trim().optional());

const positiveInt = (fallback: number, max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`).default(fallback),
  );

const base64Key = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value), {
    message: 'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
  });

const envSchema = z.object({
  PORT: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int('must be a whole number').min(0).max(65535, 'must be a port number (0–65535)').default(3978),
  ),
  HOST: z.preprocess(emptyToUndefined, z.string().trim().refine(isHost, 'must be an IP address or a host name, e.g. 127.0.0.1').default('0.0.0.0')),
  METRICS_PORT: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int('must be a whole number').min(0).max(65535, 'must be a port number (0–65535)').optional(),
  ),
  METRICS_HOST: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine(isHost, 'must be an IP address or a host name, e.g. 127.0.0.1')
      .default('127.0.0.1'),
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
  ENCRYPTION_KEY: z.preprocess(emptyToUndefined, base64Key.optional()),
  ENCRYPTION_KEY_PREVIOUS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((value) => value.split(',').map((key) => key.trim()).filter(Boolean))
      .pipe(z.array(base64Key))
      .optional(),
  ),
  BOT_DOMAIN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^(?!-)[a-zA-Z0-9-]{1,63}(?:\.[a-zA-Z0-9-]{1,63})+(?::\d{1,5})?$/, 'must be a host name such as samordna.example.se (no https://, no path)')
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
  AUDIT_RETENTION_YEARS: positiveInt(DEFAULT_AUDIT_RETENTION_YEARS, 100),
  INVOKE_RATE_LIMIT_PER_MINUTE: positiveInt(60, 1_000_000),
  OUTBOUND_TIMEOUT_MS: positiveInt(15000, 120000),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent').default('info'),
  ),
});

export interface Config {
  port: number;
  /** The address PORT listens on: all (0.0.0.0) unless a proxy on the same machine is the only client. */
  host: string;
  /** Where /metrics listens; null: no metrics listener. Never the public port. */
  metrics: { port: number; host: string } | null;
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
  /** Keys that sealed older values: read, never written (key rotation, `npm run reencrypt`). */
  previousEncryptionKeys: string[];
  /** Public host name of this server (manifest, tab, SSO audience `api://<domain>/<app id>`). */
  botDomain: string | null;
  /** Empty means every tenant (local development only; see README). */
  allowedTenants: string[];
  retentionDays: number;
  /** The audit log is kept this long, independently of case retention (patient's right to an extract). */
  auditRetentionYears: number;
  /** Card actions one user may send per minute before being told to wait. */
  invokeRateLimitPerMinute: number;
  /** Upper bound for one outbound HTTP call (Bot Connector, token keys). */
  outboundTimeoutMs: number;
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
  if (e.ENCRYPTION_KEY_PREVIOUS?.length && !e.ENCRYPTION_KEY) {
    throw new ConfigError('ENCRYPTION_KEY_PREVIOUS', 'needs ENCRYPTION_KEY (the new key) to be set as well');
  }
  if (e.MicrosoftAppId && !e.ENCRYPTION_KEY) {
    throw new ConfigError('ENCRYPTION_KEY', 'is required when MicrosoftAppId is set (a generated key is for local development only)');
  }
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    throw new ConfigError('METRICS_PORT', 'must differ from PORT: the metrics are never served on the public port');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    metrics: e.METRICS_PORT === undefined ? null : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    bot: {
      appId: e.MicrosoftAppId ?? null,
      appPassword: e.MicrosoftAppPassword ?? null,
      appType: e.MicrosoftAppType,
      appTenantId: e.MicrosoftAppTenantId ?? null,
    },
    mongodbUri: e.MONGODB_URI ?? null,
    dataDir: e.DATA_DIR,
    encryptionKey: e.ENCRYPTION_KEY ?? null,
    previousEncryptionKeys: e.ENCRYPTION_KEY_PREVIOUS ?? [],
    botDomain: e.BOT_DOMAIN ?? null,
    allowedTenants: e.ALLOWED_TENANTS ?? [],
    retentionDays: e.RETENTION_DAYS,
    auditRetentionYears: e.AUDIT_RETENTION_YEARS,
    invokeRateLimitPerMinute: e.INVOKE_RATE_LIMIT_PER_MINUTE,
    outboundTimeoutMs: e.OUTBOUND_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
  };
}
