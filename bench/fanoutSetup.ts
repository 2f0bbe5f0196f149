// The region the fan-out benchmark runs in, built through the same services the verbs call:
// meetings, rosters whose members each have a personal chat with the bot, and one case per
// meeting addressed to every role, so every roster member owes one kvittens due at 12:00.
import { randomUUID } from 'node:crypto';
import { createServices, type Services } from '../services/app';
import { loadKeyring } from '../services/crypto/loadKeyring';
import { ROLES, type Role } from '../services/domain/codes';
import type { Logger } from '../services/logger';
import { openStore } from '../services/store/openStore';
import type { Clock } from '../services/time/clock';
import { activityFacts } from '../bot/activityFacts';
import { conversationInstall } from '../bot/conversationReference';
import { botInstalledPersonally, TENANT_ID, type TeamsUser } from '../tests/support/teamsActivities';
import { validSbar } from '../tests/support/sbarFixtures';

/** Twelve members over the seven roles: two of the roles most meetings have several of. */
const ROSTER_ROLES: readonly Role[] = [
  'hc_nurse', 'hc_nurse', 'home_health_nurse', 'home_health_nurse', 'social_worker', 'social_worker',
  'home_care', 'home_care', 'rehab', 'physician', 'manager', 'manager',
];

export const ROSTER_SIZE = ROSTER_ROLES.length;

export interface Region {
  services: Services;
  /** The personal chats' conversation ids, as the connector sees them: one reminder each is expected. */
  personalConversationIds: string[];
  close(): Promise<void>;
}

export interface RegionOptions {
  dataDir: string;
  serviceUrl: string;
  clock: Clock;
  logger: Logger;
  meetings: number;
  /** Without rosters and cases: only the meetings' configuration (for the scheduler's tick). */
  meetingsOnly?: boolean;
  /** `YYYY-MM-DD`-independent weekday of the meetings, 1 = Monday. */
  weekday: number;
}

function user(name: string): TeamsUser {
  const aadObjectId = randomUUID();
  return { id: `29:${aadObjectId}`, name, aadObjectId };
}

export async function buildRegion(options: RegionOptions): Promise<Region> {
  const { clock, logger } = options;
  const store = await openStore({ mongodbUri: null, dataDir: options.dataDir, logger });
  const keyring = await loadKeyring({ encryptionKey: null, previousEncryptionKeys: [], dataDir: options.dataDir, store, logger, clock });
  const services = await createServices({ store, clock, keyring });
  const personalConversationIds: string[] = [];
  const place = { serviceUrl: options.serviceUrl };

  for (let m = 0; m < options.meetings; m++) {
    const founder = user(`Samordnare ${m}`);
    const conversationKey = `19:meeting-${m}@thread.tacv2`;
    const setup = await services.meetings.setup({ conversationKey, tenantId: TENANT_ID }, founder, {
      area: `Område ${m}`,
      weekday: String(options.weekday),
      time: '13:00',
      durationMinutes: '90',
    });
    if (setup.kind !== 'saved') throw new Error(`meeting ${m} was not set up: ${setup.kind}`);
    if (options.meetingsOnly) continue;
    const meeting = setup.meeting;

    const members = [];
    for (const [index, role] of ROSTER_ROLES.entries()) {
      const person = user(`Deltagare ${m}-${index}`);
      const installed = botInstalledPersonally(place, person);
      await services.conversations.remember(conversationInstall(installed as unknown as Parameters<typeof conversationInstall>[0], activityFacts(installed)!.place));
      personalConversationIds.push(installed.conversation.id);
      const joined = await services.roster.join(meeting._id, person, { role, organization: 'Enheten' });
      if (joined.kind !== 'joined') throw new Error(`roster join failed: ${joined.kind}`);
      members.push({ person, member: joined.member });
    }
    const submitter = members[0]!;
    const submitted = await services.cases.submit(meeting, submitter.member, submitter.person, validSbar({ meetingId: meeting._id, recipients: ROLES.join(',') }));
    if (submitted.kind !== 'created') throw new Error(`case not created: ${submitted.kind}`);
  }
  return { services, personalConversationIds, close: () => store.close() };
}
