/** What a user reads when Samordna cannot save (a full disk, a read-only store): nothing was saved. */
export const STORE_FAILURE_TEXTS = {
  formTitle: {
    case: 'Ärendet sparades inte',
    decision: 'Beslutet sparades inte',
    meeting: 'Mötesinställningarna sparades inte',
    roster: 'Du har inte lagts till i deltagarlistan',
  },
  formLines: [
    'Samordna kan inte spara något just nu på grund av ett driftfel hos Samordna – inte något i det du skrev.',
    'Det du skrev finns kvar här nedanför. Skicka igen om en stund; kvarstår felet, kontakta den som ansvarar för driften av Samordna.',
  ],
  cardTitle: 'Det gick inte att spara – inget har ändrats',
  cardLines: [
    'Samordna kan inte spara något just nu på grund av ett driftfel. Det du gjorde är inte registrerat (till exempel en kvittens eller ett beslut).',
    'Försök igen om en stund. Kvarstår felet, kontakta den som ansvarar för driften av Samordna.',
  ],
  /** For a message in a chat, where no card is sent (e.g. the welcome could not be stored). */
  message: 'Samordna kan inte spara något just nu på grund av ett driftfel. Försök igen om en stund.',
  /** The board's and the meeting panel's API. */
  http: 'Samordna kan inte spara något just nu på grund av ett driftfel. Inget har ändrats – försök igen om en stund.',
} as const;
