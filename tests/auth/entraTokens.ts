import type { CryptoKey, JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import type { SigningKeys } from '../../services/auth/entraTokenVerifier';

/** The bot's app id and domain used by every token test; any GUID would do. */
export const APP_ID = '6f1c1a52-3c1e-4b8e-9a55-0d1b7e2f4a10';
export const BOT_DOMAIN = 'samordna.example.se';
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const OTHER_TENANT_ID = 'b4c5d6e7-0000-4a1b-8c2d-3e4f5a6b7c8d';
export const ANNA_OID = '0a3e5b6c-1d2e-4f50-9a8b-7c6d5e4f3a21';

const KEY_ID = 'entra-test-key';

export const v2Issuer = (tenantId: string) => `https://login.microsoftonline.com/${tenantId}/v2.0`;
export const v1Issuer = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;

/** Claims to change; `undefined` leaves the claim out of the token. */
export type ClaimChanges = Record<string, unknown>;

export interface SignOptions {
  kid?: string;
  /** Sign with a key Entra ID never published (same kid), as a forger would. */
  foreignKey?: boolean;
}

/**
 * Plays Entra ID for the tests: an RSA key pair of its own, the public half as the key set the
 * verifier trusts, and tokens shaped like Teams SSO access tokens, valid at `now` unless changed.
 */
export interface TestTokenIssuer {
  keys: SigningKeys;
  /** The public key set as Entra ID serves it (for a local key endpoint). */
  jwks: { keys: Record<string, unknown>[] };
  sign(now: Date, changes?: ClaimChanges, options?: SignOptions): Promise<string>;
  /** The same claims with a shared secret (HS256) instead of Entra ID's RSA key. */
  signWithSecret(now: Date, changes?: ClaimChanges): Promise<string>;
  /** The same claims, unsigned (`alg: none`). */
  unsigned(now: Date, changes?: ClaimChanges): string;
}

export function claimsAt(now: Date, changes: ClaimChanges = {}): JWTPayload {
  const seconds = Math.floor(now.getTime() / 1000);
  const claims: Record<string, unknown> = {
    aud: APP_ID,
    iss: v2Issuer(TENANT_ID),
    iat: seconds - 60,
    nbf: seconds - 60,
    exp: seconds + 3600,
    tid: TENANT_ID,
    oid: ANNA_OID,
    name: 'Anna Andersson',
    ver: '2.0',
    ...changes,
  };
  for (const [claim, value] of Object.entries(claims)) if (value === undefined) delete claims[claim];
  return claims as JWTPayload;
}

export async function createTestTokenIssuer(): Promise<TestTokenIssuer> {
  const jose = await import('jose');
  const entra = await jose.generateKeyPair('RS256', { extractable: true });
  const forger = await jose.generateKeyPair('RS256');
  const publicJwk = { ...(await jose.exportJWK(entra.publicKey)), kid: KEY_ID, use: 'sig', alg: 'RS256' };
  const jwks = { keys: [publicJwk] };

  const signWith = (key: CryptoKey | Uint8Array, alg: string, kid: string, claims: JWTPayload) =>
    new jose.SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(key);

  return {
    keys: jose.createLocalJWKSet(jwks),
    jwks,
    sign: (now, changes, options = {}) =>
      signWith(options.foreignKey ? forger.privateKey : entra.privateKey, 'RS256', options.kid ?? KEY_ID, claimsAt(now, changes)),
    signWithSecret: (now, changes) => signWith(new TextEncoder().encode('a shared secret that is long enough'), 'HS256', KEY_ID, claimsAt(now, changes)),
    unsigned: (now, changes) => {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT', kid: KEY_ID })}.${part(claimsAt(now, changes))}.`;
    },
  };
}
