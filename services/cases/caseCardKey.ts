/** The outbox key of a case's card in the channel; updates to the card target this key. */
export const caseCardKey = (caseId: string) => `case:${caseId}:card`;
