// The personal tab's API (/api/personal): "Mina ärenden" for everyone on a roster, and the
// managers' Uppföljning across the meetings they manage. Same sign-in, tenant check and Swedish
// refusals as the board (boardRoute); each answer is built from the caller's own roster entries,
// and every look is audited as the card's look is.
import type restify from 'restify';
import { z } from 'zod';
import { ackAlreadyConfirmed, BOARD_TEXTS, formatInstant, MY_CASES_TEXTS, notYourAckRole, roleLabel } from '../../cards';
import { mayConfirm } from '../../services/acks/ackState';
import { MAX_REPORT_DAYS, reportPeriodSchema, type ReportPeriod } from '../../services/adherence/period';
import type { Services } from '../../services/app';
import { caseHistory } from '../../services/cases/caseHistory';
import { myWork } from '../../services/cases/myWork';
import type { MyWork } from '../../services/domain/caseViews';
import type { RosterMember } from '../../services/domain/records';
import { buildFollowup, managedMeetingsOf } from '../../services/followup/followup';
import { meetingTitle, weekdayLabel } from '../../services/followup/followupLabels.sv';
import { followupCsv } from '../../services/followup/followupRows';
import { isValidLocalDate, localDateOf } from '../../services/time/stockholm';
import { actorOf, boardRoute, queryOf, refuse, type BoardRouteDependencies } from '../board/boardRequest';
import { BOARD_LABELS } from '../board/boardRoutes';
import { PERSONAL_TEXTS } from './personalTexts.sv';

const LABELS = { ...BOARD_LABELS, texts: PERSONAL_TEXTS, myCases: { title: MY_CASES_TEXTS.title, nothing: MY_CASES_TEXTS.nothing, noMeetings: MY_CASES_TEXTS.noMeetings } };

const id = z.string().uuid();
const ackParams = z.object({ ackId: id });
const caseParams = z.object({ caseId: id });
const emptyBody = z.object({}).strict();
const followupQuery = z
  .object({
    from: z.string().max(10).refine(isValidLocalDate).optional(),
    to: z.string().max(10).refine(isValidLocalDate).optional(),
    meetingId: z.string().max(64).optional(),
  })
  .strict();

/** `?from&to[&meetingId]`: this calendar year up to today unless given; the yearly report's rule for a period. */
export function followupRequestFrom(query: URLSearchParams, today: string): { ok: true; period: ReportPeriod; meetingId: string | undefined } | { ok: false; error: string } {
  const raw: Record<string, string> = {};
  for (const [key, value] of query) {
    if (key in raw) return { ok: false, error: PERSONAL_TEXTS.invalidQuery };
    raw[key] = value;
  }
  const parsed = followupQuery.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    return { ok: false, error: field === 'from' || field === 'to' ? BOARD_TEXTS.invalidDate : field === 'meetingId' ? PERSONAL_TEXTS.invalidMeetingId : PERSONAL_TEXTS.invalidQuery };
  }
  if (parsed.data.meetingId !== undefined && !id.safeParse(parsed.data.meetingId).success) return { ok: false, error: PERSONAL_TEXTS.invalidMeetingId };
  const to = parsed.data.to ?? today;
  const from = parsed.data.from ?? `${to.slice(0, 4)}-01-01`;
  const period = reportPeriodSchema.safeParse({ from, to });
  if (!period.success) return { ok: false, error: period.error.issues[0]!.message === 'from_after_to' ? BOARD_TEXTS.fromAfterTo : BOARD_TEXTS.periodTooLong(MAX_REPORT_DAYS) };
  return { ok: true, period: period.data, meetingId: parsed.data.meetingId };
}

/** Every roster entry of the caller: one per meeting. */
function membershipsOf(services: Services, aadObjectId: string): Promise<RosterMember[]> {
  return services.repos.roster.find({ aadObjectId });
}

