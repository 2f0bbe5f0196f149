// "Mina ärenden" and the list of a meeting's decisions: Swedish texts. Both lists are masked
// (reference, initials, birth year) and shown only to the person who asked.

export const MY_CASES_TEXTS = {
  title: 'Mina ärenden',
  privacyLine: 'Visas bara för dig. Ärendena visas med referens, initialer och födelseår; öppna ett ärende för att läsa det.',
  acksHeading: (count: number) => `Att kvittera (${count})`,
  responsibleHeading: (count: number) => `Ansvarig för (${count})`,
  sipHeading: (count: number) => `SIP-samordnare (${count})`,
  submittedHeading: (count: number) => `Anmälda av mig (${count})`,
  nothing: 'Du har inget öppet att göra just nu: inga kvittenser, inga ärenden där du är ansvarig och inga SIP att kalla till.',
  noMeetings: 'Du är inte med i något samordningsmötes deltagarlista ännu. Gå med från välkomstkortet eller med @Samordna hjälp i mötets kanal.',
  ackLine: (roleLabel: string, dueLabel: string) => `Kvittera för: ${roleLabel} · senast ${dueLabel}`,
  ackOverdue: 'Försenad – kvittera så snart du kan',
  actionFor: 'åtgärd till dig',
  followUpLine: (dateLabel: string) => `Uppföljning ${dateLabel}`,
  followUpOverdue: (dateLabel: string) => `Uppföljningsdatumet ${dateLabel} har passerat`,
  noFollowUp: 'Ingen uppföljning – ärendet är avslutat',
  decidedAt: (meetingLabel: string) => `Beslut på mötet ${meetingLabel}`,
  sipLine: (dueLabel: string) => `Kalla till SIP senast ${dueLabel}`,
  sipOverdue: (dueLabel: string) => `Kallelsen till SIP skulle ha gått ut senast ${dueLabel}`,
  submittedLine: (statusLabel: string, meetingLabel: string) => `${statusLabel} · möte ${meetingLabel}`,
  more: (count: number) => `… och ${count} till. Hela listan finns under Mina ärenden på samordningstavlan.`,
  view: 'Visa ärendet',
  ack: 'Kvittera',
  refresh: 'Uppdatera',
  acknowledged: (reference: string) => `Kvitterat: ${reference}.`,
  // In a channel the list is never posted: a button opens it for the presser alone.
  inChannelTitle: 'Mina ärenden visas bara för dig',
  inChannelLine: 'Listan visas aldrig i kanalen. Tryck på knappen så öppnas den bara för dig. Du kan också skriva mina i en personlig chatt med Samordna.',
  open: 'Visa mina ärenden (bara för dig)',
} as const;

export const MEETING_DECISIONS_TEXTS = {
  title: (meetingLabel: string) => `Mötets beslut – ${meetingLabel}`,
  privacyLine: 'Visas bara för dig. Öppna ett ärende för att läsa åtgärderna; att du öppnar det loggas.',
  none: 'Mötet fattade inga beslut.',
  responsible: (name: string) => `Ansvarig: ${name}`,
  followUp: (label: string) => `uppföljning ${label}`,
  closes: 'ärendet avslutas',
  sip: (name: string, due: string) => `SIP-samordnare: ${name} (kallelse senast ${due})`,
  escalated: 'Eskalerat till chef/MLA/MAS/MAR',
  view: 'Visa ärendet',
  back: 'Tillbaka till sammanfattningen',
  page: (from: number, to: number, total: number) => `Beslut ${from}–${to} av ${total}`,
  previousPage: 'Föregående beslut',
  nextPage: 'Fler beslut',
  openAll: 'Visa besluten (bara för dig)',
} as const;
