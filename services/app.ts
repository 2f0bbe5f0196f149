import { AckService } from './acks/ackService';
import { AuditLog } from './audit/auditLog';
import { CaseService } from './cases/caseService';
import { ConversationService } from './conversations/conversationService';
import type { Keyring } from './crypto/keyring';
import { LeaderService } from './meetings/leaderService';
import { MeetingRunService } from './meetings/meetingRunService';
import { MeetingService } from './meetings/meetingService';
import { TeamsMeetingService } from './meetings/teamsMeetingService';
import { Outbox } from './outbox/outbox';
import { RosterService } from './roster/rosterService';
import type { DocumentStore } from './store/documentStore';
import { openRepositories, type Repositories } from './store/repositories';
import type { Clock } from './time/clock';

/** The domain as the bot layer sees it: one object, wired once at start-up. */
export interface Services {
  store: DocumentStore;
  repos: Repositories;
  clock: Clock;
  keyring: Keyring;
  audit: AuditLog;
  conversations: ConversationService;
  meetings: MeetingService;
  leaders: LeaderService;
  runs: MeetingRunService;
  teamsMeetings: TeamsMeetingService;
  roster: RosterService;
  cases: CaseService;
  acks: AckService;
  outbox: Outbox;
}

export async function createServices(options: {
  store: DocumentStore;
  clock: Clock;
  keyring: Keyring;
  onOutboxDispatch?: (conversationKeys: readonly string[]) => void;
}): Promise<Services> {
  const { store, clock, keyring } = options;
  const repos = await openRepositories(store);
  const audit = new AuditLog(repos.audit, clock);
  const outbox = new Outbox(repos.outbox, clock, options.onOutboxDispatch);
  const acks = new AckService(repos, audit, outbox, clock);
  const leaders = new LeaderService(repos, clock);
  const conversations = new ConversationService(repos.conversations, clock);
  return {
    store,
    repos,
    clock,
    keyring,
    audit,
    conversations,
    meetings: new MeetingService(repos, clock),
    leaders,
    runs: new MeetingRunService(repos, leaders, acks, audit, outbox, conversations, keyring, clock),
    teamsMeetings: new TeamsMeetingService(repos, leaders, outbox, conversations, clock),
    roster: new RosterService(repos.roster, clock),
    cases: new CaseService(repos, keyring, audit, acks, outbox, clock, store),
    acks,
    outbox,
  };
}
