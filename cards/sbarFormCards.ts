import { agendaChoices, cfsChoices, riskGroupChoices, roleChoices, urgencyChoices } from './choices';
import { applyFormState } from './formState';
import { renderTemplate, type AdaptiveCard } from './render';
import type { SbarField } from '../services/domain/codes';
import consentRequiredTemplate from './templates/consentRequired.json';
import sbarFormTemplate from './templates/sbarForm.json';
import { FORM_TEXTS, MEETING_SETTING_LABELS } from './texts.sv';

export interface SbarFormInput {
  meetingId: string;
  area: string;
  /** The meeting the case will go to, e.g. `formatMeetingTime(date, time)`. */
  meetingLabel: string;
  /** The cut-off for that meeting, e.g. `formatMeetingTime(dayBefore, cutoffTime)`. */
  cutoffLabel: string;
  /** From the caller's Teams identity; the form has no input for it (CONTRACT.md). */
  submitterName: string;
  /**
   * What was typed (on a rejected `case.submit`), or prefills such as `agendaItem` from the
   * `case.form` data and `submitterProfession` from the roster member's role.
   */
  values: Partial<Record<SbarField, string>>;
  issues: Record<string, string>;
  /** The meeting's area time slots ("13:00 Byske"): the case is taken up in one. Empty: none. */
  slotAreas?: { area: string; startLabel: string }[];
}

/**
 * The SBAR form (routine annex 2). Answers `case.form`; must only ever be sent to the person
 * who asked (invoke response or personal chat), never posted to the channel, because a
 * re-rendered form carries the patient data that was typed.
 */
export function sbarFormCard(input: SbarFormInput): AdaptiveCard {
  const card = renderTemplate(sbarFormTemplate, {
    meetingId: input.meetingId,
    area: input.area,
    meetingLabel: input.meetingLabel,
    cutoffLabel: input.cutoffLabel,
    submitterName: input.submitterName,
    agendaChoices: agendaChoices(),
    slotAreaLabel: MEETING_SETTING_LABELS.slotAreaLabel,
    slotChoices: (input.slotAreas ?? []).map((slot) => ({ title: `${slot.startLabel} ${slot.area}`, value: slot.area })),
    urgencyChoices: urgencyChoices(),
    riskGroupChoices: riskGroupChoices(),
    cfsChoices: cfsChoices(),
    roleChoices: roleChoices(),
  });
  return applyFormState(card, input, FORM_TEXTS.checkMarkedFields);
}

/**
 * The answer to a `case.submit` without consent (DOMAIN.md §4): nothing stored, how to obtain
 * consent, and a way back to the form. It deliberately carries none of the typed values.
 */
export function consentRequiredCard(input: { meetingId: string }): AdaptiveCard {
  return renderTemplate(consentRequiredTemplate, { meetingId: input.meetingId });
}
