// The Swedish of the managers' follow-up (Uppföljning). services/ may not import cards/, so the
// names of weekdays repeat cards/texts.sv.ts word for word (tests/followup keeps them equal), and
// every measure the yearly report also has takes its name from there.
import type { Weekday } from '../domain/codes';
import { ADHERENCE_REPORT_LABELS } from '../board/adherenceReport';

const yearly = ADHERENCE_REPORT_LABELS;

export const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  1: 'måndag',
  2: 'tisdag',
  3: 'onsdag',
  4: 'torsdag',
  5: 'fredag',
  6: 'lördag',
  7: 'söndag',
};

export const MONTH_NAMES = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'] as const;

export const FOLLOWUP_LABELS = {
  title: 'Uppföljning av samordningsmötena',
  header: { meeting: 'möte', organisation: 'mottagande organisation', section: yearly.header.section, measure: yearly.header.measure, value: yearly.header.value },
  allMeetings: 'Alla möten',
  unknownOrganisation: 'Okänd organisation',
  tooSmall: 'Färre än 5 ärenden under perioden: siffrorna visas men är för få för att jämföra.',
  noEscalations: 'Inga öppna eskaleringar.',
  sections: {
    period: yearly.sections.period,
    meetings: yearly.sections.meetings,
    cases: yearly.sections.cases,
    casesByAgendaPoint: yearly.sections.casesByAgendaPoint,
    casesByUrgency: yearly.sections.casesByUrgency,
    acknowledgements: yearly.sections.acknowledgements,
    escalations: yearly.sections.escalations,
    discharge: 'Utskrivningsklara',
    comparison: 'Jämförbarhet',
    trend: 'Utveckling per månad',
    openEscalations: 'Öppna eskaleringar',
    byMeeting: 'Per möte',
    byOrganisation: 'Per mottagande organisation',
    total: 'Totalt för alla möten',
  },
  measures: {
    from: yearly.measures.from,
    to: yearly.measures.to,
    planned: yearly.measures.planned,
    held: yearly.measures.held,
    total: yearly.measures.total,
    received: 'Mottagna',
    lateSubmissions: yearly.measures.lateSubmissions,
    carriedOver: yearly.measures.carriedOver,
    onTime: yearly.measures.onTime,
    late: yearly.measures.late,
    missing: 'Saknade (ej kvitterade efter sista tid)',
    open: 'Ej kvitterade, inte förfallna än',
    onTimeShare: yearly.measures.onTimeShare,
    acknowledged: yearly.measures.acknowledgedByManager,
    medianHours: 'Mediantid till chefens kvittens (timmar)',
    dischargeCases: 'Ärenden med utskrivningsklar-tidpunkt',
    sipSummonsInTime: 'SIP-samordnare utsedd inom tiden för SIP-kallelse',
    takenUpAfterPaymentResponsibility: 'Togs upp först efter att betalningsansvaret börjat',
    tooSmall: 'För få ärenden för att jämföra (färre än 5)',
    casesTotal: 'Ärenden',
    acksOnTime: 'Kvittenser i tid',
    acksLate: 'Sena kvittenser',
    acksMissing: 'Saknade kvittenser',
    escalations: 'Eskaleringar',
  },
  escalation: { reference: 'Ärende', patient: 'Patient', meeting: 'Möte', since: 'Eskalerat sedan', escalatedBy: 'Eskalerat av' },
  yes: 'ja',
  no: 'nej',
  noValue: yearly.noShare,
  agendaItems: yearly.agendaItems,
  urgencies: yearly.urgencies,
  roles: yearly.roles,
  weekdays: WEEKDAY_NAMES,
  months: MONTH_NAMES,
} as const;

/** "Norrmalm, tisdagar kl. 13:00": the area, and the weekly slot that tells two meetings of one area apart. */
export function meetingTitle(meeting: { area: string; schedule: { weekday: Weekday; time: string } }): string {
  return `${meeting.area}, ${WEEKDAY_NAMES[meeting.schedule.weekday]}ar kl. ${meeting.schedule.time}`;
}

/** "Tisdag". */
export function weekdayLabel(weekday: Weekday): string {
  const name = WEEKDAY_NAMES[weekday];
  return name.charAt(0).toLocaleUpperCase('sv-SE') + name.slice(1);
}
