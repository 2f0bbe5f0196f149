import assert from 'node:assert/strict';
import sinon from 'sinon';
import { MeetingList } from '../../services/scheduler/meetingList';
import { zonedInstant } from '../../services/time/stockholm';
import { nurse, serviceFixture, type ServiceFixture } from '../support/serviceFixture';

describe('the meetings of the scheduler tick (MeetingList)', () => {
  let fixture: ServiceFixture;
  let list: MeetingList;
  beforeEach(async () => {
    fixture = await serviceFixture('2026-11-22T09:00:00Z');
    list = new MeetingList();
  });
  afterEach(() => fixture.dispose());

  const setUp = (channel: string, weekday: string) =>
    fixture.services.meetings.setup({ conversationKey: `19:${channel}@thread.tacv2`, tenantId: null }, nurse, { area: channel, weekday, time: '13:00', durationMinutes: '90' });

  it('reads every meeting once, then only those changed since, and sees each change', async () => {
    const { services, clock } = fixture;
    await setUp('a', '2');
    await setUp('b', '3');
    const find = sinon.spy(services.repos.meetings, 'find');
    assert.equal((await list.current(services.repos.meetings, clock.now())).length, 2);
    assert.deepEqual(find.firstCall.args[0], {}, 'the first read takes them all');

    // Changes of the five minutes before a read are read again (another process's clock may lag).
    clock.advance(10 * 60_000);
    assert.equal((await list.current(services.repos.meetings, clock.now())).length, 2);
    assert.ok('updatedAt' in find.lastCall.args[0], 'later reads ask for changes only');
    clock.advance(60_000);
    assert.equal((await list.current(services.repos.meetings, clock.now())).length, 2);
    assert.deepEqual(await find.lastCall.returnValue, [], 'nothing changed');

    clock.advance(60_000);
    const moved = await setUp('a', '4');
    assert.equal(moved.kind, 'saved');
    const after = await list.current(services.repos.meetings, clock.now());
    assert.equal(after.find((meeting) => meeting.area === 'a')?.schedule.weekday, 4);
    find.restore();
  });

  it('notices a meeting created with a clock set back before the last read', async () => {
    const { services, clock } = fixture;
    await setUp('a', '2');
    clock.set(zonedInstant('2026-11-24', '07:00'));
    assert.equal((await list.current(services.repos.meetings, clock.now())).length, 1);
    clock.set(zonedInstant('2026-11-22', '10:00'));
    await setUp('b', '3');
    clock.set(zonedInstant('2026-11-24', '07:01'));
    assert.deepEqual((await list.current(services.repos.meetings, clock.now())).map((meeting) => meeting.area).sort(), ['a', 'b']);
  });
});
