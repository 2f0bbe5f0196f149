// Seeds a DATA_DIR as a large installation would have it after a year: meetings with their
// rosters and channels, their cases week after week (submitted, acknowledged, read, decided,
// closed, purged after the retention period), the kvittenser, the outbox's sent posts and the
// audit log. Everything goes through the services the server uses (CaseService.submit,
// AckService.confirm, AuditLog, RosterService, …) with a clock moved through the year; the
// meeting's outcome is written the way MeetingRunService leaves it. Each meeting's year is one
// store transaction, so seeding takes a minute rather than an hour.
import { randomUUID } from 'node:crypto';
import { activityFacts } from '../bot/activityFacts';
import { conversationInstall } from '../bot/conversationReference';
import { owedAcknowledgement } from '../services/acks/ackService';
import { createServices, type Services } from '../services/app';
import { loadKeyring } from '../services/crypto/loadKeyring';
import type { LocalDate, Role } from '../services/domain/codes';
import type { CaseRecord, Meeting, Occurrence, RosterMember } from '../services/domain/records';
import { createLogger } from '../services/logger';
import { plannedRuns } from '../services/scheduler/plannedRuns';
import type { DocumentStore } from '../services/store/documentStore';
import { openSqliteStore } from '../services/store/sqliteStore';
import { ManualClock, type Clock } from '../services/time/clock';
import { nextMeeting } from '../services/time/meetingCalendar';
import { addDays, localDateOf, zonedInstant } from '../services/time/stockholm';
import { withCheckDigit } from '../tests/support/identityNumbers';
import { validSbar } from '../tests/support/sbarFixtures';
import { botAddedToChannel, teamsUser, type TeamsUser } from '../tests/support/teamsActivities';

export interface ScaleShape {
  meetings: number;
  /** Past meeting days per meeting, each with `casesPerWeek` cases. */
  pastWeeks: number;
  casesPerWeek: number;
  /** Cases already submitted for each meeting's next meeting day. */
  upcomingCases: number;
  auditEntries: number;
  /** The first meetings whose roster also has the one manager the follow-up is measured for. */
  managedByOne: number;
}

export interface SeededMeeting {
  meetingId: string;
  channelId: string;
  weekday: number;
  nurse: TeamsUser;
}

export interface SeedReport {
  meetings: SeededMeeting[];
  /** On the roster of the first `managedByOne` meetings as a manager. */
  manager: TeamsUser;
  counts: Record<string, number>;
  seconds: number;
}

const ROLES: readonly Role[] = ['hc_nurse', 'home_health_nurse', 'social_worker', 'home_care', 'rehab', 'physician', 'manager', 'manager'];
const DAY = 24 * 60 * 60 * 1000;
const RETENTION_DAYS = 30;
/** Every tenth past case is escalated; a manager acknowledges it some hours later unless it is recent. */
const ESCALATED_EVERY = 10;
const OPEN_ESCALATION_WEEKS = 3;

export const channelIdOf = (meeting: number): string => `19:scale-${meeting}@thread.tacv2`;

/** A distinct valid personnummer per case: a day of 1930–1957 and a serial. */
function personnummer(index: number): string {
  const yy = 30 + (Math.floor(index / 336) % 28);
  const mm = 1 + (Math.floor(index / 28) % 12);
  const dd = 1 + (index % 28);
  const serial = String(100 + Math.floor(index / (336 * 28)) * 2).padStart(3, '0');
  const ten = withCheckDigit(`${yy}${String(mm).padStart(2, '0')}${String(dd).padStart(2, '0')}${serial}`);
  return `19${ten.slice(0, 6)}-${ten.slice(6)}`;
}

/** The services on a seeded DATA_DIR in this process (beside a running server, as `npm run job` opens them). */
export async function openSeededServices(dataDir: string, encryptionKey: string, clock: Clock): Promise<{ store: DocumentStore; services: Services }> {
  const store = await openSqliteStore({ dataDir });
  const keyring = await loadKeyring({ encryptionKey, previousEncryptionKeys: [], dataDir, store, logger: createLogger('silent'), clock });
  return { store, services: await createServices({ store, clock, keyring }) };
}

