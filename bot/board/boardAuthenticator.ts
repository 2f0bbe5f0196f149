import { BlockList, isIP } from 'node:net';
import { BoardAuthError, type BoardAuthenticator, type BoardCaller, type BoardRequestCredentials } from '../../services/auth/boardCaller';
import { createEntraTokenVerifier, entraSigningKeys, type SigningKeys } from '../../services/auth/entraTokenVerifier';
import type { Config } from '../../services/config';
import type { Logger } from '../../services/logger';
import type { Clock } from '../../services/time/clock';

export interface BoardAuthenticatorOptions {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Where the token's signing key comes from; Entra ID's published keys unless given (tests). */
  keys?: SigningKeys;
}

const DEVELOPMENT_NAME = 'Utvecklingsidentitet';
/** An Entra object id is a GUID; the limit only keeps a silly header out of the logs and the store. */
const DEVELOPMENT_USER = /^[\w.:@-]{1,128}$/;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** True for the machine itself only; IPv4-mapped addresses (`::ffff:127.0.0.1`) count as IPv4. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const family = isIP(address);
  if (family === 4) return loopback.check(address, 'ipv4');
  if (family === 6) return loopback.check(address, 'ipv6');
  return false;
}

/**
 * Decides who is calling the board API. With an app id only a Teams SSO token counts. Without
 * one (local development) there is no audience a token could be checked against, so only the
 * labelled development identity is accepted, and only from this machine — anything reachable
 * from the network must run with an app id.
 */
export function createBoardAuthenticator(options: BoardAuthenticatorOptions): BoardAuthenticator {
  const { config, logger } = options;
  const appId = config.bot.appId;
  const authenticate = appId
    ? bearerTokenAuthenticator(
        createEntraTokenVerifier({
          appId,
          botDomain: config.botDomain,
          allowedTenants: config.allowedTenants,
          appTenantId: config.bot.appTenantId,
          clock: options.clock,
          keys: options.keys ?? entraSigningKeys({ timeoutMs: config.outboundTimeoutMs }),
        }),
      )
    : developmentAuthenticator;

  return async (credentials) => {
    try {
      return await authenticate(credentials);
    } catch (error) {
      if (!(error instanceof BoardAuthError)) throw error;
      // Never the token or the header itself: both are credentials.
      const entry = { failure: error.failure, status: error.status, remoteAddress: credentials.remoteAddress ?? null };
      if (error.failure === 'keys-unavailable') logger.warn({ ...entry, reason: describeCause(error.cause) }, 'board request refused: Entra ID signing keys unavailable');
      else logger.info(entry, 'board request refused');
      throw error;
    }
  };
}

function bearerTokenAuthenticator(verify: (token: string) => Promise<BoardCaller>): BoardAuthenticator {
  // The development header is not looked at here: with an app id it must never grant anything.
  return async ({ authorization }) => {
    if (!authorization || authorization.trim() === '') throw new BoardAuthError('missing-token');
    const bearer = BEARER.exec(authorization);
    // Another scheme (Basic, a cookie-style value) carries no bearer token at all.
    if (!bearer) throw new BoardAuthError(/^Bearer\b/i.test(authorization.trim()) ? 'malformed-token' : 'missing-token');
    return verify(bearer[1]!);
  };
}

async function developmentAuthenticator({ authorization, developmentUser, remoteAddress }: BoardRequestCredentials): Promise<BoardCaller> {
  // A token here means a client that believes SSO is configured while this server has no app id
  // to check its audience against: refuse rather than trust something we cannot check.
  if (authorization && authorization.trim() !== '') throw new BoardAuthError('wrong-audience');
  if (developmentUser === undefined) throw new BoardAuthError('missing-token');
  const aadObjectId = developmentUser.trim();
  if (!isLoopbackAddress(remoteAddress) || !DEVELOPMENT_USER.test(aadObjectId)) throw new BoardAuthError('development-identity-refused');
  return { aadObjectId, tenantId: null, name: DEVELOPMENT_NAME, development: true };
}

function describeCause(cause: unknown): string | null {
  if (!(cause instanceof Error)) return null;
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.name}: ${cause.message}${inner}`;
}
