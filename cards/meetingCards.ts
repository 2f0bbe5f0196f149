import type { MeetingSettings } from '../services/domain/records';
import { DEFAULT_MEETING_SETTINGS } from '../services/meetings/meetingSettings';
import { holidayPolicyChoices, weekdayChoices } from './choices';
import { applyFormState } from './formState';
import { renderTemplate, type AdaptiveCard } from './render';
import meetingSavedTemplate from './templates/meetingSaved.json';
import meetingSetupFormTemplate from './templates/meetingSetupForm.json';
import { FORM_TEXTS, MEETING_SETTING_LABELS } from './texts.sv';

/** The inputs of `meeting.setup` (CONTRACT.md), as the card sends them: strings. */
export type MeetingSetupField =
  | 'area'
  | 'weekday'
  | 'time'
  | 'durationMinutes'
  | 'cutoffTime'
  | 'agendaTime'
  | 'reminderTime'
  | 'ackReminderTime'
  | 'ackDueTime'
  | 'ackNoticeCutoff'
  | 'holidayPolicy'
  | 'sipSummonsDays'
  | 'paymentDaysBeforeNoon'
  | 'paymentDaysFromNoon'
  | 'areaSlots';

/**
 * What the further settings show on a new form: the routines' values (DOMAIN.md §5), as
 * services define them. Saved or typed values replace them.
 */
export const MEETING_SETTING_DEFAULTS: Readonly<MeetingSettings> = DEFAULT_MEETING_SETTINGS;

export interface MeetingSetupFormInput {
  /** What the user typed last time (or the current meeting's settings, to edit them). */
  values: Partial<Record<MeetingSetupField, string>>;
  /** Field → Swedish message, e.g. from `issueMessages`; empty when the form is new. */
  issues: Record<string, string>;
}

/** Answers `meeting.form`; re-sent with values and issues when `meeting.setup` is rejected. */
export function meetingSetupFormCard(input: MeetingSetupFormInput): AdaptiveCard {
  const card = renderTemplate(meetingSetupFormTemplate, {
    weekdayChoices: weekdayChoices(),
    holidayPolicyChoices: holidayPolicyChoices(),
    labels: MEETING_SETTING_LABELS,
    defaults: MEETING_SETTING_DEFAULTS,
  });
  return applyFormState(card, input, FORM_TEXTS.checkMarkedFields);
}

export interface MeetingSavedCardInput {
  area: string;
  /** e.g. `scheduleLabel(schedule)` → "varje tisdag kl. 13:00–14:00". */
  scheduleLabel: string;
  /** e.g. `cutoffLabel(schedule)` → "måndag kl. 23:59, dagen före mötet". */
  cutoffLabel: string;
  /** e.g. `formatMeetingTime(date, time)` → "tisdag 24 november 2026 kl. 13:00". */
  nextMeetingLabel: string;
}

export function meetingSavedCard(input: MeetingSavedCardInput): AdaptiveCard {
  return renderTemplate(meetingSavedTemplate, {
    area: input.area,
    scheduleLabel: input.scheduleLabel,
    cutoffLabel: input.cutoffLabel,
    nextMeetingLabel: input.nextMeetingLabel,
  });
}
