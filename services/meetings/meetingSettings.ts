import type { Meeting, MeetingSettings } from '../domain/records';
import { DEFAULT_DISCHARGE_RULES, type DischargeRules } from '../time/discharge';

/** The routines' values (DOMAIN.md §5): agenda 07:00, reminders 09:00/10:00, kvittens by 12:00, 08:00 notice cut-off. */
export const DEFAULT_MEETING_SETTINGS: MeetingSettings = {
  agendaTime: '07:00',
  reminderTime: '09:00',
  ackReminderTime: '10:00',
  ackDueTime: '12:00',
  ackNoticeCutoff: '08:00',
  holidayPolicy: 'move',
  sipSummonsDays: 3,
  paymentDaysBeforeNoon: 3,
  paymentDaysFromNoon: 4,
  areaSlots: [],
};

/** The meeting's discharge rules in the form the discharge deadlines take. */
export function dischargeRulesOf(meeting: Pick<Meeting, 'settings'>): DischargeRules {
  const settings = settingsOf(meeting);
  return {
    ...DEFAULT_DISCHARGE_RULES,
    sipSummonsDays: settings.sipSummonsDays,
    paymentDaysBeforeNoon: settings.paymentDaysBeforeNoon,
    paymentDaysFromNoon: settings.paymentDaysFromNoon,
  };
}

/** A meeting stored before a setting existed reads as having its default. */
export function settingsOf(meeting: Pick<Meeting, 'settings'>): MeetingSettings {
  return { ...DEFAULT_MEETING_SETTINGS, ...meeting.settings };
}
