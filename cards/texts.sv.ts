// Every Swedish string that code composes (labels for codes, validation messages, dates).
// Fixed sentences that belong to one card live in that card's JSON template instead.
import { ISSUE_CODES } from '../services/domain/codes';
import type { IssueCode, LocalDate, LocalTime, RiskGroup, Role, Urgency, Weekday } from '../services/domain/codes';
import type { HolidayPolicy, MeetingSchedule } from '../services/domain/records';
import { agendaItemLabel, CASE_STATUS_LABELS, ROLE_LABELS, URGENCY_LABELS } from '../services/domain/labels.sv';
import { toLocal } from '../services/time/stockholm';
import type { AckState } from '../services/acks/ackState';

export type { AckState };

export { agendaItemLabel, CASE_STATUS_LABELS, ROLE_LABELS, URGENCY_LABELS };

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

export function urgencyLabel(urgency: Urgency): string {
  return URGENCY_LABELS[urgency];
}

/** The routine's target groups (samordningsmöten-rutin, "Målgrupp för samordning"). */
export const RISK_GROUP_LABELS: Readonly<Record<RiskGroup, string>> = {
  frequent_visitor: 'Mångbesökare på akutmottagning eller hälsocentral',
  readmitted: 'Återinskriven på sjukhus',
  multimorbid: 'Multisjuk med sviktande hälsa',
  palliative: 'I livets slutskede, palliativ vård',
  lasting_impairment: 'Varaktig kognitiv, psykisk eller fysisk funktionsnedsättning',
  raised_risk_scale: 'Ökad risk enligt skattningsformulär (t.ex. CFS)',
  frail_elderly: 'Skör äldre – närstående hör av sig om försämring i hemmet',
};

/** Clinical Frailty Scale 2.0, Swedish version. */
export const CFS_LABELS: Readonly<Record<1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9, string>> = {
  1: '1 – Mycket vital',
  2: '2 – Vital',
  3: '3 – Klarar sig väl',
  4: '4 – Mycket lätt skör',
  5: '5 – Lätt skör',
  6: '6 – Måttligt skör',
  7: '7 – Uttalat skör',
  8: '8 – Mycket uttalat skör',
  9: '9 – Terminalt sjuk',
};

/** Index = ISO weekday (1 = Monday); lower case as in running Swedish text. */
const WEEKDAY_NAMES = ['', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'] as const;

export function weekdayName(weekday: Weekday): string {
  return WEEKDAY_NAMES[weekday];
}

/** For lists and choice titles, where Swedish capitalises the first word. */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('sv-SE') + text.slice(1);
}


// ---------------------------------------------------------------------------------------------
// Validation messages

export { ISSUE_CODES, type IssueCode };
export interface IssueParams {
  max?: number;
  min?: number;
}

const ISSUE_TEXTS: Readonly<Record<IssueCode, (params: IssueParams) => string>> = {
  required: () => 'Det här fältet måste fyllas i.',
  too_long: ({ max }) => (max === undefined ? 'Texten är för lång.' : `Texten är för lång – högst ${max} tecken.`),
  invalid_choice: () => 'Välj ett av alternativen i listan.',
  // Used both for malformed dates and for dates of past events that lie in the future.
  invalid_date: () =>
    'Ange ett giltigt datum (ÅÅÅÅ-MM-DD). Ett datum för något som redan har skett kan inte ligga i framtiden.',
  invalid_time: () => 'Ange en giltig tid (TT:MM), till exempel 13:00.',
  invalid_number: () => 'Ange ett heltal, bara siffror.',
  out_of_range: ({ min, max }) => {
    if (min !== undefined && max !== undefined) return `Ange ett värde mellan ${min} och ${max}.`;
    if (min !== undefined) return `Ange ett värde som är minst ${min}.`;
    if (max !== undefined) return `Ange ett värde som är högst ${max}.`;
    return 'Värdet ligger utanför det tillåtna intervallet.';
  },
  invalid_personnummer: () =>
    'Personnumret eller samordningsnumret är inte giltigt. Skriv det som ÅÅÅÅMMDD-NNNN och kontrollera siffrorna.',
  future_birth_date: () => 'Födelsedatumet i personnumret ligger i framtiden. Kontrollera århundradet (ÅÅÅÅ).',
  consent_required: () => 'Patientens samtycke krävs. Utan dokumenterat samtycke kan ärendet inte registreras.',
  invalid_instant: () =>
    'Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM, till exempel 2026-11-24 14:30. Tiden kan inte ligga i framtiden.',
  not_a_roster_member: () => 'Personen finns inte i mötets deltagarlista. Välj någon som är med i listan.',
};

export function issueText(code: IssueCode, params: IssueParams = {}): string {
  return ISSUE_TEXTS[code](params);
}

