import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../services/config';

const key = Buffer.alloc(32, 7).toString('base64');

describe('configuration', () => {
  it('has working defaults for local development', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.equal(config.dataDir, './data');
    assert.equal(config.mongodbUri, null);
    assert.equal(config.bot.appId, null);
    assert.equal(config.retentionDays, 30);
    assert.deepEqual(config.allowedTenants, []);
    assert.deepEqual(config.previousEncryptionKeys, []);
    assert.equal(config.botDomain, null);
    assert.equal(config.auditRetentionYears, 5);
    assert.equal(config.invokeRateLimitPerMinute, 60);
    assert.equal(config.outboundTimeoutMs, 15000);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.metrics, null);
  });

  it('names the variable that is wrong', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'eighty' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
      [{ ENCRYPTION_KEY: 'too-short' }, 'ENCRYPTION_KEY'],
      [{ ALLOWED_TENANTS: 'contoso' }, 'ALLOWED_TENANTS'],
      [{ RETENTION_DAYS: '0' }, 'RETENTION_DAYS'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ MicrosoftAppType: 'Personal' }, 'MicrosoftAppType'],
      [{ MicrosoftAppId: 'abc', ENCRYPTION_KEY: key }, 'MicrosoftAppPassword'],
      [{ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'secret' }, 'ENCRYPTION_KEY'],
      [{ ENCRYPTION_KEY: key, ENCRYPTION_KEY_PREVIOUS: 'too-short' }, 'ENCRYPTION_KEY_PREVIOUS'],
      [{ ENCRYPTION_KEY_PREVIOUS: key }, 'ENCRYPTION_KEY_PREVIOUS'],
      [{ BOT_DOMAIN: 'https://samordna.example.se' }, 'BOT_DOMAIN'],
      [{ BOT_DOMAIN: 'samordna.example.se/api' }, 'BOT_DOMAIN'],
      [{ AUDIT_RETENTION_YEARS: '0' }, 'AUDIT_RETENTION_YEARS'],
      [{ INVOKE_RATE_LIMIT_PER_MINUTE: 'many' }, 'INVOKE_RATE_LIMIT_PER_MINUTE'],
      [{ OUTBOUND_TIMEOUT_MS: '-1' }, 'OUTBOUND_TIMEOUT_MS'],
      [{ HOST: 'https://0.0.0.0' }, 'HOST'],
      [{ METRICS_PORT: 'metrics' }, 'METRICS_PORT'],
      [{ METRICS_PORT: '9464', METRICS_HOST: '127.0.0.1/8' }, 'METRICS_HOST'],
      [{ PORT: '3978', METRICS_PORT: '3978' }, 'METRICS_PORT'],
    ];
    for (const [env, variable] of cases) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.includes(variable),
        JSON.stringify(env),
      );
    }
  });

  it('parses a production configuration', () => {
    const config = loadConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: '6babcaad-604b-40ac-a9d7-9fd97c0b779f',
      ENCRYPTION_KEY: key,
      ALLOWED_TENANTS: '6babcaad-604b-40ac-a9d7-9fd97c0b779f, 0f0e0d0c-0b0a-0908-0706-050403020100',
      MONGODB_URI: 'mongodb://db.example:27017/samordna',
      ENCRYPTION_KEY_PREVIOUS: `${Buffer.alloc(32, 1).toString('base64')},${Buffer.alloc(32, 2).toString('base64')}`,
      BOT_DOMAIN: 'samordna.example.se',
      AUDIT_RETENTION_YEARS: '10',
    });
    assert.equal(config.previousEncryptionKeys.length, 2);
    assert.equal(config.botDomain, 'samordna.example.se');
    assert.equal(config.auditRetentionYears, 10);
    assert.equal(config.bot.appType, 'SingleTenant');
    assert.equal(config.allowedTenants.length, 2);
    assert.equal(config.encryptionKey, key);
  });
});
