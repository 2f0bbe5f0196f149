/**
 * Who is asking the board API. Produced by the board authenticator (Entra ID token from Teams
 * SSO, or — only without an app id and only on loopback — a labelled development identity);
 * the board then checks that this person is on the meeting's roster.
 */
export interface BoardCaller {
  /** Entra ID object id (`oid` claim); roster members are matched on RosterMember.aadObjectId. */
  aadObjectId: string;
  tenantId: string | null;
  name: string | null;
  /** True for the local development identity; the board shows a banner when so. */
  development: boolean;
}

export type BoardAuthFailure =
  | 'missing-token'
  | 'malformed-token'
  | 'invalid-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'tenant-not-allowed'
  | 'keys-unavailable'
  | 'development-identity-refused';

/** Thrown by the authenticator; the HTTP layer answers 401 (or 403 for tenant-not-allowed). */
export class BoardAuthError extends Error {
  constructor(
    readonly failure: BoardAuthFailure,
    readonly status: 401 | 403 | 503 = failure === 'tenant-not-allowed' ? 403 : failure === 'keys-unavailable' ? 503 : 401,
    // The cause (e.g. why the signing keys could not be fetched) is for the operator's log only.
    options?: ErrorOptions,
  ) {
    super(`board request refused: ${failure}`, options);
    this.name = 'BoardAuthError';
  }
}

export interface BoardRequestCredentials {
  /** The Authorization header as received, e.g. `Bearer eyJ...`. */
  authorization: string | undefined;
  /** The development identity header (`x-samordna-dev-user`), honoured only as described above. */
  developmentUser: string | undefined;
  /** The TCP peer address of the request (not a forwarded header). */
  remoteAddress: string | undefined;
}

export type BoardAuthenticator = (credentials: BoardRequestCredentials) => Promise<BoardCaller>;
