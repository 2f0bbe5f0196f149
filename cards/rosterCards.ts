import { roleChoices } from './choices';
import { applyFormState } from './formState';
import { renderTemplate, type AdaptiveCard } from './render';
import rosterJoinedTemplate from './templates/rosterJoined.json';
import rosterJoinFormTemplate from './templates/rosterJoinForm.json';
import { FORM_TEXTS } from './texts.sv';

export interface RosterJoinFormInput {
  /** When given, `roster.join` carries it, so the join lands on the meeting the form showed. */
  meetingId?: string;
  area: string;
  values: Partial<Record<'role' | 'organization', string>>;
  issues: Record<string, string>;
}

/** Answers `roster.form`; re-sent with values and issues when `roster.join` is rejected. */
export function rosterJoinFormCard(input: RosterJoinFormInput): AdaptiveCard {
  const card = renderTemplate(rosterJoinFormTemplate, {
    area: input.area,
    roleChoices: roleChoices(),
    joinData: input.meetingId ? { meetingId: input.meetingId } : {},
  });
  return applyFormState(card, input, FORM_TEXTS.checkMarkedFields);
}

export interface RosterJoinedCardInput {
  /** When given, the "Anmäl ärende" button carries it in its `case.form` data. */
  meetingId?: string;
  name: string;
  /** `ROLE_LABELS[member.role]`. */
  roleLabel: string;
  organization: string;
  area: string;
}

export function rosterJoinedCard(input: RosterJoinedCardInput): AdaptiveCard {
  return renderTemplate(rosterJoinedTemplate, {
    name: input.name,
    roleLabel: input.roleLabel,
    organization: input.organization,
    area: input.area,
    caseFormData: input.meetingId ? { meetingId: input.meetingId } : {},
  });
}