/** Services' field issues → the `issues` map the form builders take (field → message). */
export function issueMessages(
  issues: readonly { field: string; code: IssueCode; params?: IssueParams }[],
): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const issue of issues) messages[issue.field] ??= issueText(issue.code, issue.params);
  return messages;
}

// ---------------------------------------------------------------------------------------------
// Dates and times (local Europe/Stockholm wall-clock values; no time-zone arithmetic here)

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

// The date is a calendar date, not an instant: formatting noon UTC in UTC can never slip to a
// neighbouring day, whatever the host's zone.
const WEEKDAY_FORMAT = new Intl.DateTimeFormat('sv-SE', { weekday: 'long', timeZone: 'UTC' });
const MONTH_FORMAT = new Intl.DateTimeFormat('sv-SE', { month: 'long', timeZone: 'UTC' });

function calendarNoon(date: LocalDate): Date {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new RangeError(`Not a local date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const noon = new Date(Date.UTC(year, month - 1, day, 12));
  if (noon.getUTCFullYear() !== year || noon.getUTCMonth() !== month - 1 || noon.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  return noon;
}

/** "2026-11-24" → "tisdag 24 november 2026". */
export function formatLocalDate(date: LocalDate): string {
  const noon = calendarNoon(date);
  return `${WEEKDAY_FORMAT.format(noon)} ${noon.getUTCDate()} ${MONTH_FORMAT.format(noon)} ${noon.getUTCFullYear()}`;
}

/** "2026-11-24", "13:00" → "tisdag 24 november 2026 kl. 13:00". */
export function formatMeetingTime(date: LocalDate, time: LocalTime): string {
  if (!LOCAL_TIME.test(time)) throw new RangeError(`Not a local time (HH:MM): ${time}`);
  return `${formatLocalDate(date)} kl. ${time}`;
}

/**
 * A stored instant (say, when a kvittens was given) as Stockholm wall-clock time:
 * "tisdag 24 november 2026 kl. 10:12". The zone conversion is services/time's `toLocal`.
 */
export function formatInstant(instant: Date): string {
  const local = toLocal(instant);
  return formatMeetingTime(local.date, local.time);
}

/** Same as `formatMeetingTime`, under the name the bot's verbs use for meeting occurrences. */
export function meetingTimeLabel(date: LocalDate, time: LocalTime): string {
  return formatMeetingTime(date, time);
}

/**
 * A cut-off instant already converted to Stockholm wall-clock time (services/time `toLocal`),
 * e.g. "måndag 23 november 2026 kl. 23:59". Pass the last minute that still counts: the
 * cards say "senast".
 */
export function cutoffInstantLabel(local: { date: LocalDate; time: LocalTime }): string {
  return formatMeetingTime(local.date, local.time);
}

function addMinutes(time: LocalTime, minutes: number): LocalTime {
  const total = (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes) % (24 * 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/** "varje tisdag kl. 13:00–14:00" — the `scheduleLabel` of the welcome and saved cards. */
export function scheduleLabel(schedule: Pick<MeetingSchedule, 'weekday' | 'time' | 'durationMinutes'>): string {
  if (!LOCAL_TIME.test(schedule.time)) throw new RangeError(`Not a local time (HH:MM): ${schedule.time}`);
  return `varje ${weekdayName(schedule.weekday)} kl. ${schedule.time}–${addMinutes(schedule.time, schedule.durationMinutes)}`;
}

/** "måndag kl. 23:59, dagen före mötet" — the standing rule (DOMAIN.md §5), for `cutoffLabel`. */
export function cutoffLabel(schedule: Pick<MeetingSchedule, 'weekday' | 'cutoffTime'>): string {
  if (!LOCAL_TIME.test(schedule.cutoffTime)) throw new RangeError(`Not a local time (HH:MM): ${schedule.cutoffTime}`);
  const dayBefore = ((schedule.weekday + 5) % 7) + 1;
  return `${weekdayName(dayBefore as Weekday)} kl. ${schedule.cutoffTime}, dagen före mötet`;
}

// ---------------------------------------------------------------------------------------------
// Short phrases the builders compose

export const FORM_TEXTS = {
  checkMarkedFields: 'Kontrollera de markerade fälten',
} as const;

/** "A.E. (1942)": the masked identity the channel may show (DOMAIN.md §6). */
export function patientLabel(initials: string, birthYear: string): string {
  return `${initials} (${birthYear})`;
}

export const NO_RECIPIENTS = 'Ingen särskild roll';
/** Shown where a masked value was unusable, rather than whatever was passed in. */
export const UNKNOWN_VALUE = '–';

/** Titles of the buttons that lead on from a refusal or notice. */
export const BUTTON_TITLES = {
  meetingForm: 'Ställ in mötet',
  rosterForm: 'Gå med i deltagarlistan',
  caseForm: 'Anmäl ärende (SBAR)',
  help: 'Hjälp',
  changeRole: 'Ändra min roll',
} as const;

/** The refusals every verb can meet; each says what happened and what to do next. */
export const REFUSAL_TEXTS = {
  meetingNotSetUp: {
    title: 'Mötet är inte inställt ännu',
    lines: ['Innan ärenden kan anmälas behöver kanalen ett samordningsmöte med område, veckodag och tid.'],
  },
  // A personal chat has no meeting of its own; it belongs to the team's channel.
  meetingNotSetUpInPersonalChat: {
    title: 'Mötet är inte inställt ännu',
    lines: [
      'Samordningsmötet hör till den kanal där teamet håller mötet. Öppna kanalen och välj Ställ in mötet där.',
    ],
  },
  notOnRoster: {
    title: 'Du är inte med i deltagarlistan',
    lines: ['Bara deltagare i mötet kan anmäla och hantera ärenden. Gå med i deltagarlistan och försök igen.'],
  },
  caseNotFound: {
    title: 'Ärendet finns inte',
    lines: ['Ärendet kan ha tagits bort efter sin lagringstid, eller så hör det till ett annat möte.'],
  },
  notAllowed: {
    title: 'Det här får du inte göra',
    lines: [],
  },
  somethingWentWrong: {
    title: 'Något gick fel',
    lines: [
      'Samordna kunde inte slutföra åtgärden. Om ett ärende skickades: kontrollera i kanalen om det registrerades innan du försöker igen.',
    ],
  },
  meetingChangeNotAllowed: {
    title: 'Du kan inte ändra mötet',
    lines: ['Mötets tider ändras av den som ställde in det eller av en chef i deltagarlistan, eftersom alla planerar efter dem.'],
  },
  meetingBelongsToChannel: {
    title: 'Mötet ställs in i teamets kanal',
    lines: ['Ett samordningsmöte hör till en kanal eller gruppchatt. Lägg till Samordna där och ställ in mötet i den.'],
  },
  unreadableAction: {
    title: 'Kortet kunde inte läsas',
    lines: ['Knappen skickade inget som Samordna känner igen. Ingenting har sparats. Be om ett nytt kort med @Samordna hjälp.'],
  },
  tooManyActions: {
    title: 'Vänta en stund',
    lines: ['Du har gjort många åtgärder på kort tid. Vänta en stund och försök igen.'],
  },
  unknownButton: {
    title: 'Knappen känns inte igen',
    lines: ['Den här knappen hör till en äldre version av kortet. Be om ett nytt kort med @Samordna hjälp.'],
  },
  notUnderstood: {
    title: 'Det förstod jag inte',
    lines: ['Samordna styrs med knapparna på korten. Skriv @Samordna hjälp för att se vad du kan göra.'],
  },
  privateViewOnly: {
    title: 'Ärendet kan inte visas här',
    lines: [
      'Hela ärendet visas bara för den som öppnar det. Din Teams-version skulle visa det för alla i kanalen, så det visas inte.',
      'Öppna ärendet i en nyare Teams-version eller i en personlig chatt med Samordna.',
    ],
  },
  notOnCaseRoster: {
    title: 'Du kan inte öppna ärendet',
    lines: ['Bara deltagare i det samordningsmöte ärendet hör till kan se hela ärendet.'],
  },
  // The Action.Submit fallback posts its answer for everyone; typed patient data must not follow.
  ackNotYourRole: {
    title: 'Du kan inte kvittera det här',
    lines: [
      'Du har inte den roll som ska kvittera. Den som har rollen i deltagarlistan kvitterar; är din roll fel kan du ändra den i deltagarlistan.',
    ],
  },
  ackNotFound: {
    title: 'Kvittensen finns inte',
    lines: ['Ärendet kan ha återkallats eller tagits bort efter sin lagringstid. Ingenting har sparats.'],
  },
  formNeedsFixingInChannel: {
    title: 'Formuläret behöver rättas',
    lines: [
      'Några fält behöver rättas. Av sekretesskäl visas det du skrev inte i kanalen, och ingenting har sparats.',
      'Öppna formuläret igen, eller anmäl ärendet i en personlig chatt med Samordna.',
    ],
  },
} as const;

export const incidentLine = (incident: string) => `Felkod för support: ${incident}`;
export const withdrawOnlyBySubmitter = (reference: string) => `Ärende ${reference} kan bara återkallas av den som anmälde det eller av mötesledaren.`;
export const withdrawAfterMeetingStarted = (reference: string) =>
  `Ärende ${reference} kan inte återkallas längre eftersom mötet har börjat. Ta upp det med mötesledaren.`;

/** The refusal of a second `ack.confirm`: "Redan kvitterat av Åsa Öberg tisdag 24 november 2026 kl. 10:12". */
export const ackAlreadyConfirmed = (name: string, time: string) => words('Redan kvitterat', name ? `av ${name}` : '', time);

/** Under that title: nothing more to do. */
export const alreadyAcknowledgedLine = (roleLabel: string) =>
  `Kvittensen för ${roleLabel} är redan registrerad. Du behöver inte göra något mer.`;

/** The reason for refusing `ack.confirm` to someone without the role (for `notAllowedCard`). */
export const notYourAckRole = (roleLabel: string) =>
  `${REFUSAL_TEXTS.ackNotYourRole.lines[0]} Kvittensen gäller ${roleLabel}.`;

// ---------------------------------------------------------------------------------------------
// The meeting's further settings (meeting.setup, DOMAIN.md §5)

export const MEETING_SETTING_LABELS = {
  heading: 'Fler inställningar',
  intro: 'Standardvärdena följer rutinen. Ändra dem bara om ert område har kommit överens om andra tider.',
  agendaTime: 'Dagordningen skickas kl.',
  reminderTime: 'Påminnelse dagen före kl.',
  ackReminderTime: 'Påminnelse om kvittens kl.',
  ackDueTime: 'Kvittens senast kl.',
  ackNoticeCutoff: 'Meddelanden före denna tid ska kvitteras samma dag',
  holidayPolicy: 'Om mötesdagen är en helgdag',
  timeError: 'Ange en tid, till exempel 12:00.',
  holidayPolicyError: 'Välj vad som ska hända med mötet.',
  dischargeHeading: 'Utskrivning (enligt er regionala överenskommelse)',
  sipSummonsDays: 'SIP-kallelse senast, dagar efter utskrivningsklar',
  paymentDaysBeforeNoon: 'Betalningsansvar börjar, dagar efter besked före kl. 12',
  paymentDaysFromNoon: 'Betalningsansvar börjar, dagar efter besked kl. 12 eller senare',
  dayCountError: 'Ange ett antal dagar, 0–30.',
  areaSlots: 'Tider per område (om mötet delas upp områdesvis)',
  areaSlotsPlaceholder: '13:00 Byske; 13:30 Kåge',
  areaSlotsHelp:
    'Av sekretesskäl kan mötet delas upp så att var och en bara deltar under sitt områdes tid. Skriv starttid och område, åtskilda med semikolon. Lämna tomt för ett gemensamt möte.',
  slotAreaLabel: 'Område (tid på mötet)',
} as const;

/** Point 5 of the agenda: what the discharge notice means for the meeting (DOMAIN.md §5). */
export const dischargeLine = (readyLabel: string, sipLabel: string, paymentLabel: string) =>
  `utskrivningsklar ${readyLabel} · SIP-kallelse senast ${sipLabel} · betalningsansvar från ${paymentLabel}`;

export const HOLIDAY_POLICY_LABELS: Readonly<Record<HolidayPolicy, string>> = {
  move: 'Flytta till nästa vardag',
  skip: 'Ställ in mötet den veckan',
};

// ---------------------------------------------------------------------------------------------
// The dagordning (DOMAIN.md §3): six fixed points

export type AgendaPoint = 1 | 2 | 3 | 4 | 5 | 6;
export const AGENDA_POINTS: readonly AgendaPoint[] = [1, 2, 3, 4, 5, 6];

export const AGENDA_POINT_TITLES: Readonly<Record<AgendaPoint, string>> = {
  1: 'Kort genomgång av aktuellt läge i området',
  2: 'Identifierade riskindivider – åtgärder, ansvarig och uppföljningsdatum',
  3: 'Vid behov – avstämning av pågående ärenden',
  4: 'Individer i behov av SIP – utse samordnare',
  5: 'Patienter i behov av samordning vid utskrivning',
  6: 'Sammanfattning',
};

/** "3. Vid behov – avstämning av pågående ärenden". */
export function agendaPointLabel(point: AgendaPoint): string {
  return `${point}. ${AGENDA_POINT_TITLES[point]}`;
}

export const AGENDA_TEXTS = {
  noCases: 'Inga ärenden',
  followUp: 'uppföljning',
  leaderNotAppointed: 'ej utsedd ännu',
} as const;

/** "Mötesledare: Åsa Öberg" or "Mötesledare: ej utsedd ännu". */
export const leaderLine = (leaderLabel: string | null) =>
  `Mötesledare: ${leaderLabel !== null && leaderLabel.trim() !== '' ? leaderLabel : AGENDA_TEXTS.leaderNotAppointed}`;

/** "1 ärende", "3 ärenden". */
export const caseCountLabel = (count: number) => (count === 1 ? '1 ärende' : `${count} ärenden`);

/** "Totalt 3 ärenden." or, before the first one, that none is submitted yet. */
export const totalCasesLine = (total: number) => (total > 0 ? `Totalt ${caseCountLabel(total)}.` : 'Inga ärenden är anmälda ännu.');

/** "… och 12 ärenden till" under a list that was cut to keep the card small. */
export const moreCasesLine = (count: number) => `… och ${caseCountLabel(count)} till`;

/** "SA-K7QX4 · A.E. (1942) · Skyndsamt": a case as the channel may show it. */
export const maskedCaseLine = (parts: readonly string[]) => parts.filter((part) => part !== '').join(' · ');

/** "Skicka in ärenden senast måndag 23 november 2026 kl. 23:59." */
export const submitBeforeLine = (cutoff: string) => `Skicka in ärenden senast ${cutoff}.`;

// ---------------------------------------------------------------------------------------------
// Kvittens (DOMAIN.md §5)


/** A role's kvittens on the channel card. */
export function ackStateText(state: AckState, byName: string | null, atLabel: string | null): string {
  const confirmed = words('Kvitterad', byName ? `av ${byName}` : '', atLabel ?? '');
  switch (state) {
    case 'open':
      return 'Väntar på kvittens';
    case 'overdue':
      return 'Ej kvitterad – försenad';
    case 'confirmed':
      return confirmed;
    case 'confirmed_late':
      return `${confirmed} – sen kvittens`;
  }
}

function words(...parts: string[]): string {
  return parts.map((part) => part.trim()).filter((part) => part !== '').join(' ');
}

export const ACK_TEXTS = {
  button: 'Kvittera',
  view: 'Visa ärendet (bara för dig)',
  myCases: 'Mina ärenden',
  notNeededAfterWithdrawal: 'Behöver inte kvitteras – ärendet är återkallat',
  nothingToAck: 'Det finns inget att kvittera just nu.',
  defaultDueTime: '12:00',
} as const;

/** The channel card when no kvittens exists: the roles that will owe one, or that none does. */
export const noAcknowledgementsLine = () => `${NO_RECIPIENTS} behöver kvittera.`;

/** Lines that @mention people; `mention` is `mentionText(person)` from cards/mentions. */
export const MENTION_LINES = {
  responsible: (mention: string) => `Ansvarig: ${mention}`,
  ackOwed: (mention: string) => `${mention}, det här väntar på din kvittens.`,
  manager: (mention: string) => `${mention}, det här behöver din uppmärksamhet som chef.`,
  roster: (mentions: string) => `Till mötets deltagare: ${mentions}`,
  leader: (mention: string) => `${mention}, du leder dagens samordningsmöte.`,
} as const;

/** "Kvittera för Socialsekreterare". */
export const ackButtonTitle = (roleLabel: string) => `Kvittera för ${roleLabel}`;

/** "Kvitterat för Socialsekreterare". */
export const ackConfirmedTitle = (roleLabel: string) => `Kvitterat för ${roleLabel}`;

/** "Kvitterat efter 12:00, registrerat som sen kvittens." */
export const ackLateLine = (dueTime: string) => `Kvitterat efter ${dueTime}, registrerat som sen kvittens.`;

/** "Kvittera för: Socialsekreterare · senast onsdag 25 november 2026 kl. 12:00". */
export const ackDueLine = (roleLabel: string, dueLabel: string) => `Kvittera för: ${roleLabel} · senast ${dueLabel}`;

/** "… och 5 till. Kvittera dem på ärendekorten i kanalen." */
export const moreAcksLine = (count: number) => `… och ${count} till. Kvittera dem på ärendekorten i kanalen.`;

/** Escalation lines: what is overdue, for whom, since when. */
export const ESCALATION_TEXTS = {
  overdueTitle: 'Ej kvitterat i tid',
  escalatedTitle: 'Eskalerat från samordningsmötet',
  ackKind: 'Kvittens saknas',
  caseKind: 'Eskalerat från mötet',
  more: (count: number) => `… och ${count} till.`,
  reasonWithheldInChannel:
    'Skälet från mötet visas inte i kanalen av sekretesskäl. Fråga mötesledaren om det.',
} as const;

export const escalationRoleLine = (kind: 'ack' | 'case', roleLabel: string) =>
  kind === 'ack' ? `Ska kvitteras av: ${roleLabel}` : `Ansvarig: ${roleLabel}`;

export const escalationSinceLine = (kind: 'ack' | 'case', dueLabel: string) =>
  kind === 'ack' ? `Skulle ha kvitterats senast ${dueLabel}` : `Eskalerat ${dueLabel}`;

/** "Skäl från mötet: …". */
export const escalationReasonLine = (reason: string) => `Skäl från mötet: ${reason}`;

// ---------------------------------------------------------------------------------------------
// Holidays and follow-ups

/** "Mötet fredag 25 december 2026 kl. 13:00 infaller på juldagen." */
export const holidayFallsOnLine = (originalLabel: string, holidayName: string) =>
  `Mötet ${originalLabel} infaller på ${holidayName}.`;

export const holidayMovedLine = (newLabel: string | null) =>
  newLabel ? `Mötet flyttas till ${newLabel}.` : 'Mötet flyttas till nästa vardag. Den nya tiden kommer i dagordningen.';

export const HOLIDAY_TEXTS = {
  movedTitle: 'Mötet flyttas',
  skippedTitle: 'Mötet ställs in den här veckan',
  movedCases: 'Anmälda ärenden följer med till den nya tiden.',
  skippedLine: 'Mötet ställs in den här veckan.',
  skippedCases: 'Anmälda ärenden och nya ärenden tas upp på nästa möte.',
} as const;

/** "Uppföljningsdatumet onsdag 2 december 2026 har kommit för ärende SA-K7QX4, A.E. (1942)." */
export const followUpDueLine = (reference: string, patient: string, followUpLabel: string) =>
  `Uppföljningsdatumet ${followUpLabel} har kommit för ärende ${reference}, ${patient}.`;

/** "Ärendet tas upp under punkt 3, avstämning av pågående ärenden, på mötet tisdag 8 december 2026 kl. 13:00." */
export const followUpMeetingLine = (meetingLabel: string) =>
  `Ärendet tas upp under punkt 3, avstämning av pågående ärenden, på mötet ${meetingLabel}.`;

// ---------------------------------------------------------------------------------------------
// Job texts: the `summary` of what the scheduled jobs post (shown in notifications and the
// activity feed, so never more than the channel may show).

export const JOB_TEXTS = {
  agendaSummary: (area: string, meetingLabel: string) => `Dagordning för samordningsmötet ${meetingLabel}, ${area}`,
  submissionReminderSummary: (cutoff: string) => `Påminnelse: anmäl ärenden senast ${cutoff}`,
  ackReminderSummary: (count: number) =>
    count === 1 ? 'Påminnelse: 1 ärende väntar på kvittens' : `Påminnelse: ${count} ärenden väntar på kvittens`,
  escalationSummary: (count: number) =>
    count === 1 ? '1 ärende har inte kvitterats i tid' : `${count} ärenden har inte kvitterats i tid`,
  caseEscalatedSummary: (reference: string) => `Ärende ${reference} är eskalerat från mötet`,
  holidayMovedSummary: (originalLabel: string) => `Mötet ${originalLabel} flyttas på grund av helgdag`,
  holidaySkippedSummary: (originalLabel: string) => `Mötet ${originalLabel} ställs in på grund av helgdag`,
  followUpSummary: (reference: string) => `Dags för uppföljning av ärende ${reference}`,
  ackConfirmedSummary: (reference: string) => `Ärende ${reference} är kvitterat`,
  meetingEndReminderSummary: (meetingLabel: string) => `Teams-mötet är slut: avsluta samordningsmötet ${meetingLabel}`,
} as const;

/** The name shown in a mention whose display name had nothing left after cleaning. */
export const MENTION_FALLBACK_NAME = 'Deltagare';

// ---------------------------------------------------------------------------------------------
// The meeting leader (mötesledare)

export const LEADER_TEXTS = {
  title: 'Mötesledare',
  upcoming: 'Kommande möten',
  chooseSomeone: 'Lämna över till',
  handOver: 'Lämna över',
  skip: 'Hoppa över – mötesledaren är frånvarande',
  onlyLeaderOrManager: 'Mötesledaren själv eller en chef i deltagarlistan kan byta mötesledare.',
  rotation: 'Uppdraget roterar, växelvis mellan hälsocentral och kommun.',
  nobodyEligible: 'Ingen i deltagarlistan kan vara mötesledare ännu.',
  notAMember: 'Den du valde finns inte i deltagarlistan.',
  nobodyElse: 'Det finns ingen annan i turordningen som kan ta över.',
} as const;

export const leaderOfMeetingLine = (meetingLabel: string, leaderName: string | null) =>
  `${capitalize(meetingLabel)}: ${leaderName ?? AGENDA_TEXTS.leaderNotAppointed}`;
export const handedOverLine = (name: string) => `${name} leder mötet i stället.`;
export const skippedLine = (name: string, nextLabel: string, absentName: string) =>
  `${name} leder mötet i stället. ${absentName} tar nästa tur, ${nextLabel}.`;

// ---------------------------------------------------------------------------------------------
// Running the meeting (DOMAIN.md §3): the leader's view, the decision form, the summary

export const MEETING_RUN_TEXTS = {
  leaderTitle: 'Du leder mötet',
  lateTitle: 'Sent inkomna ärenden',
  lateIntro: 'De kom in efter sista tiden och går annars till nästa möte.',
  acceptLate: 'Ta upp idag',
  onlyForYou: 'Visas bara för dig. Kanalen ser bara dagordningen och sammanfattningen.',
  areaNoteLabel: 'Kort genomgång av aktuellt läge i området (anteckning)',
  saveAndNext: 'Spara och gå vidare',
  previousPoint: 'Föregående punkt',
  nextPoint: 'Nästa punkt',
  decide: 'Besluta',
  changeDecision: 'Ändra beslut',
  noDecisionYet: 'Inget beslut ännu',
  noCasesAtPoint: 'Inga ärenden under den här punkten',
  summaryTitle: 'Sammanfattning',
  undecidedMoveOn: 'Ärenden utan beslut flyttas automatiskt till nästa möte.',
  endMeeting: 'Avsluta mötet och skicka sammanfattningen',
  running: '▶ pågår',
  ended: 'Mötet är avslutat.',
  startMeeting: 'Starta mötet',
} as const;

/** "Punkt 2 av 6: Identifierade riskindivider – åtgärder, ansvarig och uppföljningsdatum". */
export const meetingStepLine = (point: AgendaPoint) => `Punkt ${point} av 6: ${AGENDA_POINT_TITLES[point]}`;

/** On the channel's agenda while the meeting runs: "Mötet pågår: punkt 3 av 6." */
export const meetingRunningLine = (point: AgendaPoint) => `Mötet pågår: punkt ${point} av 6.`;

/** "2 av 5 ärenden har beslut". */
export const decidedCountLine = (decided: number, total: number) =>
  `${decided} av ${total} ${total === 1 ? 'ärende' : 'ärenden'} har beslut`;

/** A decision line for the leader: "Ansvarig: Omar Hassan · uppföljning tisdag 8 december 2026". */
export const decisionSummaryLine = (responsibleName: string, followUpLabel: string | null) =>
  `Ansvarig: ${responsibleName} · ${followUpLabel === null ? DECISION_TEXTS.closes : `uppföljning ${followUpLabel}`}`;

export const DECISION_TEXTS = {
  title: (reference: string) => `Beslut för ärende ${reference}`,
  privacyLine:
    'Visas bara för dig. Åtgärderna sparas i ärendet och visas bara för mötets deltagare, aldrig i kanalen.',
  actions: 'Åtgärder',
  actionsError: 'Skriv vilka åtgärder mötet beslutade.',
  responsible: 'Ansvarig',
  responsibleError: 'Välj vem som är ansvarig.',
  followUpDate: 'Uppföljningsdatum – lämna tomt om ärendet kan avslutas',
  followUpHelp: 'Datumet ska ligga i framtiden. Ärendet tas då upp igen under punkt 3 på mötet.',
  /** The issue message for a follow-up date that is not after today (invalid_date says the opposite). */
  followUpNotInFuture: 'Uppföljningsdatumet måste ligga efter dagens datum. Lämna fältet tomt om ärendet kan avslutas.',
  /** The issue message for an escalation without a reason. */
  escalationReasonRequired: 'Skriv varför ärendet eskaleras.',
  sipNeeded: 'Behov av SIP',
  sipCoordinator: 'SIP-samordnare (kallar till SIP-mötet)',
  nobodyChosen: 'Ingen vald',
  escalate: 'Eskalera till chef/MLA/MAS/MAR',
  escalationReason: 'Skäl till eskalering',
  save: 'Spara beslut',
  back: 'Tillbaka',
  closes: 'avslutas',
} as const;

export const SUMMARY_TEXTS = {
  title: 'Sammanfattning av samordningsmötet',
  decisionsHeading: (count: number) => `Beslut (${caseCountLabel(count)})`,
  noDecisions: 'Inga beslut fattades på mötet.',
  decisionsInCase:
    'Åtgärderna visas inte i kanalen. Mötets deltagare läser dem med Visa besluten – listan och ärendena öppnas bara för den som trycker.',
  followUp: (label: string) => `uppföljning ${label}`,
  noFollowUp: 'ingen uppföljning – ärendet avslutas',
  sipCoordinator: (mention: string) => `SIP-samordnare: ${mention}`,
  sipSummons: (date: string) => `kallelse till SIP senast ${date}`,
  escalated: 'Eskalerat till chef/MLA/MAS/MAR',
  carriedOverHeading: (nextMeetingLabel: string) => `Flyttas till nästa möte (${nextMeetingLabel}):`,
  ackLine: 'Varje ansvarig får en kvittens att bekräfta.',
} as const;

/** The activity summary of the posted summary card (what notifications show). */
export const meetingSummaryText = (area: string, meetingLabel: string) =>
  `Sammanfattning av samordningsmötet ${meetingLabel}, ${area}`;

/** What bot/ composes around the meeting run: refusals, notices and the leader's decision lines. */
export const RUN_TEXTS = {
  acceptedLate: 'Det sent inkomna ärendet tas upp på dagens möte.',
  /** "Ansvarig: Omar Hassan · uppföljning tisdag 8 december 2026 · SIP · eskalerat". */
  decisionLine: (responsibleName: string, followUpLabel: string | null, sipNeeded: boolean, escalate: boolean) =>
    maskedCaseLine([
      decisionSummaryLine(responsibleName, followUpLabel),
      sipNeeded ? 'SIP' : '',
      escalate ? 'eskalerat' : '',
    ]),
  decided: (reference: string) => `Beslutet för ${reference} är sparat.`,
  notOnAgenda: 'Ärendet finns inte på dagens dagordning. Ingenting har sparats.',
  onlyLeader: 'Bara dagens mötesledare eller en chef i deltagarlistan kan leda mötet. Byt mötesledare från dagordningen om någon annan ska leda det.',
  notRunningTitle: 'Mötet pågår inte',
  notRunning: 'Mötet har inte startats, eller så är det redan avslutat. Starta mötet från dagordningen i kanalen.',
  notTodayTitle: 'Mötet är inte i dag',
  notToday: 'Mötet kan bara startas på mötesdagen.',
  noAgendaTitle: 'Dagordningen saknas',
  noAgenda: 'Det finns ingen dagordning för mötet ännu. Mötet kan startas när dagordningen har skickats till kanalen.',
  endedTitle: 'Mötet är avslutat',
  ended: 'Mötet är redan avslutat. Sammanfattningen finns i kanalen.',
  /** "2 ärenden har beslut. 1 ärende flyttas till nästa möte, tisdag 1 december 2026 kl. 13:00. …" */
  endedSummary: (decided: number, carriedOver: number, nextMeetingLabel: string) =>
    [
      `${caseCountLabel(decided)} har beslut.`,
      carriedOver > 0 ? `${caseCountLabel(carriedOver)} flyttas till nästa möte, ${nextMeetingLabel}.` : '',
      'Sammanfattningen är skickad till kanalen.',
    ]
      .filter((part) => part !== '')
      .join(' '),
} as const;

// ---------------------------------------------------------------------------------------------
// The meeting board (the channel tab) and its API

export const BOARD_TEXTS = {
  notSignedIn: 'Du är inte inloggad. Öppna tavlan i Teams igen, eller logga in på nytt.',
  signInExpired: 'Din inloggning har gått ut. Ladda om tavlan.',
  tenantNotAllowed: 'Din organisation har inte tillgång till Samordna.',
  keysUnavailable: 'Inloggningen kan inte kontrolleras just nu. Försök igen om en stund.',
  developmentIdentityRefused: 'Utvecklingsidentiteten godtas bara från den egna datorn.',
  notOnRoster: 'Du finns inte med i mötets deltagarlista. Gå med i deltagarlistan i kanalen för att se tavlan.',
  meetingNotFound: 'Mötet finns inte. Det kan ha tagits bort eller så är länken fel.',
  invalidMeetingId: 'Länken har ett ogiltigt mötes-id.',
  invalidConversationId: 'Ogiltigt kanal-id.',
  invalidDate: 'Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-01-31.',
  fromAfterTo: 'Från-datumet måste vara samma dag som eller före till-datumet.',
  periodTooLong: (days: number) => `Perioden får vara högst ${days} dagar.`,
  unexpected: 'Något gick fel. Försök igen om en stund.',
  pageNotFound: 'Sidan finns inte.',
} as const;

/** The API behind the Teams meeting's side panel and stage. */
export const MEETING_PANEL_TEXTS = {
  invalidTeamsMeeting: 'Teams-mötets id kunde inte läsas.',
  notLinked: 'Teams-mötet är inte kopplat till något samordningsmöte. Lägg till Samordna-fliken i mötet och välj vilket möte det gäller.',
  notOnRoster: 'Du finns inte med i mötets deltagarlista. Gå med i deltagarlistan i kanalen för att följa mötet här.',
  invalidLink: 'Välj ett samordningsmöte att koppla Teams-mötet till.',
  invalidPoint: 'Punkten måste vara 1–6.',
  invalidCase: 'Ärendet kunde inte läsas.',
  invalidDecision: 'Beslutet kunde inte läsas. Ingenting har sparats.',
  checkFields: 'Kontrollera de markerade fälten. Ingenting har sparats.',
  invalidRequest: 'Förfrågan kunde inte läsas. Ingenting har ändrats.',
} as const;

/** Which side of the rotation the leader stands for (DOMAIN.md §2). */
export const BOARD_SIDE_LABELS = {
  region: 'Hälsocentral (region)',
  municipality: 'Kommun',
  either: 'Båda',
} as const;

export const BOARD_STATE_LABELS = {
  planned: 'Planerat',
  agenda_posted: 'Dagordningen är publicerad',
  running: 'Pågår',
  ended: 'Avslutat',
  cancelled_holiday: 'Inställt – helgdag',
} as const;
