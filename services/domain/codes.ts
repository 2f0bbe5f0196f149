// Codes shared by the contract (CONTRACT.md) and the domain (DOMAIN.md §2–§4).

export const ROLES = [
  'hc_nurse',
  'home_health_nurse',
  'social_worker',
  'home_care',
  'rehab',
  'physician',
  'manager',
] as const;
export type Role = (typeof ROLES)[number];

export const URGENCIES = ['urgent', 'next_day', 'next_weekday', 'as_needed'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Agenda points 2–5 take cases; 1 and 6 are the leader's. */
export const AGENDA_ITEMS = ['risk', 'ongoing', 'sip', 'discharge'] as const;
export type AgendaItem = (typeof AGENDA_ITEMS)[number];

export const AGENDA_POINT: Readonly<Record<AgendaItem, 2 | 3 | 4 | 5>> = {
  risk: 2,
  ongoing: 3,
  sip: 4,
  discharge: 5,
};

/** Target groups of the routine (DOMAIN.md §1); a case may carry several. */
export const RISK_GROUPS = [
  'frequent_visitor',
  'readmitted',
  'multimorbid',
  'palliative',
  'lasting_impairment',
  'raised_risk_scale',
  'frail_elderly',
] as const;
export type RiskGroup = (typeof RISK_GROUPS)[number];

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Local wall-clock time in Europe/Stockholm, `HH:MM`. */
export type LocalTime = string;
/** Local calendar date in Europe/Stockholm, `YYYY-MM-DD`. */
export type LocalDate = string;

/** The SBAR fields of `case.submit` (CONTRACT.md); also the SBAR form's input ids. */
export const SBAR_FIELDS = [
  'patientName', 'personnummer', 'relativeContact', 'careUnit', 'responsiblePhysician',
  'medicationListCurrent', 'sampleReferral', 'consent', 'transferDate', 'submitterProfession',
  'situation', 'background', 'assessment', 'recommendation', 'frequency', 'physicianOrder',
  'urgency', 'agendaItem', 'riskGroups', 'cfs', 'recipients', 'readyForDischargeAt',
  // Extension: the area time slot, when the meeting is split by area.
  'slotArea',
] as const;
export type SbarField = (typeof SBAR_FIELDS)[number];

/** What was wrong with one input field; cards word each code in Swedish. */
export const ISSUE_CODES = [
  'required', 'too_long', 'invalid_choice', 'invalid_date', 'invalid_time', 'invalid_number',
  'out_of_range', 'invalid_personnummer', 'future_birth_date', 'consent_required', 'invalid_instant',
  'not_a_roster_member',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];
