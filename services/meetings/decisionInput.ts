import { z } from 'zod';
import type { LocalDate } from '../domain/codes';
import type { CaseDecision, RosterMember } from '../domain/records';
import { isValidLocalDate } from '../time/stockholm';
import { cardText, fieldIssuesFrom, type FieldIssue } from '../validation/issues';

export const DECISION_FIELDS = ['actions', 'responsible', 'followUpDate', 'sipNeeded', 'sipCoordinator', 'escalate', 'escalationReason'] as const;
export type DecisionField = (typeof DECISION_FIELDS)[number];

/** What the leader decides; the service adds the meeting day and who decided when. */
export type DecisionInput = Omit<CaseDecision, 'meetingDate' | 'decidedBy' | 'decidedAt'>;

export type DecisionResult =
  | { ok: true; value: DecisionInput }
  | { ok: false; issues: FieldIssue[]; values: Partial<Record<DecisionField, string>> };

const yesNo = z.enum(['true', 'false'], 'invalid_choice').optional().default('false');

const decisionSchema = z.object({
  actions: z.string('required').min(1, 'required').max(2000, 'too_long'),
  responsible: z.string('required').min(1, 'required').max(200, 'invalid_choice'),
  followUpDate: z.string().optional().default('').refine((value) => value === '' || isValidLocalDate(value), 'invalid_date'),
  sipNeeded: yesNo,
  sipCoordinator: z.string().max(200, 'invalid_choice').optional().default(''),
  escalate: yesNo,
  escalationReason: z.string().max(500, 'too_long').optional().default(''),
});

/** What the leader typed, as the form shows it again (bounded: the form's own limits are a little lower). */
export function keptDecisionValues(data: Readonly<Record<string, unknown>>): Partial<Record<DecisionField, string>> {
  const values: Partial<Record<DecisionField, string>> = {};
  for (const field of DECISION_FIELDS) {
    const value = cardText(data[field]);
    if (value) values[field] = value.slice(0, 2100);
  }
  return values;
}

/**
 * The meeting's decision on a case (CONTRACT.md `case.decide`): actions and a responsible roster
 * member always; a follow-up date in the future if the case is to come back; a SIP coordinator
 * when a SIP is needed; a reason when the case is escalated.
 */
export function validateDecision(data: Readonly<Record<string, unknown>>, members: readonly RosterMember[], today: LocalDate): DecisionResult {
  const input: Record<string, string | undefined> = {};
  for (const field of DECISION_FIELDS) input[field] = cardText(data[field]);
  const values = keptDecisionValues(data);
  const parsed = decisionSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : fieldIssuesFrom(parsed.error);
  if (!parsed.success) return { ok: false, issues, values };
  const v = parsed.data;
  const isMember = (userId: string) => members.some((member) => member.userId === userId);
  if (!isMember(v.responsible)) issues.push({ field: 'responsible', code: 'not_a_roster_member' });
  if (v.followUpDate !== '' && v.followUpDate <= today) issues.push({ field: 'followUpDate', code: 'invalid_date' });
  const sipNeeded = v.sipNeeded === 'true';
  if (sipNeeded && v.sipCoordinator === '') issues.push({ field: 'sipCoordinator', code: 'required' });
  else if (sipNeeded && !isMember(v.sipCoordinator)) issues.push({ field: 'sipCoordinator', code: 'not_a_roster_member' });
  const escalate = v.escalate === 'true';
  if (escalate && v.escalationReason.trim() === '') issues.push({ field: 'escalationReason', code: 'required' });
  if (issues.length > 0) return { ok: false, issues, values };
  return {
    ok: true,
    value: {
      actions: v.actions,
      responsibleUserId: v.responsible,
      followUpDate: v.followUpDate === '' ? null : v.followUpDate,
      sipNeeded,
      sipCoordinatorUserId: sipNeeded ? v.sipCoordinator : null,
      escalate,
      escalationReason: escalate ? v.escalationReason.trim() : null,
    },
  };
}
