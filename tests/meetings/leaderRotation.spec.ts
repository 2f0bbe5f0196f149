import assert from 'node:assert/strict';
import type { Role } from '../../services/domain/codes';
import type { Meeting, UserRef } from '../../services/domain/records';
import { addDays } from '../../services/time/stockholm';
import { serviceFixture, type ServiceFixture } from '../support/serviceFixture';

const person = (id: string, name: string): UserRef => ({ id: `29:${id}`, aadObjectId: null, name });
const region1 = person('r1', 'Rita Region');
const region2 = person('r2', 'Rolf Region');
const municipality1 = person('m1', 'Mona Kommun');
const municipality2 = person('m2', 'Mats Kommun');
const manager = person('boss', 'Maria Chef');

describe('leader rotation', () => {
  let fixture: ServiceFixture;
  let meeting: Meeting;
  const tuesdays = Array.from({ length: 8 }, (_, week) => addDays('2026-11-24', week * 7));

  beforeEach(async () => {
    fixture = await serviceFixture('2026-11-22T09:00:00Z');
    const { services, clock } = fixture;
    const setup = await services.meetings.setup({ conversationKey: '19:c@thread.tacv2', tenantId: null }, region1, {
      area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90',
    });
    assert.ok(setup.kind === 'saved');
    meeting = setup.meeting;
    const joins: [UserRef, Role][] = [[region1, 'hc_nurse'], [municipality1, 'home_health_nurse'], [region2, 'physician'], [municipality2, 'social_worker'], [manager, 'manager']];
    for (const [user, role] of joins) {
      clock.advance(1000); // joining order decides the order within a side
      await services.roster.join(meeting._id, user, { role, organization: 'Enhet' });
    }
  });
  afterEach(() => fixture.dispose());

  const leaders = async () => Promise.all(tuesdays.map(async (date) => (await fixture.services.leaders.leaderOf(meeting, date)).leader?.name));

  it('alternates region and municipality over eight weeks, deterministically, never a manager', async () => {
    const expected = ['Rita Region', 'Mona Kommun', 'Rolf Region', 'Mats Kommun', 'Rita Region', 'Mona Kommun', 'Rolf Region', 'Mats Kommun'];
    assert.deepEqual(await leaders(), expected);
    assert.deepEqual(await leaders(), expected);
  });

  it('lets the leader hand over one meeting without moving the rotation', async () => {
    const result = await fixture.services.leaders.handover(meeting, tuesdays[0]!, region1, municipality2.id);
    assert.equal(result.kind, 'handed_over');
    const names = await leaders();
    assert.equal(names[0], 'Mats Kommun');
    assert.deepEqual(names.slice(1, 4), ['Mona Kommun', 'Rolf Region', 'Mats Kommun']);
  });

  it('skips an absent leader: the next one leads now and the absent one takes the next turn', async () => {
    const result = await fixture.services.leaders.skip(meeting, tuesdays[0]!, manager);
    assert.equal(result.kind, 'skipped');
    const names = await leaders();
    assert.deepEqual(names.slice(0, 4), ['Mona Kommun', 'Rita Region', 'Rolf Region', 'Mats Kommun']);
  });

  it('refuses anyone but the leader of the day or a manager, and a handover outside the roster', async () => {
    assert.equal((await fixture.services.leaders.handover(meeting, tuesdays[0]!, municipality1, municipality1.id)).kind, 'not_allowed');
    assert.equal((await fixture.services.leaders.skip(meeting, tuesdays[0]!, region2)).kind, 'not_allowed');
    assert.equal((await fixture.services.leaders.handover(meeting, tuesdays[0]!, manager, '29:stranger')).kind, 'not_a_member');
    assert.equal((await fixture.services.leaders.handover(meeting, tuesdays[1]!, municipality1, region2.id)).kind, 'handed_over');
  });

  it('skips no one\'s turn for a week the meeting is cancelled for a holiday', async () => {
    await fixture.services.meetings.setup({ conversationKey: '19:c@thread.tacv2', tenantId: null }, region1, {
      area: 'Norrmalm', weekday: '4', time: '13:00', durationMinutes: '90', holidayPolicy: 'skip',
    });
    // Turns from 26 November: 0 Rita, 1 Mona, 2 Rolf, 3 Mats (17 Dec); 24 and 31 December are
    // skipped and are nobody's turn, so 7 January is turn 4, not 6.
    const thursdays = ['2026-12-17', '2027-01-07'];
    const names = await Promise.all(thursdays.map(async (date) => (await fixture.services.leaders.leaderOf((await fixture.services.meetings.byId(meeting._id))!, date)).leader?.name));
    assert.deepEqual(names, ['Mats Kommun', 'Rita Region']);
  });

  it('has no leader when nobody eligible is on the roster', async () => {
    const empty = await serviceFixture();
    const setup = await empty.services.meetings.setup({ conversationKey: '19:d@thread.tacv2', tenantId: null }, manager, {
      area: 'Öst', weekday: '2', time: '13:00', durationMinutes: '60',
    });
    assert.ok(setup.kind === 'saved');
    await empty.services.roster.join(setup.meeting._id, manager, { role: 'manager', organization: 'Kommunen' });
    assert.equal((await empty.services.leaders.leaderOf(setup.meeting, '2026-11-24')).leader, null);
    await empty.dispose();
  });

  it('counts turns from the first meeting after set-up, years ahead too', async () => {
    const farAhead = addDays('2026-11-24', 7 * 110); // turn 110: region, queue position 55
    assert.equal((await fixture.services.leaders.leaderOf(meeting, farAhead)).leader?.name, 'Rolf Region');
  });
});
