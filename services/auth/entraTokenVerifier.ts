import type { CompactJWSHeaderParameters, FlattenedJWSInput, JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { Clock } from '../time/clock';
import { BoardAuthError, type BoardAuthFailure, type BoardCaller } from './boardCaller';

/** Where the verifier gets a token's signing key: Entra ID's published keys, or a local set in tests. */
export type SigningKeys = JWTVerifyGetKey;

// jose is an ES module; this CommonJS build reaches it through import(), loaded once.
let josePromise: ReturnType<typeof importJose> | undefined;
const importJose = () => import('jose');
const loadJose = () => (josePromise ??= importJose());
type Jose = Awaited<ReturnType<typeof importJose>>;

/** Entra ID publishes the signing keys of every tenant here (v1 and v2 tokens alike). */
export const ENTRA_SIGNING_KEYS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/** Clocks of Teams clients and Entra ID drift a little; a minute is the usual allowance. */
const CLOCK_TOLERANCE_SECONDS = 60;
/**
 * An unknown `kid` makes jose fetch the keys again; the cool-down keeps a stream of forged
 * tokens from turning into a stream of requests to Entra ID.
 */
const KEYS_COOLDOWN_MS = 60_000;
const KEYS_MAX_AGE_MS = 60 * 60_000;
/** Real Teams SSO tokens are a few kilobytes; anything far larger is not worth parsing. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EntraTokenVerifierOptions {
  /** The bot's Entra ID app id (MicrosoftAppId); the SSO token is issued for it. */
  appId: string;
  /** BOT_DOMAIN; with it, `api://<domain>/<app id>` is accepted as audience too. */
  botDomain: string | null;
  /** ALLOWED_TENANTS; when empty, only `appTenantId` is trusted. */
  allowedTenants: readonly string[];
  appTenantId: string | null;
  clock: Clock;
  keys: SigningKeys;
}

/** Checks a Teams SSO access token and says who sent it; refuses with a BoardAuthError. */
export type EntraTokenVerifier = (token: string) => Promise<BoardCaller>;

/** Entra ID's published keys, fetched with the same time limit as every other outbound call. */
export function entraSigningKeys(options: { timeoutMs: number; url?: string }): SigningKeys {
  let remote: Promise<SigningKeys> | undefined;
  return async (header, token) => {
    remote ??= loadJose().then((jose) =>
      jose.createRemoteJWKSet(new URL(options.url ?? ENTRA_SIGNING_KEYS_URL), {
        timeoutDuration: options.timeoutMs,
        cooldownDuration: KEYS_COOLDOWN_MS,
        cacheMaxAge: KEYS_MAX_AGE_MS,
      }),
    );
    return (await remote)(header, token);
  };
}

/** Marks a failure to obtain the keys, as opposed to a token that names no known key. */
class KeysUnavailable extends Error {}

function guardKeyLookup(jose: Jose, keys: SigningKeys): SigningKeys {
  return async (header: CompactJWSHeaderParameters, token: FlattenedJWSInput) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (error instanceof jose.errors.JWKSNoMatchingKey || error instanceof jose.errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeysUnavailable('the signing keys could not be obtained', { cause: error });
    }
  };
}

export function createEntraTokenVerifier(options: EntraTokenVerifierOptions): EntraTokenVerifier {
  const audiences = [options.appId, ...(options.botDomain ? [`api://${options.botDomain}/${options.appId}`] : [])];
  const trustedTenants = new Set(
    (options.allowedTenants.length > 0 ? options.allowedTenants : options.appTenantId ? [options.appTenantId] : []).map((tenant) => tenant.toLowerCase()),
  );

  return async (token) => {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new BoardAuthError('malformed-token');
    const jose = await loadJose();
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, guardKeyLookup(jose, options.keys), {
        algorithms: ['RS256'],
        audience: audiences,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: options.clock.now(),
      }));
    } catch (error) {
      // Only the key endpoint's trouble goes along as cause: a claims error carries the token's claims.
      if (error instanceof KeysUnavailable) throw new BoardAuthError('keys-unavailable', undefined, { cause: error.cause });
      throw new BoardAuthError(failureOf(jose, error));
    }

    const tenantId = stringClaim(payload, 'tid');
    const objectId = stringClaim(payload, 'oid');
    if (!tenantId || !TENANT_ID.test(tenantId) || !objectId) throw new BoardAuthError('malformed-token');
    // Entra ID signs every tenant's tokens with the same keys, so the issuer must be the token's own tenant.
    if (payload.iss !== `https://login.microsoftonline.com/${tenantId}/v2.0` && payload.iss !== `https://sts.windows.net/${tenantId}/`) {
      throw new BoardAuthError('wrong-issuer');
    }
    if (!trustedTenants.has(tenantId.toLowerCase())) throw new BoardAuthError('tenant-not-allowed');
    return { aadObjectId: objectId, tenantId, name: stringClaim(payload, 'name'), development: false };
  };
}

function stringClaim(payload: JWTPayload, claim: string): string | null {
  const value = payload[claim];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function failureOf(jose: Jose, error: unknown): BoardAuthFailure {
  const { errors } = jose;
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'wrong-audience';
    if (error.claim === 'nbf' && error.reason === 'check_failed') return 'not-yet-valid';
    return 'malformed-token';
  }
  // An unknown key, a key of another kind and a signing algorithm we do not accept (`none`, HS256)
  // all mean the same thing: Entra ID did not sign this token.
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return 'invalid-signature';
  }
  return 'malformed-token';
}
