// What every request of the tab's API goes through: authentication (Teams SSO, or the development
// identity on this machine), no caching, the caller's roster entry, and Swedish `{ error }` answers.
import type restify from 'restify';
import { BOARD_TEXTS, STORE_FAILURE_TEXTS } from '../../cards';
import { isStoreWriteError } from '../../services/store/writeFailures';
import type { Services } from '../../services/app';
import { BoardAuthError, type BoardAuthenticator, type BoardAuthFailure, type BoardCaller } from '../../services/auth/boardCaller';
import type { Meeting, RosterMember, UserRef } from '../../services/domain/records';
import type { Logger } from '../../services/logger';
import { idFrom } from '../verbs/meetingContext';

export interface BoardRouteDependencies {
  services: Services;
  authenticate: BoardAuthenticator;
  logger: Logger;
}

const AUTH_FAILURE_TEXTS: Readonly<Record<BoardAuthFailure, string>> = {
  'missing-token': BOARD_TEXTS.notSignedIn,
  'malformed-token': BOARD_TEXTS.notSignedIn,
  'invalid-signature': BOARD_TEXTS.notSignedIn,
  'wrong-audience': BOARD_TEXTS.notSignedIn,
  'wrong-issuer': BOARD_TEXTS.notSignedIn,
  expired: BOARD_TEXTS.signInExpired,
  'not-yet-valid': BOARD_TEXTS.signInExpired,
  'tenant-not-allowed': BOARD_TEXTS.tenantNotAllowed,
  'keys-unavailable': BOARD_TEXTS.keysUnavailable,
  'development-identity-refused': BOARD_TEXTS.developmentIdentityRefused,
};

export function header(req: restify.Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function queryOf(req: restify.Request): URLSearchParams {
  return new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
}

export function refuse(res: restify.Response, status: number, error: string): void {
  res.send(status, { error });
}

export type BoardHandler = (req: restify.Request, res: restify.Response, caller: BoardCaller) => Promise<void>;

/**
 * Every board request: never cached, the caller authenticated first, and nothing but a Swedish
 * `{ error }` when something fails — no stack, no detail of why a token was refused.
 */
export function boardRoute({ authenticate, logger }: BoardRouteDependencies, handler: BoardHandler): restify.RequestHandler {
  return async (req, res) => {
    res.header('Cache-Control', 'no-store');
    try {
      const caller = await authenticate({
        authorization: header(req, 'authorization'),
        developmentUser: header(req, 'x-samordna-dev-user'),
        remoteAddress: req.socket.remoteAddress,
      });
      await handler(req, res, caller);
    } catch (error) {
      if (error instanceof BoardAuthError) {
        refuse(res, error.status, AUTH_FAILURE_TEXTS[error.failure]);
        return;
      }
      // The store has logged the fault once; the page shows the user that nothing was changed.
      if (isStoreWriteError(error)) {
        if (!res.headersSent) refuse(res, 503, STORE_FAILURE_TEXTS.http);
        return;
      }
      logger.error({ err: error, path: req.path() }, 'board request failed');
      if (!res.headersSent) refuse(res, 500, BOARD_TEXTS.unexpected);
    }
  };
}

/** The meeting of `:meetingId` and the caller's roster entry, or the refusal already sent. */
export async function meetingOfCaller(services: Services, req: restify.Request, res: restify.Response, caller: BoardCaller): Promise<{ meeting: Meeting; member: RosterMember } | null> {
  const meetingId = idFrom(req.params as Record<string, unknown>, 'meetingId');
  if (!meetingId) {
    refuse(res, 400, BOARD_TEXTS.invalidMeetingId);
    return null;
  }
  const meeting = await services.meetings.byId(meetingId);
  if (!meeting) {
    refuse(res, 404, BOARD_TEXTS.meetingNotFound);
    return null;
  }
  const member = await services.roster.memberByAad(meeting._id, caller.aadObjectId);
  if (!member) {
    refuse(res, 403, BOARD_TEXTS.notOnRoster);
    return null;
  }
  return { meeting, member };
}

export const actorOf = (member: RosterMember): UserRef => ({ id: member.userId, aadObjectId: member.aadObjectId, name: member.name });

