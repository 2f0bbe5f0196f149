// Swedish texts of the compact cards: what goes out instead when a card would be too large for a
// Teams message (references and counts, and where the rest is).
import { caseCountLabel } from './texts.sv';

export const COMPACT_TEXTS = {
  agendaTitle: 'Dagordning',
  ackReminderTitle: 'Påminnelse om kvittens',
  submissionReminderTitle: 'Påminnelse: anmäl ärenden till samordningsmötet',
  changeLeader: 'Byt mötesledare',
  /** "Samordningsmöte tisdag 24 november 2026 kl. 13:00". */
  meeting: (meetingLabel: string) => `Samordningsmöte ${meetingLabel}`,
  /** "Område: Norrmalm". */
  area: (area: string) => `Område: ${area}`,
  /** At the foot of every compact card. */
  shortenedNote: 'Meddelandet är förkortat för att rymmas i Teams. Allt finns på Samordningstavlan i mötets kanal.',
  /** After a list of references cut short. */
  more: (count: number) => `och ${count} till – se tavlan`,
  noCases: 'Inga ärenden',
  slotsHeading: 'Tider per område',
  /** "Beslut (12 ärenden)": the references follow. */
  decisions: (count: number) => `Beslut (${caseCountLabel(count)})`,
  /** "4 med uppföljning · 3 avslutas · 2 behöver SIP · 1 eskalerat". */
  decisionCounts: (followUp: number, closed: number, sip: number, escalated: number) =>
    [`${followUp} med uppföljning`, `${closed} avslutas`, sip > 0 ? `${sip} behöver SIP` : '', escalated > 0 ? `${escalated} eskalerade` : '']
      .filter((part) => part !== '')
      .join(' · '),
  responsibleHeading: 'Ansvariga och SIP-samordnare',
  /** "Flyttas till nästa möte, tisdag 1 december 2026 kl. 13:00 (3 ärenden)". */
  carriedOver: (nextMeetingLabel: string, count: number) => `Flyttas till nästa möte, ${nextMeetingLabel} (${caseCountLabel(count)})`,
  /** "3 kvittenser väntar:" */
  acksWaiting: (count: number) => `${count === 1 ? '1 kvittens väntar' : `${count} kvittenser väntar`}:`,
  ackWhere: 'Kvittera på ärendekorten i kanalen eller på tavlan.',
  /** "Ej kvitterat i tid (14)". */
  escalatedItems: (count: number) => `Ärenden (${count})`,
  rosterLine: 'Till alla i mötets deltagarlista.',
  oversizeTitle: 'Meddelande från Samordna',
  oversizeLine: 'Innehållet blev för stort för ett meddelande i Teams. Se Samordningstavlan i mötets kanal.',
  leaderViewShortened: 'Vyn är förkortad för att rymmas i Teams.',
  decided: 'Beslut finns',
} as const;
