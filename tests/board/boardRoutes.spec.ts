import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { createBoardAuthenticator } from '../../bot/board/boardAuthenticator';
import { registerBoardRoutes, reportPeriodFrom } from '../../bot/board/boardRoutes';
import { BoardAuthError, type BoardAuthenticator } from '../../services/auth/boardCaller';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import { meetingWithNurse, nurse, serviceFixture, type ServiceFixture } from '../support/serviceFixture';

describe('board routes', () => {
  describe('the report period of ?from&to', () => {
    const period = (query: string, today = '2026-11-24') => reportPeriodFrom(new URLSearchParams(query), today);

    it('defaults to the twelve months up to today', () => {
      assert.deepEqual(period(''), { ok: true, period: { from: '2025-11-25', to: '2026-11-24' } });
      assert.deepEqual(period('to=2026-06-30'), { ok: true, period: { from: '2025-07-01', to: '2026-06-30' } });
      assert.deepEqual(period('from=2026-01-01'), { ok: true, period: { from: '2026-01-01', to: '2026-11-24' } });
      assert.deepEqual(period('', '2028-02-29'), { ok: true, period: { from: '2027-03-02', to: '2028-02-29' } }, 'a leap day a year back is 1 March');
    });

    it('refuses malformed dates, a start after the end and too long a period, in Swedish', () => {
      for (const query of ['from=2026-02-30', 'from=20260101', 'to=2026-1-1', 'from=']) {
        const result = period(query);
        assert.ok(!result.ok && /ÅÅÅÅ-MM-DD/.test(result.error), query);
      }
      const backwards = period('from=2026-11-25&to=2026-11-24');
      assert.ok(!backwards.ok && /Från-datumet/.test(backwards.error));
      const long = period('from=2023-01-01&to=2026-11-24');
      assert.ok(!long.ok && /högst \d+ dagar/.test(long.error));
    });
  });

  describe('refusals from the authenticator', () => {
    let fixture: ServiceFixture;
    let server: restify.Server;
    let url: string;
    let meetingId: string;
    let authenticate: BoardAuthenticator;

    beforeEach(async () => {
      fixture = await serviceFixture();
      meetingId = (await meetingWithNurse(fixture.services)).meeting._id;
      server = restify.createServer({ handleUncaughtExceptions: false });
      registerBoardRoutes(server, { services: fixture.services, logger: createLogger('silent'), authenticate: (credentials) => authenticate(credentials) });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fixture.dispose();
    });

    const get = async (path: string) => {
      const response = await fetch(`${url}${path}`, { headers: { 'x-samordna-dev-user': nurse.aadObjectId! } });
      return { status: response.status, cache: response.headers.get('cache-control'), body: (await response.json()) as Record<string, unknown> };
    };

    it('answers with the error’s status and a Swedish text only', async () => {
      const cases: [BoardAuthError, number, RegExp][] = [
        [new BoardAuthError('expired'), 401, /inloggning har gått ut/],
        [new BoardAuthError('tenant-not-allowed'), 403, /organisation har inte tillgång/],
        [new BoardAuthError('keys-unavailable'), 503, /kan inte kontrolleras just nu/],
        [new BoardAuthError('invalid-signature'), 401, /inte inloggad/],
      ];
      for (const [error, status, text] of cases) {
        authenticate = async () => {
          throw error;
        };
        const answer = await get(`/api/board/meetings/${meetingId}`);
        assert.equal(answer.status, status, error.failure);
        assert.deepEqual(Object.keys(answer.body), ['error']);
        assert.match(String(answer.body.error), text);
        assert.equal(answer.cache, 'no-store');
      }
      assert.deepEqual(await fixture.services.repos.audit.find({ action: 'board.view' }), [], 'a refused request reads nothing');
    });

    it('refuses the development identity from another machine (the real authenticator, without an app id)', async () => {
      const real = createBoardAuthenticator({ config: loadConfig({}), logger: createLogger('silent'), clock: fixture.clock });
      authenticate = (credentials) => real({ ...credentials, remoteAddress: '10.20.30.40' });
      const answer = await get(`/api/board/meetings/${meetingId}`);
      assert.equal(answer.status, 401);
      assert.match(String(answer.body.error), /bara från den egna datorn/);
      authenticate = real;
      assert.equal((await get(`/api/board/meetings/${meetingId}`)).status, 200, 'from this machine it is accepted');
    });

    it('answers an unexpected failure with 500 and a Swedish text, never the error itself', async () => {
      authenticate = async () => {
        throw new Error('store exploded at /var/lib/secret');
      };
      const answer = await get(`/api/board/meetings/${meetingId}`);
      assert.equal(answer.status, 500);
      assert.deepEqual(answer.body, { error: 'Något gick fel. Försök igen om en stund.' });
    });
  });
});
