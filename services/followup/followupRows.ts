// The follow-up as rows — what the page's table and the steering group's spreadsheet show alike:
// one row per meeting and measure, then the totals and the receiving organisations.
import { AGENDA_ITEMS, URGENCIES } from '../domain/codes';
import { formatShare } from '../board/adherenceReport';
import { csvDocument } from '../adherence/csv';
import type { AckIndicators, FollowupView, Indicators } from './followup';

export interface FollowupRow {
  /** A meeting's title, or "Alla möten" for the totals and the organisations. */
  meeting: string;
  /** Empty except on the rows of one receiving organisation. */
  organisation: string;
  section: string;
  measure: string;
  value: string;
}

/** `3,5`: Swedish decimal comma; a dash when there is nothing to measure. */
export function formatHours(hours: number | null, noValue: string): string {
  return hours === null ? noValue : hours.toFixed(1).replace('.', ',');
}

export function followupRows(view: Omit<FollowupView, 'rows'>): FollowupRow[] {
  const { labels } = view;
  const { sections: s, measures: m } = labels;
  const rows: FollowupRow[] = [];
  const adder = (meeting: string, organisation = '') => (section: string, measure: string, value: number | string) =>
    rows.push({ meeting, organisation, section, measure, value: String(value) });

  const all = adder(labels.allMeetings);
  all(s.period, m.from, view.period.from);
  all(s.period, m.to, view.period.to);

  const acknowledgementRows = (add: ReturnType<typeof adder>, acks: AckIndicators) => {
    add(s.acknowledgements, m.onTime, acks.onTime);
    add(s.acknowledgements, m.late, acks.late);
    add(s.acknowledgements, m.missing, acks.missing);
    add(s.acknowledgements, m.open, acks.open);
    add(s.acknowledgements, m.onTimeShare, formatShare(acks.onTimeShare));
  };
  const indicatorRows = (add: ReturnType<typeof adder>, indicators: Indicators) => {
    add(s.meetings, m.planned, indicators.meetings.planned);
    add(s.meetings, m.held, indicators.meetings.held);
    add(s.cases, m.total, indicators.cases.total);
    for (const item of AGENDA_ITEMS) add(s.casesByAgendaPoint, labels.agendaItems[item], indicators.cases.byAgendaPoint[item]);
    for (const urgency of URGENCIES) add(s.casesByUrgency, labels.urgencies[urgency], indicators.cases.byUrgency[urgency]);
    add(s.cases, m.lateSubmissions, indicators.cases.lateSubmissions);
    add(s.cases, m.carriedOver, indicators.cases.carriedOver);
    acknowledgementRows(add, indicators.acknowledgements);
    add(s.escalations, m.total, indicators.escalations.total);
    add(s.escalations, m.acknowledged, indicators.escalations.acknowledged);
    add(s.escalations, m.medianHours, formatHours(indicators.escalations.medianHoursToAcknowledgement, labels.noValue));
    add(s.discharge, m.dischargeCases, indicators.discharge.cases);
    add(s.discharge, m.sipSummonsInTime, indicators.discharge.sipSummonsInTime);
    add(s.discharge, m.takenUpAfterPaymentResponsibility, indicators.discharge.takenUpAfterPaymentResponsibility);
  };

  for (const meeting of view.meetings) {
    const add = adder(meeting.title);
    indicatorRows(add, view.byMeeting.find((entry) => entry.meetingId === meeting.meetingId)!.indicators);
    add(s.comparison, m.tooSmall, meeting.tooSmall ? labels.yes : labels.no);
  }
  indicatorRows(all, view.total);
  for (const { organisation, indicators } of view.byOrganisation) {
    const add = adder(labels.allMeetings, organisation);
    add(s.cases, m.received, indicators.cases.received);
    acknowledgementRows(add, indicators.acknowledgements);
  }
  return rows;
}

/** UTF-8 CSV for Swedish Excel, as the yearly report writes it: BOM, semicolons, CRLF, cells through csvField. */
export function followupCsv(view: Pick<FollowupView, 'rows' | 'labels'>): string {
  const { header } = view.labels;
  const lines = [
    [header.meeting, header.organisation, header.section, header.measure, header.value],
    ...view.rows.map((row) => [row.meeting, row.organisation, row.section, row.measure, row.value]),
  ];
  return csvDocument(lines);
}
