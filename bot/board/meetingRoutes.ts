// The API behind the Teams meeting's side panel and stage (/tab/meeting.html, /tab/stage.html).
// Same sign-in and roster check as the board; the leader's controls call the very services the
// leader's cards call, so the channel's agenda, the card view and the side panel always agree.
import type restify from 'restify';
import { z } from 'zod';
import { meetingTimeLabel, MEETING_PANEL_TEXTS, RUN_TEXTS } from '../../cards';
import { buildLiveView, stageViewOf, type LiveView } from '../../services/meetings/meetingLive';
import { currentMeetingDay } from '../../services/time/meetingCalendar';
import type { Meeting, MeetingRun, RosterMember } from '../../services/domain/records';
import { decisionIssueMessages } from '../verbs/meetingRunVerbs';
import { idFrom } from '../verbs/meetingContext';
import { actorOf, boardRoute, meetingOfCaller, refuse, type BoardRouteDependencies } from './boardRequest';
import { BOARD_LABELS } from './boardRoutes';

const teamsMeetingIdParam = z.string().min(1).max(512);
const teamsMeetingIdOf = (req: restify.Request): string | null => teamsMeetingIdParam.safeParse((req.params as Record<string, unknown>).teamsMeetingId).data ?? null;
const linkBody = z.object({ meetingId: z.string().uuid(), chatId: z.string().min(1).max(512).optional() });
const pointBody = z.object({ point: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]), areaNote: z.string().max(1000).optional() });
const caseBody = z.object({ caseId: z.string().uuid() });
const text = z.string().max(2100).optional();
const decisionBody = z.object({
  caseId: z.string().uuid(),
  actions: text,
  responsible: z.string().max(200).optional(),
  followUpDate: z.string().max(20).optional(),
  sipNeeded: z.enum(['true', 'false']).optional(),
  sipCoordinator: z.string().max(200).optional(),
  escalate: z.enum(['true', 'false']).optional(),
  escalationReason: text,
});

type Found = { meeting: Meeting; member: RosterMember };

/** Live data is polled: an unchanged view is a 304, so a side panel open for an hour costs next to nothing. */
function sendVersioned(req: restify.Request, res: restify.Response, body: { version: string; [field: string]: unknown }): void {
  const etag = `"${body.version}"`;
  res.header('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.send(304);
    return;
  }
  res.send(200, body);
}