export async function seedScale(options: { dataDir: string; encryptionKey: string; serviceUrl: string; shape: ScaleShape; now: Date }): Promise<SeedReport> {
  const started = Date.now();
  const clock = new ManualClock(options.now);
  const { store, services } = await openSeededServices(options.dataDir, options.encryptionKey, clock);
  const { shape } = options;
  const seeded: SeededMeeting[] = [];
  const manager = teamsUser('Maria Chef');
  let caseNumber = 0;
  let auditWritten = 0;
  try {
    for (let m = 0; m < shape.meetings; m++) {
      clock.set(new Date(options.now.getTime() - (shape.pastWeeks + 2) * 7 * DAY));
      await store.transaction(async () => {
        const seededMeeting = await seedMeeting(services, m, options.serviceUrl, m < shape.managedByOne ? manager : null);
        seeded.push(seededMeeting.seeded);
        const { meeting, members } = seededMeeting;
        const next = nextMeeting(meeting, options.now).date;
        for (let week = shape.pastWeeks; week >= 0; week--) {
          const meetingDate = addDays(next, -7 * week);
          const count = week === 0 ? shape.upcomingCases : shape.casesPerWeek;
          for (let i = 0; i < count; i++) {
            const { written } = await seedCase(services, clock, meeting, members, meetingDate, caseNumber++, i, week, options.now);
            auditWritten += written;
          }
        }
        await markSent(services, meeting.conversationKey);
      });
    }
    // The log's other entries — openings of the board, mostly — up to the wanted size.
    await store.transaction(async () => {
      for (let i = 0; auditWritten < shape.auditEntries; i++, auditWritten++) {
        const meeting = seeded[i % seeded.length]!;
        clock.set(new Date(options.now.getTime() - ((i * 7919) % (300 * DAY))));
        await services.audit.recordMeetingEvent('board.view', meeting.nurse, 'Hälsocentralen', meeting.meetingId);
      }
    });
    await seedFinishedRuns(services, options.now);
    const counts: Record<string, number> = {};
    for (const name of ['meetings', 'roster', 'conversations', 'cases', 'acks', 'audit', 'outbox', 'occurrences'] as const) counts[name] = await services.repos[name].count({});
    return { meetings: seeded, manager, counts, seconds: (Date.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}

async function seedMeeting(services: Services, m: number, serviceUrl: string, manager: TeamsUser | null): Promise<{ seeded: SeededMeeting; meeting: Meeting; members: { user: TeamsUser; member: RosterMember }[] }> {
  const users = ROLES.map((role, i) => ({ role, user: teamsUser(`Deltagare ${m}-${i}`) }));
  if (manager) users.push({ role: 'manager', user: manager });
  const leader = users[0]!.user;
  const channelId = channelIdOf(m);
  const added = botAddedToChannel({ serviceUrl, channelId }, leader);
  const facts = activityFacts(added)!;
  await services.conversations.remember(conversationInstall(added as unknown as Parameters<typeof conversationInstall>[0], facts.place));
  const weekday = 1 + (m % 5);
  const setup = await services.meetings.setup(facts.place, leader, { area: `Område ${m}`, weekday: String(weekday), time: '13:00', durationMinutes: '90' });
  if (setup.kind !== 'saved') throw new Error(`meeting ${m}: ${setup.kind}`);
  const members: { user: TeamsUser; member: RosterMember }[] = [];
  for (const { role, user } of users) {
    const joined = await services.roster.join(setup.meeting._id, user, { role, organization: role.startsWith('hc') || role === 'physician' ? 'Hälsocentralen' : 'Kommunen' });
    if (joined.kind !== 'joined') throw new Error(`roster ${m}: ${joined.kind}`);
    members.push({ user, member: joined.member });
  }
  return { seeded: { meetingId: setup.meeting._id, channelId, weekday, nurse: leader }, meeting: setup.meeting, members };
}

/**
 * One case's life: submitted two days before its meeting, acknowledged, read, decided and closed
 * at the meeting, purged 30 days after; every tenth escalated to the managers, who acknowledge it
 * unless it is from the last weeks. An upcoming case (week 0) is only submitted and read. Returns
 * how many audit entries that wrote.
 */
async function seedCase(
  services: Services,
  clock: ManualClock,
  meeting: Meeting,
  members: readonly { user: TeamsUser; member: RosterMember }[],
  meetingDate: LocalDate,
  number: number,
  i: number,
  week: number,
  now: Date,
): Promise<{ written: number }> {
  const upcoming = week === 0;
  const submitter = members[i % 2 === 0 ? 0 : 1]!;
  const reader = members[2]!;
  clock.set(zonedInstant(addDays(meetingDate, upcoming ? -1 : -2), `0${8 + (i % 2)}:${String(10 + i).padStart(2, '0')}`));
  if (clock.now().getTime() > now.getTime()) clock.set(new Date(now.getTime() - (10 - i) * 60_000));
  const result = await services.cases.submit(
    meeting,
    submitter.member,
    submitter.user,
    validSbar({
      meetingId: meeting._id,
      personnummer: personnummer(number),
      patientName: `Patient ${number}`,
      transferDate: localDateOf(clock.now()),
      recipients: 'social_worker',
      agendaItem: i % 3 === 0 ? 'ongoing' : 'risk',
    }),
  );
  if (result.kind !== 'created') throw new Error(`case ${number}: ${result.kind}`);
  const record = result.record;
  clock.set(new Date(clock.now().getTime() + 45 * 60_000));
  await services.cases.read(record._id, reader.user, reader.member);
  if (upcoming) return { written: 2 };

  const [ack] = await services.acks.forCase(record._id);
  if (ack) await services.acks.confirm(ack._id, reader.user, reader.member);
  const decidedAt = zonedInstant(record.meetingDate, '13:40');
  clock.set(decidedAt);
  const leader = members[0]!;
  await services.audit.recordCaseEvent('case.decide', leader.user, leader.member.organization, record);
  const escalation = number % ESCALATED_EVERY === 0 ? owedAcknowledgement(meeting, record, 'manager', null, decidedAt) : null;
  const decision: NonNullable<CaseRecord['decision']> = {
    meetingDate: record.meetingDate,
    responsibleUserId: reader.user.id,
    followUpDate: null,
    sipNeeded: i % 4 === 0,
    sipCoordinatorUserId: i % 4 === 0 ? reader.user.id : null,
    escalate: escalation !== null,
    escalationAckId: escalation?._id ?? null,
    decidedBy: { id: leader.user.id, aadObjectId: leader.user.aadObjectId, name: leader.user.name },
    decidedAt,
    sealedText: services.keyring.sealJson({ actions: 'Hembesök av hemsjukvården inom en vecka; hemtjänsten ökar tillsynen.', escalationReason: null }),
  };
  let written = 5;
  if (escalation) {
    await services.repos.acks.insertOne(escalation);
    await services.audit.recordCaseEvent('case.escalate', leader.user, leader.member.organization, record);
    written++;
  }
  const closedAt = zonedInstant(record.meetingDate, '14:30');
  clock.set(closedAt);
  await services.audit.recordCaseEvent('case.close', leader.user, leader.member.organization, record);
  if (escalation && week > OPEN_ESCALATION_WEEKS) {
    const manager = members.find((candidate) => candidate.member.role === 'manager')!;
    clock.set(new Date(decidedAt.getTime() + (1 + (number % 47)) * 60 * 60_000));
    await services.acks.confirm(escalation._id, manager.user, manager.member);
    written++;
  }
  const purgedAt = new Date(closedAt.getTime() + (RETENTION_DAYS + 1) * DAY);
  const purge = purgedAt.getTime() < now.getTime();
  await services.repos.cases.updateOne(
    { _id: record._id },
    { $set: { status: 'closed', decision: purge ? { ...decision, sealedText: null } : decision, closedAt, ...(purge ? { sealed: null, purgedAt } : {}) } },
  );
  return { written };
}

/** What the outbox worker would have done long ago: every post and update of the meeting sent. */
async function markSent(services: Services, conversationKey: string): Promise<void> {
  for (const message of await services.repos.outbox.find({ conversationKey, status: 'pending' })) {
    const sentAt = new Date(message.createdAt.getTime() + 1500);
    await services.repos.outbox.updateOne({ _id: message._id }, { $set: { status: 'sent', attempts: 1, sentAt, sentActivityId: `act-${randomUUID()}` } });
  }
}

/** The scheduler's runs of the last days (and the next), done: a restart has nothing to catch up. */
async function seedFinishedRuns(services: Services, now: Date): Promise<void> {
  const meetings = await services.repos.meetings.find({});
  const runs = plannedRuns(meetings, new Date(now.getTime() - 3 * DAY), new Date(now.getTime() + DAY));
  await services.store.transaction(async () => {
    for (const run of runs) {
      const occurrence: Occurrence = {
        _id: run.key,
        job: run.job,
        meetingId: run.meetingId,
        dueAt: run.dueAt,
        status: 'done',
        attempts: 1,
        leaseUntil: null,
        owner: 'seed',
        startedAt: run.dueAt,
        finishedAt: new Date(run.dueAt.getTime() + 2000),
        note: null,
      };
      await services.repos.occurrences.insertOne(occurrence);
    }
  });
}
