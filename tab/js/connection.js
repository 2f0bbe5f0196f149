// How the tab talks to Samordna: inside Teams with the single sign-on token, or — on this
// machine only, when Teams is not around — as a development user named in the address.

const TEAMS_INIT_TIMEOUT_MS = 2000;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export const DEVELOPMENT_BANNER = 'Utvecklingsläge — inte inloggad via Teams';

/** Fallback texts when the server's answer carries none (e.g. a proxy error page). */
const STATUS_TEXTS = {
  400: 'Förfrågan kunde inte tolkas.',
  401: 'Du är inte inloggad. Öppna tavlan i Teams igen.',
  403: 'Du finns inte med i mötets deltagarlista och kan därför inte se tavlan.',
  404: 'Mötet finns inte.',
  503: 'Tjänsten är inte tillgänglig just nu. Försök igen om en stund.',
};
const UNKNOWN_ERROR = 'Något gick fel. Försök igen om en stund.';
const NOT_IN_TEAMS = 'Tavlan kan bara visas i Microsoft Teams.';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

function isLoopbackHost(hostname) {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Connects to Teams if the page runs in it. Outside Teams the SDK either fails or never answers,
 * so it gets two seconds; after that a loopback host means development mode.
 * Returns { mode: 'teams', teams, context } | { mode: 'development', devUser } | { mode: 'none' }.
 */
export async function connect() {
  const teams = window.microsoftTeams;
  if (teams) {
    try {
      await withTimeout(teams.app.initialize(), TEAMS_INIT_TIMEOUT_MS);
      const context = await withTimeout(teams.app.getContext(), TEAMS_INIT_TIMEOUT_MS);
      return { mode: 'teams', teams, context };
    } catch {
      // Not in Teams: fall through.
    }
  }
  if (isLoopbackHost(location.hostname)) {
    return { mode: 'development', devUser: new URLSearchParams(location.search).get('devUser') ?? '' };
  }
  return { mode: 'none' };
}

async function headersFor(connection) {
  if (connection.mode === 'teams') {
    const token = await connection.teams.authentication.getAuthToken();
    return { Authorization: `Bearer ${token}` };
  }
  if (connection.mode === 'development') return { 'x-samordna-dev-user': connection.devUser };
  throw new ApiError(401, NOT_IN_TEAMS);
}

async function errorOf(response) {
  let message = STATUS_TEXTS[response.status] ?? UNKNOWN_ERROR;
  try {
    const body = await response.json();
    if (body && typeof body.error === 'string' && body.error !== '') message = body.error;
  } catch {
    // Not JSON: keep the fallback text.
  }
  return new ApiError(response.status, message);
}

/** GET an API path with the caller's credentials; resolves to the Response, rejects with ApiError. */
export async function apiGet(connection, path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json', ...(await headersFor(connection)) }, cache: 'no-store' });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, 'Samordna svarar inte. Kontrollera nätverket och försök igen.');
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function apiJson(connection, path) {
  return (await apiGet(connection, path)).json();
}

/**
 * GET that remembers the last version it saw: null when the server answers 304 (nothing changed),
 * so a page can poll every few seconds at the cost of a header.
 */
export async function apiPoll(connection, path, state) {
  let response;
  try {
    const headers = { Accept: 'application/json', ...(await headersFor(connection)) };
    if (state.etag) headers['If-None-Match'] = state.etag;
    response = await fetch(path, { headers, cache: 'no-store' });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, 'Samordna svarar inte. Kontrollera nätverket och försök igen.');
  }
  if (response.status === 304) return null;
  if (!response.ok) throw await errorOf(response);
  state.etag = response.headers.get('ETag');
  return response.json();
}

/** POST JSON with the caller's credentials; resolves to the answer's JSON, rejects with ApiError (carrying `issues` when the server named fields). */
export async function apiPost(connection, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(await headersFor(connection)) },
      body: JSON.stringify(body ?? {}),
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, 'Samordna svarar inte. Kontrollera nätverket och försök igen.');
  }
  if (response.ok) return response.json();
  const failure = await errorOf(response.clone());
  try {
    const answer = await response.json();
    if (answer && typeof answer.issues === 'object') failure.issues = answer.issues;
  } catch {
    // not JSON
  }
  throw failure;
}

/** The development banner, shown above everything else. */
export function showDevelopmentBanner(container) {
  const banner = document.createElement('p');
  banner.className = 'dev-banner';
  banner.setAttribute('role', 'note');
  banner.textContent = DEVELOPMENT_BANNER;
  container.prepend(banner);
}

/** An API failure as a readable message in the page's alert area. */
export function showError(area, error) {
  area.hidden = false;
  area.textContent = error instanceof ApiError ? error.message : UNKNOWN_ERROR;
}
