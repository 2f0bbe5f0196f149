import assert from 'node:assert/strict';
import { createBoardAuthenticator, isLoopbackAddress } from '../../bot/board/boardAuthenticator';
import { BoardAuthError, type BoardAuthFailure, type BoardCaller, type BoardRequestCredentials } from '../../services/auth/boardCaller';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import { ManualClock } from '../../services/time/clock';
import { ANNA_OID, APP_ID, BOT_DOMAIN, OTHER_TENANT_ID, TENANT_ID, createTestTokenIssuer, v2Issuer, type TestTokenIssuer } from './entraTokens';

const NOW = new Date('2026-11-30T08:00:00Z');
const DEV_USER = '5d2c7e1a-9b3f-4c6d-8e0a-1f2b3c4d5e6f';
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

const withAppId = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'app-password',
  ENCRYPTION_KEY,
  BOT_DOMAIN,
  ALLOWED_TENANTS: TENANT_ID,
};

describe('board authenticator', () => {
  let issuer: TestTokenIssuer;
  let logLines: Record<string, unknown>[];

  before(async () => {
    issuer = await createTestTokenIssuer();
  });
  beforeEach(() => {
    logLines = [];
  });

  const authenticatorFor = (env: Record<string, string>) =>
    createBoardAuthenticator({
      config: loadConfig(env),
      logger: createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) }),
      clock: new ManualClock(NOW),
      keys: issuer.keys,
    });

  const request = (credentials: Partial<BoardRequestCredentials>): BoardRequestCredentials => ({
    authorization: undefined,
    developmentUser: undefined,
    remoteAddress: '203.0.113.7',
    ...credentials,
  });

  async function refusal(promise: Promise<BoardCaller>): Promise<BoardAuthError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof BoardAuthError, `expected a BoardAuthError, got ${String(error)}`);
      return error;
    }
    assert.fail('the request was accepted');
  }

  async function assertRefused(promise: Promise<BoardCaller>, failure: BoardAuthFailure, status = 401): Promise<void> {
    const error = await refusal(promise);
    assert.equal(error.failure, failure);
    assert.equal(error.status, status);
  }

  describe('with an app id (Teams SSO)', () => {
    const authenticate = () => authenticatorFor(withAppId);

    it('accepts a valid bearer token and names the caller from it', async () => {
      const caller = await authenticate()(request({ authorization: `Bearer ${await issuer.sign(NOW)}` }));
      assert.deepEqual(caller, { aadObjectId: ANNA_OID, tenantId: TENANT_ID, name: 'Anna Andersson', development: false });
    });

    it('accepts the scheme in any letter case', async () => {
      const caller = await authenticate()(request({ authorization: `bearer ${await issuer.sign(NOW)}` }));
      assert.equal(caller.aadObjectId, ANNA_OID);
    });

    it('refuses a request without an Authorization header', async () => {
      await assertRefused(authenticate()(request({})), 'missing-token');
    });

    it('refuses another scheme than Bearer', async () => {
      await assertRefused(authenticate()(request({ authorization: 'Basic YW5uYTpzZWNyZXQ=' })), 'missing-token');
    });

    it('refuses Bearer without a token, or with more than one', async () => {
      await assertRefused(authenticate()(request({ authorization: 'Bearer' })), 'malformed-token');
      await assertRefused(authenticate()(request({ authorization: 'Bearer abc def' })), 'malformed-token');
    });

    it('refuses a malformed token', async () => {
      await assertRefused(authenticate()(request({ authorization: 'Bearer not.a.token' })), 'malformed-token');
    });

    it('refuses a token of another tenant with 403', async () => {
      const token = await issuer.sign(NOW, { tid: OTHER_TENANT_ID, iss: v2Issuer(OTHER_TENANT_ID) });
      await assertRefused(authenticate()(request({ authorization: `Bearer ${token}` })), 'tenant-not-allowed', 403);
    });

    it('ignores the development identity, even from loopback', async () => {
      await assertRefused(authenticate()(request({ developmentUser: DEV_USER, remoteAddress: '127.0.0.1' })), 'missing-token');
    });

    it('takes the caller from the token, never from the development identity', async () => {
      const caller = await authenticate()(
        request({ authorization: `Bearer ${await issuer.sign(NOW)}`, developmentUser: DEV_USER, remoteAddress: '127.0.0.1' }),
      );
      assert.equal(caller.aadObjectId, ANNA_OID);
      assert.equal(caller.development, false);
    });

    it('logs a refusal at info with its failure code, never the token', async () => {
      const token = await issuer.sign(NOW, { aud: 'someone-else' });
      await assertRefused(authenticate()(request({ authorization: `Bearer ${token}` })), 'wrong-audience');
      assert.equal(logLines.length, 1);
      assert.equal(logLines[0]!.level, 'info');
      assert.equal(logLines[0]!.failure, 'wrong-audience');
      const logged = JSON.stringify(logLines);
      assert.ok(!logged.includes(token) && !logged.includes(token.split('.')[1]!) && !logged.includes(token.split('.')[2]!), 'the token was logged');
    });

    it('tells the operator why the signing keys are unavailable', async () => {
      const authenticator = createBoardAuthenticator({
        config: loadConfig(withAppId),
        logger: createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) }),
        clock: new ManualClock(NOW),
        keys: async () => {
          throw new TypeError('fetch failed');
        },
      });
      await assertRefused(authenticator(request({ authorization: `Bearer ${await issuer.sign(NOW)}` })), 'keys-unavailable', 503);
      assert.equal(logLines[0]!.level, 'warn');
      assert.equal(logLines[0]!.failure, 'keys-unavailable');
      assert.match(String(logLines[0]!.reason), /fetch failed/);
    });
  });

  describe('without an app id (local development)', () => {
    const authenticate = () => authenticatorFor({});

    for (const address of ['127.0.0.1', '127.45.6.7', '::1', '::ffff:127.0.0.1']) {
      it(`accepts the development identity from loopback ${address}, labelled as such`, async () => {
        const caller = await authenticate()(request({ developmentUser: DEV_USER, remoteAddress: address }));
        assert.deepEqual(caller, { aadObjectId: DEV_USER, tenantId: null, name: 'Utvecklingsidentitet', development: true });
      });
    }

    for (const address of ['10.0.0.5', '192.168.1.20', '203.0.113.7', '::ffff:10.0.0.5', 'fe80::1', '128.0.0.1', 'localhost', undefined]) {
      it(`refuses the development identity from ${address ?? 'an unknown address'}`, async () => {
        await assertRefused(authenticate()(request({ developmentUser: DEV_USER, remoteAddress: address })), 'development-identity-refused');
      });
    }

    it('refuses an empty or oversized development identity', async () => {
      await assertRefused(authenticate()(request({ developmentUser: '  ', remoteAddress: '127.0.0.1' })), 'development-identity-refused');
      await assertRefused(authenticate()(request({ developmentUser: 'x'.repeat(200), remoteAddress: '127.0.0.1' })), 'development-identity-refused');
    });

    it('refuses a bearer token, which it has no audience to check against', async () => {
      const authorization = `Bearer ${await issuer.sign(NOW)}`;
      await assertRefused(authenticate()(request({ authorization, remoteAddress: '127.0.0.1' })), 'wrong-audience');
      await assertRefused(authenticate()(request({ authorization, developmentUser: DEV_USER, remoteAddress: '127.0.0.1' })), 'wrong-audience');
    });

    it('refuses a request that names nobody', async () => {
      await assertRefused(authenticate()(request({ remoteAddress: '127.0.0.1' })), 'missing-token');
    });

    it('logs a refused development identity at info with the failure code', async () => {
      await refusal(authenticate()(request({ developmentUser: DEV_USER, remoteAddress: '10.0.0.5' })));
      assert.deepEqual(
        logLines.map((line) => [line.level, line.failure, line.remoteAddress]),
        [['info', 'development-identity-refused', '10.0.0.5']],
      );
    });
  });

  describe('loopback addresses', () => {
    it('knows the machine itself from its neighbours', () => {
      assert.deepEqual(
        ['127.0.0.1', '127.255.255.254', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '126.255.255.255', '::2', '::ffff:192.168.0.1', '', undefined].map(isLoopbackAddress),
        [true, true, true, true, true, false, false, false, false, false],
      );
    });
  });
});
