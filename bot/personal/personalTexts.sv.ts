// The personal tab's API: what it refuses, in Swedish the page shows as it is.

export const PERSONAL_TEXTS = {
  tabs: { mine: 'Mina ärenden', followup: 'Uppföljning' },
  notAManager: 'Uppföljningen visas för chefer på mötenas deltagarlistor.',
  // One text for a meeting that does not exist, another's meeting and one the caller only takes part in: existence leaks nothing.
  meetingNotManaged: 'Mötet finns inte bland de möten du är chef för.',
  invalidMeetingId: 'Mötes-id:t kunde inte läsas.',
  invalidAckId: 'Kvittensens id kunde inte läsas.',
  invalidCaseId: 'Ärendets id kunde inte läsas.',
  invalidBody: 'Förfrågan kunde inte läsas. Ingenting har ändrats.',
  invalidQuery: 'Sökfrågan kunde inte läsas.',
  ackNotFound: 'Kvittensen finns inte. Ärendet kan ha återkallats eller tagits bort efter sin lagringstid.',
  caseNotFound: 'Ärendet finns inte. Det kan ha tagits bort efter sin lagringstid.',
  notOnCaseRoster: 'Bara deltagare i det samordningsmöte ärendet hör till kan se hela ärendet.',
} as const;
