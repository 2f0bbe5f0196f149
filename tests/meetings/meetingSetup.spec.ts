import assert from 'node:assert/strict';
import { nurse, serviceFixture, type ServiceFixture } from '../support/serviceFixture';

describe('meeting set-up validation', () => {
  let fixture: ServiceFixture;
  beforeEach(async () => {
    fixture = await serviceFixture();
  });
  afterEach(() => fixture.dispose());

  const setup = (data: Record<string, unknown>) =>
    fixture.services.meetings.setup({ conversationKey: '19:c@thread.tacv2', tenantId: null }, nurse, {
      area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90', ...data,
    });

  it('stores the routine\'s defaults when the further settings are left out', async () => {
    const result = await setup({});
    assert.ok(result.kind === 'saved');
    assert.deepEqual(result.meeting.settings, {
      agendaTime: '07:00', reminderTime: '09:00', ackReminderTime: '10:00', ackDueTime: '12:00', ackNoticeCutoff: '08:00',
      holidayPolicy: 'move', sipSummonsDays: 3, paymentDaysBeforeNoon: 3, paymentDaysFromNoon: 4, areaSlots: [],
    });
    assert.equal(result.meeting.schedule.cutoffTime, '23:59');
  });

  it('names each bad setting and stores nothing', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ackNoticeCutoff: '13:00' }, 'ackNoticeCutoff', 'out_of_range'],
      [{ paymentDaysBeforeNoon: '4', paymentDaysFromNoon: '3' }, 'paymentDaysFromNoon', 'out_of_range'],
      [{ sipSummonsDays: '31' }, 'sipSummonsDays', 'out_of_range'],
      [{ sipSummonsDays: 'tre' }, 'sipSummonsDays', 'invalid_number'],
      [{ holidayPolicy: 'ignore' }, 'holidayPolicy', 'invalid_choice'],
      [{ agendaTime: '7' }, 'agendaTime', 'invalid_time'],
      [{ durationMinutes: '5' }, 'durationMinutes', 'out_of_range'],
      [{ weekday: '8' }, 'weekday', 'invalid_choice'],
      [{ area: '' }, 'area', 'required'],
    ];
    for (const [data, field, code] of cases) {
      const result = await setup(data);
      assert.ok(result.kind === 'invalid', JSON.stringify(data));
      assert.deepEqual(result.issues.find((issue) => issue.field === field)?.code, code, JSON.stringify(data));
    }
    assert.equal(await fixture.services.repos.meetings.count({}), 0);
  });

  it('keeps area time slots in time order, within the meeting, each area once', async () => {
    const saved = await setup({ areaSlots: '13:30 Kåge; 13:00 Byske\n14.00 Skellefteå centrum' });
    assert.ok(saved.kind === 'saved');
    assert.deepEqual(saved.meeting.settings.areaSlots, [
      { area: 'Byske', start: '13:00' },
      { area: 'Kåge', start: '13:30' },
      { area: 'Skellefteå centrum', start: '14:00' },
    ]);
    for (const [areaSlots, code] of [['12:30 Byske', 'out_of_range'], ['14:30 Byske', 'out_of_range'], ['Byske', 'invalid_time'], ['13:00 Byske; 13:30 byske', 'invalid_choice']] as const) {
      const result = await setup({ areaSlots });
      assert.ok(result.kind === 'invalid', areaSlots);
      assert.deepEqual(result.issues, [{ field: 'areaSlots', code }], areaSlots);
    }
  });
});
