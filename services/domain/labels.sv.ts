import { AGENDA_ITEMS, AGENDA_POINT, type AgendaItem, type Role, type Urgency } from './codes';
import type { CaseStatus } from './records';

// The Swedish names of the domain's codes, as the routine and its SBAR form use them. The cards
// and the board's report both show them, so they live with the codes.

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  hc_nurse: 'Sjuksköterska/distriktssköterska, hälsocentral',
  home_health_nurse: 'Sjuksköterska, kommunal hemsjukvård',
  social_worker: 'Socialsekreterare',
  home_care: 'Hemtjänst (samordnare/enhetschef)',
  rehab: 'Arbetsterapeut/fysioterapeut',
  physician: 'Läkare, hälsocentral',
  manager: 'Chef / MLA / MAS / MAR',
};

/** Önskad handläggningstid, as the SBAR form (routine annex 2) names the four choices. */
export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = {
  urgent: 'Skyndsamt',
  next_day: 'Nästa dag',
  next_weekday: 'Nästa vardag',
  as_needed: 'Vid behov',
};

const AGENDA_TITLES: Readonly<Record<AgendaItem, string>> = {
  risk: 'Identifierade riskindivider',
  ongoing: 'Avstämning av pågående ärenden',
  sip: 'Behov av SIP',
  discharge: 'Samordning vid utskrivning',
};

/** "2. Identifierade riskindivider": people refer to the agenda by its point number. */
export function agendaItemLabel(item: AgendaItem): string {
  return `${AGENDA_POINT[item]}. ${AGENDA_TITLES[item]}`;
}

export const AGENDA_ITEM_LABELS: Readonly<Record<AgendaItem, string>> = Object.fromEntries(
  AGENDA_ITEMS.map((item) => [item, agendaItemLabel(item)]),
) as Record<AgendaItem, string>;

/** Where a case stands: submitted → discussed → follow-up → closed, or withdrawn. */
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  submitted: 'Anmält – väntar på mötet',
  discussed: 'Behandlat på mötet',
  follow_up: 'Uppföljning',
  closed: 'Avslutat',
  withdrawn: 'Återkallat',
};
