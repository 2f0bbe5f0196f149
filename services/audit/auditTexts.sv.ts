import type { AuditAction } from '../domain/records';

// The Swedish of the patient's log extract (and of docs/audit.md's table): what a person reads
// when they ask who did what with their cases.

export const ACTION_NAMES: Readonly<Record<AuditAction, string>> = {
  'case.create': 'Registrerade ärendet',
  'case.read': 'Läste ärendet',
  'case.withdraw': 'Återkallade ärendet',
  'case.purge': 'Gallrade innehållet',
  'ack.confirm': 'Kvitterade ärendet',
  'case.decide': 'Beslut på samordningsmötet',
  'case.follow_up': 'Satte ärendet på uppföljning',
  'case.close': 'Avslutade ärendet',
  'case.carry_over': 'Flyttade ärendet till nästa möte',
  'case.escalate': 'Eskalerade ärendet till chef',
  'case.accept_late': 'Tog upp sent inkommet ärende',
  'audit.purge': 'Gallrade gamla loggposter',
  'audit.extract': 'Tog fram loggutdrag',
  'board.view': 'Öppnade mötets samordningstavla',
  'board.report': 'Tog fram mötets uppföljningsrapport',
  'followup.read': 'Öppnade chefernas uppföljning av mötet',
  'case.journal': 'Tog fram journalkopia av ärendet',
  'cases.mine': 'Öppnade listan Mina ärenden',
  'meeting.decisions': 'Öppnade listan över mötets beslut',
  // An operator's actions on the outbox; about a message, not a case, so no extract shows them today.
  'outbox.retry': 'Skickade om ett meddelande som inte gått fram',
  'outbox.discard': 'Kastade ett meddelande som inte gått fram',
};

export const EXTRACT_TEXTS = {
  title: (personnummer: string) => `Loggutdrag för personnummer ${personnummer}`,
  producedAt: (when: string) => `Datum för utdraget: ${when}`,
  period: (years: number, from: string) => `Period som loggen täcker: de senaste ${years} åren, från ${from}`,
  producedBy: (name: string, account: string) => (name === account ? `Utdraget togs fram av: ${name}` : `Utdraget togs fram av: ${name} (konto ${account})`),
  noCases: 'Inga ärenden hittades för personnumret.',
  caseCount: (count: number) => (count === 1 ? 'Ett ärende hittades.' : `${count} ärenden hittades.`),
  caseHeading: (reference: string, meeting: string) => `Ärende ${reference}, samordningsmöte ${meeting}`,
  meeting: (area: string | null, date: string) => (area ? `${area} ${date}` : date),
  contentPurged: (when: string) => `Ärendets innehåll gallrades ${when}; loggen finns kvar.`,
  noEntries: 'Inga loggposter inom perioden.',
  clinicalNote: 'Utdraget visar vem som gjort vad och när. Det innehåller inga uppgifter ur själva ärendet.',
  invalidPersonnummer: 'Personnumret eller samordningsnumret är inte giltigt. Skriv det som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN och kontrollera siffrorna.',
  futureBirthDate: 'Födelsedatumet i personnumret ligger i framtiden. Kontrollera århundradet (ÅÅÅÅ).',
} as const;