export function registerMeetingRoutes(server: restify.Server, dependencies: BoardRouteDependencies): void {
  const { services } = dependencies;
  const live = async (found: Found) => ({ ...(await buildLiveView(services, found.meeting, found.member)), labels: BOARD_LABELS });

  /** The run of today's meeting, for the leader's controls; null (refusal sent) otherwise. */
  async function leadersRun(res: restify.Response, found: Found): Promise<MeetingRun | null> {
    const { meetingDate, isToday } = currentMeetingDay(found.meeting, services.clock.now());
    const run = isToday ? await services.runs.runOf(found.meeting._id, meetingDate) : null;
    if (!(await services.leaders.mayChange(found.meeting, meetingDate, actorOf(found.member)))) {
      refuse(res, 403, RUN_TEXTS.onlyLeader);
      return null;
    }
    if (run?.status !== 'running') {
      refuse(res, 409, RUN_TEXTS.notRunning);
      return null;
    }
    return run;
  }

  const respond = async (res: restify.Response, found: Found, notice: string | null) => {
    const view: LiveView & { notice?: string } = await live(found);
    res.send(200, notice ? { ...view, notice } : view);
  };

  // Which Samordna meeting this Teams meeting holds (the page knows only the Teams meeting's id).
  server.get(
    '/api/meeting/teams/:teamsMeetingId',
    boardRoute(dependencies, async (req, res, caller) => {
      const teamsMeetingId = teamsMeetingIdOf(req);
      if (!teamsMeetingId) return refuse(res, 400, MEETING_PANEL_TEXTS.invalidTeamsMeeting);
      const link = await services.teamsMeetings.linkOf(teamsMeetingId);
      if (!link) return refuse(res, 404, MEETING_PANEL_TEXTS.notLinked);
      const member = await services.roster.memberByAad(link.meetingId, caller.aadObjectId);
      if (!member) return refuse(res, 403, MEETING_PANEL_TEXTS.notOnRoster);
      res.send(200, { meetingId: link.meetingId });
    }),
  );

  // The tab's configuration page in a meeting: the Teams meeting now holds this Samordna meeting.
  server.post(
    '/api/meeting/teams/:teamsMeetingId/link',
    boardRoute(dependencies, async (req, res, caller) => {
      const teamsMeetingId = teamsMeetingIdOf(req);
      const body = linkBody.safeParse(req.body);
      if (!teamsMeetingId || !body.success) return refuse(res, 400, MEETING_PANEL_TEXTS.invalidLink);
      const meeting = await services.meetings.byId(body.data.meetingId);
      const member = meeting ? await services.roster.memberByAad(meeting._id, caller.aadObjectId) : null;
      if (!meeting || !member) return refuse(res, 403, MEETING_PANEL_TEXTS.notOnRoster);
      await services.teamsMeetings.link(teamsMeetingId, meeting, actorOf(member), body.data.chatId ?? null);
      dependencies.logger.info({ meetingId: meeting._id }, 'Teams meeting linked to a Samordna meeting');
      res.send(200, { meetingId: meeting._id });
    }),
  );

  server.get(
    '/api/meeting/:meetingId/live',
    boardRoute(dependencies, async (req, res, caller) => {
      const found = await meetingOfCaller(services, req, res, caller);
      if (found) sendVersioned(req, res, await live(found));
    }),
  );

  // The stage: masked, and the same for every participant — no person's name, no SBAR.
  server.get(
    '/api/meeting/:meetingId/stage',
    boardRoute(dependencies, async (req, res, caller) => {
      const found = await meetingOfCaller(services, req, res, caller);
      if (found) sendVersioned(req, res, { ...stageViewOf(await buildLiveView(services, found.meeting, found.member)), labels: BOARD_LABELS });
    }),
  );

  server.post(
    '/api/meeting/:meetingId/start',
    boardRoute(dependencies, async (req, res, caller) => {
      const found = await meetingOfCaller(services, req, res, caller);
      if (!found) return;
      const { meetingDate } = currentMeetingDay(found.meeting, services.clock.now());
      const started = await services.runs.start(found.meeting, meetingDate, actorOf(found.member));
      switch (started.kind) {
        case 'started':
          return respond(res, found, null);
        case 'not_allowed':
          return refuse(res, 403, RUN_TEXTS.onlyLeader);
        case 'not_today':
          return refuse(res, 409, RUN_TEXTS.notToday);
        case 'agenda_not_posted':
          return refuse(res, 409, RUN_TEXTS.noAgenda);
        case 'ended':
          return refuse(res, 409, RUN_TEXTS.ended);
      }
    }),
  );

  /**
   * A leader's control of today's running meeting: the body checked first, then the caller's
   * roster entry and right to lead; `act` answers with the new view or a refusal.
   */
  const leaderControl = <T>(route: string, schema: z.ZodType<T>, invalidText: string, act: (res: restify.Response, found: Found, run: MeetingRun, body: T) => Promise<void>) =>
    server.post(
      `/api/meeting/:meetingId/${route}`,
      boardRoute(dependencies, async (req, res, caller) => {
        const body = schema.safeParse(req.body ?? {});
        if (!body.success) return refuse(res, 400, invalidText);
        const found = await meetingOfCaller(services, req, res, caller);
        const run = found ? await leadersRun(res, found) : null;
        if (found && run) await act(res, found, run, body.data);
      }),
    );

  leaderControl('point', pointBody, MEETING_PANEL_TEXTS.invalidPoint, async (res, found, run, body) => {
    await services.runs.moveTo(found.meeting, run, body.point, body.areaNote ?? null, actorOf(found.member));
    return respond(res, found, null);
  });

  leaderControl('accept', caseBody, MEETING_PANEL_TEXTS.invalidCase, async (res, found, run, body) => {
    const accepted = await services.runs.acceptLate(found.meeting, run, body.caseId, actorOf(found.member));
    if (!accepted) return refuse(res, 409, RUN_TEXTS.notOnAgenda);
    return respond(res, found, RUN_TEXTS.acceptedLate);
  });

  leaderControl('decisions', decisionBody, MEETING_PANEL_TEXTS.invalidDecision, async (res, found, run, body) => {
    const result = await services.runs.decide(found.meeting, run, body.caseId, actorOf(found.member), body);
    switch (result.kind) {
      case 'decided':
        return respond(res, found, RUN_TEXTS.decided(result.record.reference));
      case 'invalid':
        res.send(400, { error: MEETING_PANEL_TEXTS.checkFields, issues: decisionIssueMessages(result.issues) });
        return;
      case 'not_on_agenda':
        return refuse(res, 404, RUN_TEXTS.notOnAgenda);
      case 'not_allowed':
        return refuse(res, 403, RUN_TEXTS.onlyLeader);
      case 'not_running':
        return refuse(res, 409, RUN_TEXTS.notRunning);
    }
  });

  leaderControl('end', z.object({}), MEETING_PANEL_TEXTS.invalidRequest, async (res, found, run) => {
    const ended = await services.runs.end(found.meeting, run, actorOf(found.member));
    if (ended.kind !== 'ended') return refuse(res, 403, RUN_TEXTS.onlyLeader);
    return respond(res, found, RUN_TEXTS.endedSummary(ended.decided.length, ended.carriedOver.length, meetingTimeLabel(ended.nextMeetingDate, found.meeting.schedule.time)));
  });

  // The decision form's starting values: today's decision of the case, if any (the leader's own view, like the card's form).
  server.get(
    '/api/meeting/:meetingId/decisions/:caseId',
    boardRoute(dependencies, async (req, res, caller) => {
      const caseId = idFrom(req.params as Record<string, unknown>, 'caseId');
      if (!caseId) return refuse(res, 400, MEETING_PANEL_TEXTS.invalidCase);
      const found = await meetingOfCaller(services, req, res, caller);
      const run = found ? await leadersRun(res, found) : null;
      if (!found || !run) return;
      const record = (await services.runs.casesOf(found.meeting, run.meetingDate)).find((candidate) => candidate._id === caseId);
      if (!record) return refuse(res, 404, RUN_TEXTS.notOnAgenda);
      res.send(200, { caseId, reference: record.reference, masked: record.masked, values: services.runs.formValuesOf(record, run.meetingDate) });
    }),
  );
}
