import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BoardAuthError, type BoardAuthFailure } from '../../services/auth/boardCaller';
import { createEntraTokenVerifier, entraSigningKeys, type EntraTokenVerifierOptions, type SigningKeys } from '../../services/auth/entraTokenVerifier';
import { ManualClock } from '../../services/time/clock';
import {
  ANNA_OID,
  APP_ID,
  BOT_DOMAIN,
  OTHER_TENANT_ID,
  TENANT_ID,
  createTestTokenIssuer,
  v1Issuer,
  v2Issuer,
  type TestTokenIssuer,
} from './entraTokens';

const NOW = new Date('2026-11-30T08:00:00Z');

async function refusal(promise: Promise<unknown>): Promise<BoardAuthError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BoardAuthError, `expected a BoardAuthError, got ${String(error)}`);
    return error;
  }
  assert.fail('the token was accepted');
}

async function assertRefused(promise: Promise<unknown>, failure: BoardAuthFailure): Promise<void> {
  assert.equal((await refusal(promise)).failure, failure);
}

/**
 * A local HTTP server standing in for Entra ID's key endpoint; `answer` decides what it does.
 * (Answers must not chain `writeHead(...).end()`: restify, loaded by other specs in the same run,
 * patches ServerResponse so that writeHead returns nothing.)
 */
