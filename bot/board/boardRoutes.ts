import type restify from 'restify';
import { z } from 'zod';
import {
  AGENDA_POINT_TITLES,
  BOARD_SIDE_LABELS,
  BOARD_STATE_LABELS,
  BOARD_TEXTS,
  CASE_STATUS_LABELS,
  ROLE_LABELS,
  URGENCY_LABELS,
  capitalize,
  weekdayName,
} from '../../cards';
import { adherenceReportCsv, adherenceReportRows, buildAdherenceReport, MAX_REPORT_DAYS, reportPeriodSchema, type ReportPeriod } from '../../services/board/adherenceReport';
import { boardMeetingsOf, buildBoardView } from '../../services/board/boardView';
import type { Weekday } from '../../services/domain/codes';
import { AGENDA_ITEM_LABELS } from '../../services/domain/labels.sv';
import { addDays, isValidLocalDate, localDateOf } from '../../services/time/stockholm';
import { actorOf, boardRoute, meetingOfCaller, queryOf, refuse, type BoardRouteDependencies } from './boardRequest';
import { registerStaticTab } from './staticTab';

export type { BoardRouteDependencies };

/** The Swedish names of the codes the board view carries, from the same place the cards take them. */
export const BOARD_LABELS = {
  roles: ROLE_LABELS,
  urgencies: URGENCY_LABELS,
  agendaPoints: AGENDA_POINT_TITLES,
  agendaItems: AGENDA_ITEM_LABELS,
  weekdays: Object.fromEntries(([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((day) => [day, capitalize(weekdayName(day))])),
  sides: BOARD_SIDE_LABELS,
  states: BOARD_STATE_LABELS,
  caseStatuses: CASE_STATUS_LABELS,
};

const conversationQuery = z.object({ conversationId: z.string().min(1).max(256).optional() });

const localDate = z.string().refine(isValidLocalDate, BOARD_TEXTS.invalidDate);
const periodQuery = z.object({ from: localDate.optional(), to: localDate.optional() });

/** The same calendar day a year earlier (29 February → 1 March), plus one: twelve months ending `to`. */
function twelveMonthsEnding(to: string): string {
  const [year, month, day] = to.split('-').map(Number) as [number, number, number];
  return addDays(new Date(Date.UTC(year - 1, month - 1, day)).toISOString().slice(0, 10), 1);
}

/** `?from&to`, both optional: the last twelve months up to today unless given. */
export function reportPeriodFrom(query: URLSearchParams, today: string): { ok: true; period: ReportPeriod } | { ok: false; error: string } {
  const parsed = periodQuery.safeParse({ from: query.get('from') ?? undefined, to: query.get('to') ?? undefined });
  if (!parsed.success) return { ok: false, error: BOARD_TEXTS.invalidDate };
  const to = parsed.data.to ?? (parsed.data.from && parsed.data.from > today ? parsed.data.from : today);
  const from = parsed.data.from ?? twelveMonthsEnding(to);
  // The report's own rule for a period; only the wording is the board's.
  const period = reportPeriodSchema.safeParse({ from, to });
  if (period.success) return { ok: true, period: period.data };
  return { ok: false, error: period.error.issues[0]!.message === 'from_after_to' ? BOARD_TEXTS.fromAfterTo : BOARD_TEXTS.periodTooLong(MAX_REPORT_DAYS) };
}

/** The board's pages under /tab, and its API under /api/board that they call with the Teams SSO token. */
export function registerBoardRoutes(server: restify.Server, dependencies: BoardRouteDependencies): void {
  const { services } = dependencies;

  server.get(
    '/api/board/meetings',
    boardRoute(dependencies, async (req, res, caller) => {
      const query = conversationQuery.safeParse({ conversationId: queryOf(req).get('conversationId') ?? undefined });
      if (!query.success) return refuse(res, 400, BOARD_TEXTS.invalidConversationId);
      const meetings = await boardMeetingsOf(services, caller.aadObjectId, query.data.conversationId ?? null);
      res.send(200, { development: caller.development, meetings, labels: { weekdays: BOARD_LABELS.weekdays } });
    }),
  );

  server.get(
    '/api/board/meetings/:meetingId',
    boardRoute(dependencies, async (req, res, caller) => {
      const found = await meetingOfCaller(services, req, res, caller);
      if (!found) return;
      // Written before the view is sent: every look at the board is in the log.
      await services.audit.recordMeetingEvent('board.view', actorOf(found.member), found.member.organization, found.meeting._id);
      const view = await buildBoardView(services, found.meeting, found.member);
      res.send(200, { ...view, development: caller.development, labels: BOARD_LABELS });
    }),
  );

  const report = (format: 'json' | 'csv') =>
    boardRoute(dependencies, async (req, res, caller) => {
      const found = await meetingOfCaller(services, req, res, caller);
      if (!found) return;
      const period = reportPeriodFrom(queryOf(req), localDateOf(services.clock.now()));
      if (!period.ok) return refuse(res, 400, period.error);
      await services.audit.recordMeetingEvent('board.report', actorOf(found.member), found.member.organization, found.meeting._id);
      const built = await buildAdherenceReport(services, found.meeting, period.period);
      if (format === 'json') {
        // The rows are the CSV's: the page shows exactly the numbers a download gives.
        res.send(200, { ...built, rows: adherenceReportRows(built) });
        return;
      }
      res.header('Content-Type', 'text/csv; charset=utf-8');
      res.header('Content-Disposition', `attachment; filename="samordna-uppfoljning-${period.period.from}-${period.period.to}.csv"`);
      res.sendRaw(200, adherenceReportCsv(built));
    });
  server.get('/api/board/meetings/:meetingId/report', report('json'));
  server.get('/api/board/meetings/:meetingId/report.csv', report('csv'));
  registerStaticTab(server);
}
