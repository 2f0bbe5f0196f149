import { randomBytes } from 'node:crypto';
import { createServices, type Services } from '../../services/app';
import { loadKeyring } from '../../services/crypto/loadKeyring';
import { createLogger } from '../../services/logger';
import type { Meeting, RosterMember, UserRef } from '../../services/domain/records';
import { ManualClock } from '../../services/time/clock';
import { openTempStore, type TempStore } from './tempStore';

export interface ServiceFixture {
  services: Services;
  clock: ManualClock;
  temp: TempStore;
  dispose(): Promise<void>;
}

export async function serviceFixture(now = '2026-11-22T09:00:00Z'): Promise<ServiceFixture> {
  const temp = await openTempStore();
  const clock = new ManualClock(now);
  // Loaded the way the server loads it, so the pseudonymisation secret comes from the store.
  const keyring = await loadKeyring({
    encryptionKey: randomBytes(32).toString('base64'),
    previousEncryptionKeys: [],
    dataDir: temp.dataDir,
    store: temp.store,
    logger: createLogger('silent'),
    clock,
  });
  const services = await createServices({ store: temp.store, clock, keyring });
  return { services, clock, temp, dispose: () => temp.dispose() };
}

export const nurse: UserRef = { id: '29:nurse', aadObjectId: '00000000-0000-0000-0000-000000000001', name: 'Karin Nilsson' };
export const socialWorker: UserRef = { id: '29:social', aadObjectId: '00000000-0000-0000-0000-000000000002', name: 'Omar Hassan' };

/** A Tuesday 13:00 meeting with the nurse on its roster. */
export async function meetingWithNurse(services: Services): Promise<{ meeting: Meeting; member: RosterMember }> {
  const setup = await services.meetings.setup({ conversationKey: '19:chan@thread.tacv2', tenantId: null }, nurse, {
    area: 'Norrmalm',
    weekday: '2',
    time: '13:00',
    durationMinutes: '90',
  });
  if (setup.kind !== 'saved') throw new Error('meeting setup failed');
  const joined = await services.roster.join(setup.meeting._id, nurse, { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
  if (joined.kind !== 'joined') throw new Error('roster join failed');
  return { meeting: setup.meeting, member: joined.member };
}
