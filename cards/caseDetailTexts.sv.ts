// The private case view, its history and the journal copy: Swedish texts (DOMAIN.md §6 — shown
// only to the roster member who asks, never posted).
import type { LocalDate } from '../services/domain/codes';

export const CASE_DETAIL_TEXTS = {
  title: (reference: string) => `Ärende ${reference}`,
  privacyLine: 'Visas bara för dig. Att du öppnade ärendet loggas. Ta inte skärmbilder och kopiera inte texten till kanalen.',
  hide: 'Dölj ärendet',
  purged: 'Innehållet i ärendet har gallrats efter lagringstiden. Kvar finns referensen, datumen, besluten utan åtgärdstext och ärendets historik.',
  sbar: {
    situation: 'S – Situation och kontaktorsak',
    background: 'B – Bakgrund',
    assessment: 'A – Aktuellt tillstånd/status',
    recommendation: 'R – Rekommendation/åtgärd',
    frequency: 'Hur ofta, hur länge, när',
    physicianOrder: 'Läkarordination',
  },
  facts: {
    status: 'Status',
    patient: 'Patient',
    personnummer: 'Personnummer',
    relativeContact: 'Närstående/företrädare',
    careUnit: 'Hälsocentral/sjukstuga/avdelning',
    responsiblePhysician: 'Ansvarig läkare',
    agenda: 'Dagordning',
    urgency: 'Önskad handläggningstid',
    meeting: 'Möte',
    riskGroups: 'Målgrupper',
    cfs: 'CFS',
    medicationListCurrent: 'Aktuell läkemedelslista',
    sampleReferral: 'Provremiss/etikett',
    transferDate: 'Informationsöverföring',
    readyForDischargeAt: 'Utskrivningsklar',
    consent: 'Samtycke',
    submittedBy: 'Anmäld av',
  },
  yes: 'Ja',
  no: 'Nej',
  consentGiven: 'Ja, dokumenterat',
} as const;

/** "19121212-1212": the 12-digit form with the separator people read. */
export const formatPersonnummer = (twelveDigits: string) => `${twelveDigits.slice(0, 8)}-${twelveDigits.slice(8)}`;

/** What the meeting decided, kvittenser and events, under the SBAR in the private view. */
export const CASE_HISTORY_TEXTS = {
  decisionsHeading: 'Beslut',
  noDecisions: (meetingLabel: string) => `Inget beslut ännu. Ärendet tas upp på mötet ${meetingLabel}.`,
  decisionHeading: (meetingLabel: string) => `Samordningsmöte ${meetingLabel}`,
  leader: (name: string) => `Mötesledare: ${name}`,
  actions: 'Åtgärder',
  actionsPurged: 'Åtgärdstexten har gallrats efter lagringstiden.',
  responsible: 'Ansvarig',
  followUp: 'Uppföljning',
  closes: 'Ingen – ärendet avslutades',
  sip: 'SIP',
  sipNeeded: (coordinator: string, due: string) => `Behövs – samordnare ${coordinator}, kallelse senast ${due}`,
  sipNotNeeded: 'Behövs inte',
  escalation: 'Eskalering',
  escalated: (reason: string | null) => (reason ? `Ja – skäl: ${reason}` : 'Ja'),
  escalationAcked: (name: string, at: string) => `Chef har kvitterat (${name}, ${at})`,
  escalationOpen: 'Väntar på kvittens från chef',
  decidedBy: 'Beslutat av',
  olderDecisions: (count: number) => `… och ${count} tidigare beslut (se journalkopian).`,
  acksHeading: 'Kvittenser',
  noAcks: 'Ärendet har inga kvittenser.',
  actionAck: (name: string) => `Åtgärd för ${name}`,
  ackDue: (due: string) => `senast ${due}`,
  ackButton: 'Kvittera',
  eventsHeading: 'Händelser',
  journal: 'Journalkopia',
  backToMine: 'Tillbaka till Mina ärenden',
  backToDecisions: 'Tillbaka till besluten',
  unknownPerson: 'okänd (inte längre i deltagarlistan)',
} as const;

/** The life of a case as the history lists it, by audit action. */
export const CASE_EVENT_LABELS = {
  'case.create': 'Anmält',
  'case.accept_late': 'Togs upp på mötet trots sen anmälan',
  'case.carry_over': 'Flyttat till nästa möte',
  'case.decide': 'Beslut på mötet',
  'case.escalate': 'Eskalerat till chef/MLA/MAS/MAR',
  'case.follow_up': 'Satt på uppföljning',
  'case.close': 'Avslutat',
  'case.withdraw': 'Återkallat',
  'case.purge': 'Innehållet gallrat',
} as const;

/** The journal copy: a plain-text record for each organisation's own journal system. */
export const JOURNAL_TEXTS = {
  title: (reference: string) => `Journalkopia – ärende ${reference}`,
  privacyLine:
    'Visas bara för dig. Att du tog fram journalkopian loggas. Klistra in texten i din verksamhets journalsystem – aldrig i kanalen.',
  howTo: 'Markera all text i fältet (Ctrl+A) och kopiera den (Ctrl+C). Ändringar i fältet sparas inte.',
  fieldLabel: 'Text att klistra in i journalen',
  back: 'Tillbaka till ärendet',
  purged: 'Ärendets innehåll har gallrats efter lagringstiden; journalkopian innehåller bara det som finns kvar.',
  heading: (reference: string) => `Samordningsmöte – ärende ${reference}`,
  patient: 'Patient',
  personnummer: 'Personnummer',
  submitted: (date: LocalDate, by: string) => `Anmält ${date} av ${by}`,
  consent: 'Samtycke: Ja – patientens samtycke är inhämtat och dokumenterat enligt anmälaren.',
  decisionHeading: (date: LocalDate, leader: string | null) => (leader ? `Beslut på samordningsmöte ${date} (mötesledare ${leader})` : `Beslut på samordningsmöte ${date}`),
  noDecisions: 'Inga beslut ännu.',
  followUp: (date: LocalDate | null) => (date ? `Uppföljning: ${date}` : 'Uppföljning: ingen – ärendet avslutades'),
  sip: (coordinator: string, due: LocalDate) => `SIP: behövs, samordnare ${coordinator}, kallelse senast ${due}`,
  escalated: (reason: string | null) => (reason ? `Eskalerat till chef/MLA/MAS/MAR: ${reason}` : 'Eskalerat till chef/MLA/MAS/MAR'),
  olderDecisions: (count: number) => `${count === 1 ? 'Ett äldre beslut' : `${count} äldre beslut`} får inte plats i journalkopian; det senaste beslutet kommer sist.`,
  source: (printedAt: string, by: string) =>
    `Källa: Samordna, utskrivet ${printedAt} av ${by}. Samordna är inte en journal – dokumentera i den egna verksamhetens journalsystem.`,
} as const;