/** "Mina ärenden" across the caller's meetings, audited per meeting covered as the card is (`cases.mine`). */
async function mineOf(services: Services, memberships: readonly RosterMember[]): Promise<MyWork> {
  if (memberships.length === 0) return { today: localDateOf(services.clock.now()), acks: [], responsible: [], submitted: [], sip: [] };
  for (const member of memberships) await services.audit.recordMeetingEvent('cases.mine', actorOf(member), member.organization, member.meetingId);
  return myWork(services, memberships[0]!.userId);
}

async function meetingLabelsOf(services: Services, memberships: readonly RosterMember[]): Promise<Record<string, string>> {
  if (memberships.length === 0) return {};
  const meetings = await services.repos.meetings.find({ _id: { $in: memberships.map((member) => member.meetingId) } });
  return Object.fromEntries(meetings.map((meeting) => [meeting._id, meetingTitle(meeting)]));
}

export function registerPersonalRoutes(server: restify.Server, dependencies: BoardRouteDependencies): void {
  const { services } = dependencies;
  const params = (req: restify.Request) => (req.params ?? {}) as Record<string, unknown>;

  server.get(
    '/api/personal/me',
    boardRoute(dependencies, async (_req, res, caller) => {
      const memberships = await membershipsOf(services, caller.aadObjectId);
      const managed = await managedMeetingsOf(services, caller.aadObjectId);
      res.send(200, {
        development: caller.development,
        // The name colleagues see on the roster; the token's (or the development label) for someone on none.
        user: { name: memberships[0]?.name ?? caller.name ?? null },
        onAnyRoster: memberships.length > 0,
        isManager: managed.length > 0,
        managedMeetings: managed.map(({ meeting }) => ({
          meetingId: meeting._id,
          title: meetingTitle(meeting),
          area: meeting.area,
          weekdayLabel: weekdayLabel(meeting.schedule.weekday),
          time: meeting.schedule.time,
        })),
        labels: LABELS,
      });
    }),
  );

  server.get(
    '/api/personal/mycases',
    boardRoute(dependencies, async (_req, res, caller) => {
      const memberships = await membershipsOf(services, caller.aadObjectId);
      const mine = await mineOf(services, memberships);
      res.send(200, { mine, meetings: await meetingLabelsOf(services, memberships), labels: LABELS });
    }),
  );

  // Kvittera, from Mina ärenden or an open escalation: the service call and audit of the card's button.
  server.post(
    '/api/personal/acks/:ackId/confirm',
    boardRoute(dependencies, async (req, res, caller) => {
      const parsedParams = ackParams.safeParse(params(req));
      if (!parsedParams.success) return refuse(res, 400, PERSONAL_TEXTS.invalidAckId);
      if (!emptyBody.safeParse(req.body ?? {}).success) return refuse(res, 400, PERSONAL_TEXTS.invalidBody);
      const ack = await services.acks.byId(parsedParams.data.ackId);
      if (!ack) return refuse(res, 404, PERSONAL_TEXTS.ackNotFound);
      const member = await services.roster.memberByAad(ack.meetingId, caller.aadObjectId);
      // Off the meeting's roster nobody may confirm (the service decides the rest); the refusal names the role, as the card's does.
      if (!member) return refuse(res, 403, notYourAckRole(roleLabel(ack.role)));
      const result = await services.acks.confirm(ack._id, actorOf(member), member);
      switch (result.kind) {
        case 'not_found':
          return refuse(res, 404, PERSONAL_TEXTS.ackNotFound);
        case 'not_your_role':
          return refuse(res, 403, notYourAckRole(roleLabel(result.ack.role)));
        case 'already_confirmed':
          return refuse(res, 409, ackAlreadyConfirmed(result.ack.confirmedBy?.name ?? '', result.ack.confirmedAt ? formatInstant(result.ack.confirmedAt) : ''));
        case 'confirmed': {
          const mine = await mineOf(services, await membershipsOf(services, caller.aadObjectId));
          res.send(200, { notice: MY_CASES_TEXTS.acknowledged(result.ack.caseReference), late: result.late, mine });
          return;
        }
      }
    }),
  );

  // The private case view of the card's "Visa ärendet": roster members of the case's meeting only, audited as `case.read`.
  server.get(
    '/api/personal/cases/:caseId',
    boardRoute(dependencies, async (req, res, caller) => {
      const parsedParams = caseParams.safeParse(params(req));
      if (!parsedParams.success) return refuse(res, 400, PERSONAL_TEXTS.invalidCaseId);
      const found = await services.cases.byId(parsedParams.data.caseId);
      if (!found) return refuse(res, 404, PERSONAL_TEXTS.caseNotFound);
      const member = await services.roster.memberByAad(found.meetingId, caller.aadObjectId);
      if (!member) return refuse(res, 403, PERSONAL_TEXTS.notOnCaseRoster);
      const actor = actorOf(member);
      const result = await services.cases.read(found._id, actor, member, 'case.read');
      if (result.kind === 'not_found') return refuse(res, 404, PERSONAL_TEXTS.caseNotFound);
      if (result.kind === 'not_a_member') return refuse(res, 403, PERSONAL_TEXTS.notOnCaseRoster);
      const { record, sensitive } = result;
      const meeting = await services.meetings.byId(record.meetingId);
      const history = await caseHistory(services, record);
      res.send(200, {
        caseId: record._id,
        reference: record.reference,
        masked: record.masked,
        status: record.status,
        agendaItem: record.agendaItem,
        urgency: record.urgency,
        meetingId: record.meetingId,
        meetingTitle: meeting ? meetingTitle(meeting) : null,
        meetingDate: record.meetingDate,
        riskGroups: record.riskGroups,
        cfs: record.cfs,
        recipients: record.recipients,
        medicationListCurrent: record.medicationListCurrent,
        sampleReferral: record.sampleReferral,
        transferDate: record.transferDate,
        readyForDischargeAt: record.readyForDischargeAt,
        submittedBy: { name: record.submittedBy.name, profession: record.submitterProfession },
        submittedAt: record.submittedAt,
        // Null once the retention period has purged the content.
        sbar: sensitive,
        decisions: history.decisions.map((decision) => ({
          meetingDate: decision.meetingDate,
          actions: decision.actions,
          responsibleName: decision.responsible.name,
          followUpDate: decision.followUpDate,
          sipNeeded: decision.sipNeeded,
          sipCoordinatorName: decision.sipCoordinator?.name ?? null,
          sipSummonsDue: decision.sipSummonsDue,
          escalated: decision.escalated,
          escalationReason: decision.escalationReason,
          decidedBy: decision.decidedBy.name,
          decidedAt: decision.decidedAt,
        })),
        acknowledgements: history.acknowledgements.map((ack) => ({
          ackId: ack._id,
          role: ack.role,
          status: ack.status,
          dueAt: ack.dueAt,
          confirmedBy: ack.confirmedBy?.name ?? null,
          confirmedAt: ack.confirmedAt,
          mayConfirm: ack.status === 'open' && mayConfirm(ack, member.userId, member),
        })),
        events: history.events,
        labels: LABELS,
      });
    }),
  );

  const followup = (format: 'json' | 'csv') =>
    boardRoute(dependencies, async (req, res, caller) => {
      const request = followupRequestFrom(queryOf(req), localDateOf(services.clock.now()));
      if (!request.ok) return refuse(res, 400, request.error);
      const result = await buildFollowup(services, {
        aadObjectId: caller.aadObjectId,
        period: request.period,
        ...(request.meetingId !== undefined ? { meetingId: request.meetingId } : {}),
      });
      if (result.kind === 'not_a_manager') return refuse(res, 403, PERSONAL_TEXTS.notAManager);
      if (result.kind === 'meeting_not_found') return refuse(res, 404, PERSONAL_TEXTS.meetingNotManaged);
      if (format === 'json') {
        res.send(200, result.view);
        return;
      }
      res.header('Content-Type', 'text/csv; charset=utf-8');
      res.header('Content-Disposition', `attachment; filename="samordna-uppfoljning-${request.period.from}-${request.period.to}.csv"`);
      res.sendRaw(200, followupCsv(result.view));
    });
  server.get('/api/personal/followup', followup('json'));
  server.get('/api/personal/followup.csv', followup('csv'));
}
