import { z } from 'zod';
import { AGENDA_ITEMS, RISK_GROUPS, ROLES, SBAR_FIELDS, URGENCIES, type SbarField } from '../domain/codes';
import type { AgendaItem, LocalDate, RiskGroup, Role, Urgency } from '../domain/codes';
import type { CaseSensitive } from '../domain/records';
import { isValidLocalDate, zonedInstant } from '../time/stockholm';
import { cardText, fieldIssuesFrom, type FieldIssue } from '../validation/issues';
import { parseIdentityNumber, type IdentityNumber } from './identityNumber';

export { SBAR_FIELDS, type SbarField };

/** Fields whose values identify the patient or hold clinical text. */
export const SENSITIVE_SBAR_FIELDS: ReadonlySet<SbarField> = new Set<SbarField>([
  'patientName', 'personnummer', 'relativeContact', 'careUnit', 'responsiblePhysician',
  'situation', 'background', 'assessment', 'recommendation', 'frequency', 'physicianOrder',
]);

export const SBAR_TEXT_MAX = 2000;
/** A re-rendered form keeps what was typed, but not unboundedly. */
const KEPT_VALUE_MAX = 4000;

const text = (max: number) => z.string().max(max, 'too_long').optional().default('');
const requiredText = (max: number) => z.string('required').min(1, 'required').max(max, 'too_long');
const yesNo = z.enum(['true', 'false'], 'invalid_choice').optional().default('false');
const codeList = <T extends string>(codes: readonly T[]) =>
  z
    .string()
    .optional()
    .default('')
    .transform((value) => [...new Set(value.split(',').map((code) => code.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(codes as unknown as [T, ...T[]], 'invalid_choice')));

const sbarSchema = z.object({
  patientName: requiredText(200),
  personnummer: requiredText(20),
  relativeContact: text(500),
  careUnit: text(200),
  responsiblePhysician: text(200),
  medicationListCurrent: yesNo,
  sampleReferral: yesNo,
  consent: z.literal('true', 'consent_required'),
  transferDate: z
    .string()
    .optional()
    .default('')
    .refine((value) => value === '' || isValidLocalDate(value), 'invalid_date'),
  submitterProfession: requiredText(200),
  situation: requiredText(SBAR_TEXT_MAX),
  background: requiredText(SBAR_TEXT_MAX),
  assessment: requiredText(SBAR_TEXT_MAX),
  recommendation: requiredText(SBAR_TEXT_MAX),
  frequency: text(1000),
  physicianOrder: text(1000),
  urgency: z.enum(URGENCIES, 'required'),
  agendaItem: z.enum(AGENDA_ITEMS, 'required'),
  riskGroups: codeList(RISK_GROUPS),
  cfs: z
    .string()
    .optional()
    .default('')
    .refine((value) => value === '' || /^\d+$/.test(value), 'invalid_number')
    .refine((value) => value === '' || (Number(value) >= 1 && Number(value) <= 9), 'out_of_range'),
  recipients: codeList(ROLES),
  readyForDischargeAt: z.string().optional().default(''),
});

export interface SbarSubmission {
  sensitive: CaseSensitive;
  identity: IdentityNumber;
  agendaItem: AgendaItem;
  urgency: Urgency;
  riskGroups: RiskGroup[];
  cfs: number | null;
  recipients: Role[];
  medicationListCurrent: boolean;
  sampleReferral: boolean;
  transferDate: LocalDate | null;
  readyForDischargeAt: Date | null;
  submitterProfession: string;
}

export type SbarResult =
  | { ok: true; value: SbarSubmission }
  | { ok: false; consentMissing: boolean; issues: FieldIssue[]; values: Partial<Record<SbarField, string>> };

/** Both a full ISO instant and the form's local "YYYY-MM-DD HH:MM" are accepted. */
export function parseDischargeInstant(value: string): Date | null {
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(value);
  if (local) {
    if (!isValidLocalDate(local[1]!) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(local[2]!)) return null;
    return zonedInstant(local[1]!, local[2]!);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** The form as typed, for re-rendering it with the problems named. */
export function keptSbarValues(data: Readonly<Record<string, unknown>>): Partial<Record<SbarField, string>> {
  const kept: Partial<Record<SbarField, string>> = {};
  for (const field of SBAR_FIELDS) {
    const value = cardText(data[field]);
    if (value !== undefined && value !== '') kept[field] = value.slice(0, KEPT_VALUE_MAX);
  }
  return kept;
}

// A small allowance for clocks that differ between the ward's systems and ours.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function validateSbar(data: Readonly<Record<string, unknown>>, now: Date, today: LocalDate): SbarResult {
  const input: Record<string, string | undefined> = {};
  for (const field of SBAR_FIELDS) input[field] = cardText(data[field]);
  // Consent is recorded only from the form's own toggle value, the string "true" (CONTRACT.md).
  input.consent = typeof data.consent === 'string' ? data.consent.trim() : undefined;
  const values = keptSbarValues(data);

  const parsed = sbarSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : fieldIssuesFrom(parsed.error);
  const has = (field: SbarField) => issues.some((issue) => issue.field === field);

  let identity: IdentityNumber | null = null;
  if (!has('personnummer') && input.personnummer) {
    const result = parseIdentityNumber(input.personnummer, today);
    if (result.ok) identity = result.value;
    else issues.push({ field: 'personnummer', code: result.code });
  }
  if (input.transferDate && !has('transferDate') && input.transferDate > today) {
    issues.push({ field: 'transferDate', code: 'invalid_date' });
  }
  let readyForDischargeAt: Date | null = null;
  const dischargeText = input.readyForDischargeAt ?? '';
  if (dischargeText !== '') {
    readyForDischargeAt = parseDischargeInstant(dischargeText);
    if (!readyForDischargeAt || readyForDischargeAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      issues.push({ field: 'readyForDischargeAt', code: 'invalid_instant' });
    }
  } else if (input.agendaItem === 'discharge') {
    issues.push({ field: 'readyForDischargeAt', code: 'required' });
  }

  if (!parsed.success || issues.length > 0 || !identity) {
    return { ok: false, consentMissing: issues.some((issue) => issue.field === 'consent'), issues, values };
  }
  const v = parsed.data;
  return {
    ok: true,
    value: {
      sensitive: {
        patientName: v.patientName,
        personnummer: identity.normalized,
        relativeContact: v.relativeContact,
        careUnit: v.careUnit,
        responsiblePhysician: v.responsiblePhysician,
        situation: v.situation,
        background: v.background,
        assessment: v.assessment,
        recommendation: v.recommendation,
        frequency: v.frequency,
        physicianOrder: v.physicianOrder,
      },
      identity,
      agendaItem: v.agendaItem,
      urgency: v.urgency,
      riskGroups: v.riskGroups,
      cfs: v.cfs === '' ? null : Number(v.cfs),
      recipients: v.recipients,
      medicationListCurrent: v.medicationListCurrent === 'true',
      sampleReferral: v.sampleReferral === 'true',
      transferDate: v.transferDate === '' ? null : v.transferDate,
      readyForDischargeAt,
      submitterProfession: v.submitterProfession,
    },
  };
}
