import { AGENDA_ITEMS, RISK_GROUPS, ROLES, URGENCIES, type Weekday } from '../services/domain/codes';
import {
  agendaItemLabel,
  capitalize,
  CFS_LABELS,
  HOLIDAY_POLICY_LABELS,
  RISK_GROUP_LABELS,
  ROLE_LABELS,
  URGENCY_LABELS,
  weekdayName,
} from './texts.sv';

/** One option of an Input.ChoiceSet; `value` is the code the contract expects. */
export interface Choice {
  title: string;
  value: string;
}

const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const CFS_SCORES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

export const weekdayChoices = (): Choice[] =>
  WEEKDAYS.map((weekday) => ({ title: capitalize(weekdayName(weekday)), value: String(weekday) }));

export const roleChoices = (): Choice[] => ROLES.map((role) => ({ title: ROLE_LABELS[role], value: role }));

export const urgencyChoices = (): Choice[] =>
  URGENCIES.map((urgency) => ({ title: URGENCY_LABELS[urgency], value: urgency }));

export const agendaChoices = (): Choice[] => AGENDA_ITEMS.map((item) => ({ title: agendaItemLabel(item), value: item }));

export const riskGroupChoices = (): Choice[] =>
  RISK_GROUPS.map((group) => ({ title: RISK_GROUP_LABELS[group], value: group }));

export const cfsChoices = (): Choice[] => CFS_SCORES.map((score) => ({ title: CFS_LABELS[score], value: String(score) }));

export const holidayPolicyChoices = (): Choice[] =>
  (['move', 'skip'] as const).map((policy) => ({ title: HOLIDAY_POLICY_LABELS[policy], value: policy }));