async function keyEndpoint(answer: (res: http.ServerResponse) => void): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests += 1;
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/common/discovery/v2.0/keys`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('Entra ID token verifier (Teams SSO)', () => {
  let issuer: TestTokenIssuer;
  let clock: ManualClock;

  before(async () => {
    issuer = await createTestTokenIssuer();
  });
  beforeEach(() => {
    clock = new ManualClock(NOW);
  });

  const verifierWith = (changes: Partial<EntraTokenVerifierOptions> = {}) =>
    createEntraTokenVerifier({
      appId: APP_ID,
      botDomain: BOT_DOMAIN,
      allowedTenants: [TENANT_ID],
      appTenantId: null,
      clock,
      keys: issuer.keys,
      ...changes,
    });

  describe('accepts', () => {
    it('a token for the app id, issued by the v2 endpoint, and names the caller', async () => {
      const caller = await verifierWith()(await issuer.sign(NOW));
      assert.deepEqual(caller, { aadObjectId: ANNA_OID, tenantId: TENANT_ID, name: 'Anna Andersson', development: false });
    });

    it('a token for the application id URI api://<BOT_DOMAIN>/<app id>', async () => {
      const caller = await verifierWith()(await issuer.sign(NOW, { aud: `api://${BOT_DOMAIN}/${APP_ID}` }));
      assert.equal(caller.aadObjectId, ANNA_OID);
    });

    it('a token issued by the v1 endpoint (sts.windows.net) for its own tenant', async () => {
      const caller = await verifierWith()(await issuer.sign(NOW, { iss: v1Issuer(TENANT_ID), ver: '1.0', aud: `api://${BOT_DOMAIN}/${APP_ID}` }));
      assert.equal(caller.tenantId, TENANT_ID);
    });

    it('a token without a name claim, with the name left empty', async () => {
      const caller = await verifierWith()(await issuer.sign(NOW, { name: undefined }));
      assert.equal(caller.name, null);
    });

    it('a token that expired less than the clock tolerance (60 s) ago', async () => {
      const token = await issuer.sign(NOW, { exp: NOW.getTime() / 1000 - 30 });
      assert.equal((await verifierWith()(token)).aadObjectId, ANNA_OID);
    });

    it('a token valid from less than the clock tolerance (60 s) from now', async () => {
      const token = await issuer.sign(NOW, { nbf: NOW.getTime() / 1000 + 30, iat: NOW.getTime() / 1000 + 30 });
      assert.equal((await verifierWith()(token)).aadObjectId, ANNA_OID);
    });

    it('a tenant listed in another letter case', async () => {
      const caller = await verifierWith({ allowedTenants: [TENANT_ID.toUpperCase()] })(await issuer.sign(NOW));
      assert.equal(caller.tenantId, TENANT_ID);
    });
  });

  describe('time, read from the injected clock', () => {
    it('refuses a token that expired more than 60 s ago as expired', async () => {
      const token = await issuer.sign(NOW);
      clock.advance(3600_000 + 61_000);
      await assertRefused(verifierWith()(token), 'expired');
    });

    it('refuses a token whose nbf lies more than 60 s ahead as not-yet-valid', async () => {
      const token = await issuer.sign(NOW, { nbf: NOW.getTime() / 1000 + 120 });
      await assertRefused(verifierWith()(token), 'not-yet-valid');
    });

    it('answers 401 for time failures', async () => {
      const token = await issuer.sign(NOW, { exp: NOW.getTime() / 1000 - 3600 });
      assert.equal((await refusal(verifierWith()(token))).status, 401);
    });

    it('refuses a token without exp as malformed', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { exp: undefined })), 'malformed-token');
    });
  });

  describe('signature', () => {
    it('refuses a token signed by another key under the published kid', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, {}, { foreignKey: true })), 'invalid-signature');
    });

    it('refuses a token naming a kid Entra ID never published', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, {}, { kid: 'unknown-key' })), 'invalid-signature');
    });

    it('refuses an unsigned token (alg none)', async () => {
      await assertRefused(verifierWith()(issuer.unsigned(NOW)), 'invalid-signature');
    });

    it('refuses a token signed with a shared secret (HS256)', async () => {
      await assertRefused(verifierWith()(await issuer.signWithSecret(NOW)), 'invalid-signature');
    });

    it('refuses a token whose claims were changed after signing', async () => {
      const [header, , signature] = (await issuer.sign(NOW)).split('.');
      const otherClaims = (await issuer.sign(NOW, { oid: 'a0000000-0000-4000-8000-000000000000' })).split('.')[1];
      await assertRefused(verifierWith()(`${header}.${otherClaims}.${signature}`), 'invalid-signature');
    });
  });

  describe('malformed tokens', () => {
    for (const [label, token] of [
      ['an empty string', ''],
      ['a word', 'not-a-token'],
      ['three parts of nonsense', 'a.b.c'],
      ['a header that is not JSON', `${Buffer.from('{"alg":').toString('base64url')}.e30.c2ln`],
      ['an enormous token', 'x'.repeat(20_000)],
    ] as const) {
      it(`refuses ${label}`, async () => {
        await assertRefused(verifierWith()(token), 'malformed-token');
      });
    }

    it('refuses a token without oid', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { oid: undefined })), 'malformed-token');
    });

    it('refuses a token without tid', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { tid: undefined })), 'malformed-token');
    });

    it('refuses a token whose tid is not a tenant id', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { tid: 'contoso', iss: v2Issuer('contoso') })), 'malformed-token');
    });
  });

  describe('audience', () => {
    it('refuses a token for another application', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { aud: '00000003-0000-0000-c000-000000000000' })), 'wrong-audience');
    });

    it('refuses api://<another domain>/<app id>', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { aud: `api://evil.example.com/${APP_ID}` })), 'wrong-audience');
    });

    it('refuses the api:// form when BOT_DOMAIN is not configured', async () => {
      const token = await issuer.sign(NOW, { aud: `api://${BOT_DOMAIN}/${APP_ID}` });
      await assertRefused(verifierWith({ botDomain: null })(token), 'wrong-audience');
    });

    it('refuses a token without aud', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { aud: undefined })), 'wrong-audience');
    });
  });

  describe('issuer', () => {
    it('refuses an issuer that is not Entra ID', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { iss: `https://login.example.com/${TENANT_ID}/v2.0` })), 'wrong-issuer');
    });

    it('refuses an Entra ID issuer of another tenant than the token’s tid', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { iss: v2Issuer(OTHER_TENANT_ID) })), 'wrong-issuer');
      await assertRefused(verifierWith()(await issuer.sign(NOW, { iss: v1Issuer(OTHER_TENANT_ID) })), 'wrong-issuer');
    });

    it('refuses a token without iss', async () => {
      await assertRefused(verifierWith()(await issuer.sign(NOW, { iss: undefined })), 'malformed-token');
    });
  });

  describe('tenant', () => {
    const otherTenantToken = () => issuer.sign(NOW, { tid: OTHER_TENANT_ID, iss: v2Issuer(OTHER_TENANT_ID) });

    it('refuses a tenant outside ALLOWED_TENANTS with 403', async () => {
      const error = await refusal(verifierWith()(await otherTenantToken()));
      assert.equal(error.failure, 'tenant-not-allowed');
      assert.equal(error.status, 403);
    });

    it('trusts only the app’s own tenant when ALLOWED_TENANTS is empty', async () => {
      const verify = verifierWith({ allowedTenants: [], appTenantId: TENANT_ID });
      assert.equal((await verify(await issuer.sign(NOW))).tenantId, TENANT_ID);
      await assertRefused(verify(await otherTenantToken()), 'tenant-not-allowed');
    });

    it('trusts no tenant when neither ALLOWED_TENANTS nor the app’s tenant is configured', async () => {
      await assertRefused(verifierWith({ allowedTenants: [], appTenantId: null })(await issuer.sign(NOW)), 'tenant-not-allowed');
    });
  });

  describe('Entra ID key endpoint', () => {
    const endpoints: { close(): Promise<void> }[] = [];
    afterEach(async () => {
      await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
    });
    const remoteKeys = (url: string): SigningKeys => entraSigningKeys({ timeoutMs: 300, url });

    it('verifies against the keys the endpoint publishes, fetching them once', async () => {
      const endpoint = await keyEndpoint((res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(issuer.jwks));
      });
      endpoints.push(endpoint);
      const verify = verifierWith({ keys: remoteKeys(endpoint.url) });
      assert.equal((await verify(await issuer.sign(NOW))).aadObjectId, ANNA_OID);
      assert.equal((await verify(await issuer.sign(NOW, { name: 'Bo Berg' }))).name, 'Bo Berg');
      assert.equal(endpoint.requests(), 1);
    });

    it('says keys-unavailable (503) when nothing listens at the key endpoint', async () => {
      const closed = await keyEndpoint(() => undefined);
      const url = closed.url;
      await closed.close();
      const error = await refusal(verifierWith({ keys: remoteKeys(url) })(await issuer.sign(NOW)));
      assert.equal(error.failure, 'keys-unavailable');
      assert.equal(error.status, 503);
    });

    it('says keys-unavailable when the key endpoint does not answer in time', async () => {
      const hanging = await keyEndpoint(() => undefined);
      endpoints.push(hanging);
      await assertRefused(verifierWith({ keys: remoteKeys(hanging.url) })(await issuer.sign(NOW)), 'keys-unavailable');
    });

    it('says keys-unavailable when the key endpoint answers with an error', async () => {
      const failing = await keyEndpoint((res) => {
        res.writeHead(500);
        res.end('down for maintenance');
      });
      endpoints.push(failing);
      await assertRefused(verifierWith({ keys: remoteKeys(failing.url) })(await issuer.sign(NOW)), 'keys-unavailable');
    });

    it('still refuses a forged token when the keys are reachable', async () => {
      const endpoint = await keyEndpoint((res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(issuer.jwks));
      });
      endpoints.push(endpoint);
      await assertRefused(verifierWith({ keys: remoteKeys(endpoint.url) })(await issuer.sign(NOW, {}, { kid: 'unknown-key' })), 'invalid-signature');
    });
  });
});
