import { z } from 'zod';
import type { Weekday } from '../domain/codes';
import type { Meeting, MeetingSchedule, MeetingSettings, UserRef } from '../domain/records';
import type { Repositories } from '../store/repositories';
import type { Clock } from '../time/clock';
import { DEFAULT_CUTOFF_TIME } from '../time/meetingCalendar';
import { parseAreaSlots } from './areaSlots';
import { DEFAULT_MEETING_SETTINGS } from './meetingSettings';
import { isValidLocalTime } from '../time/stockholm';
import { cardText, fieldIssuesFrom, type FieldIssue } from '../validation/issues';
import { newId } from '../ids';

export const MEETING_SETUP_FIELDS = [
  'area', 'weekday', 'time', 'durationMinutes', 'cutoffTime',
  'agendaTime', 'reminderTime', 'ackReminderTime', 'ackDueTime', 'ackNoticeCutoff', 'holidayPolicy',
  'sipSummonsDays', 'paymentDaysBeforeNoon', 'paymentDaysFromNoon', 'areaSlots',
] as const;
export type MeetingSetupField = (typeof MEETING_SETUP_FIELDS)[number];

const localTime = z.string('required').min(1, 'required').refine(isValidLocalTime, 'invalid_time');
const dayCount = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ? value : String(fallback)))
    .pipe(z.string().regex(/^\d{1,2}$/, 'invalid_number').transform(Number))
    .pipe(z.number().max(30, 'out_of_range'));
const optionalTime = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value ? value : fallback))
    .refine(isValidLocalTime, 'invalid_time');

const setupSchema = z.object({
  area: z.string('required').min(1, 'required').max(100, 'too_long'),
  weekday: z
    .string('required')
    .min(1, 'required')
    .regex(/^[1-7]$/, 'invalid_choice')
    .transform((value) => Number(value) as Weekday),
  time: localTime,
  durationMinutes: z
    .string('required')
    .min(1, 'required')
    .regex(/^\d+$/, 'invalid_number')
    .transform(Number)
    .pipe(z.number().min(15, 'out_of_range').max(480, 'out_of_range')),
  cutoffTime: optionalTime(DEFAULT_CUTOFF_TIME),
  agendaTime: optionalTime(DEFAULT_MEETING_SETTINGS.agendaTime),
  reminderTime: optionalTime(DEFAULT_MEETING_SETTINGS.reminderTime),
  ackReminderTime: optionalTime(DEFAULT_MEETING_SETTINGS.ackReminderTime),
  ackDueTime: optionalTime(DEFAULT_MEETING_SETTINGS.ackDueTime),
  ackNoticeCutoff: optionalTime(DEFAULT_MEETING_SETTINGS.ackNoticeCutoff),
  holidayPolicy: z
    .string()
    .optional()
    .transform((value) => (value ? value : DEFAULT_MEETING_SETTINGS.holidayPolicy))
    .pipe(z.enum(['move', 'skip'], 'invalid_choice')),
  sipSummonsDays: dayCount(DEFAULT_MEETING_SETTINGS.sipSummonsDays),
  paymentDaysBeforeNoon: dayCount(DEFAULT_MEETING_SETTINGS.paymentDaysBeforeNoon),
  paymentDaysFromNoon: dayCount(DEFAULT_MEETING_SETTINGS.paymentDaysFromNoon),
  areaSlots: z.string().max(1500, 'too_long').optional().default(''),
})
  // A notice later in the day cannot start the payment responsibility earlier.
  .refine((value) => value.paymentDaysFromNoon >= value.paymentDaysBeforeNoon, { message: 'out_of_range', path: ['paymentDaysFromNoon'] })
  // A notice cut-off after the due time would make same-day notices due before they were sent.
  .refine((value) => value.ackNoticeCutoff <= value.ackDueTime, { message: 'out_of_range', path: ['ackNoticeCutoff'] });

export interface ConversationPlace {
  conversationKey: string;
  tenantId: string | null;
}

export type SetupResult =
  | { kind: 'saved'; meeting: Meeting; created: boolean }
  | { kind: 'invalid'; issues: FieldIssue[]; values: Partial<Record<MeetingSetupField, string>> }
  | { kind: 'not_allowed' };

export function keptSetupValues(data: Readonly<Record<string, unknown>>): Partial<Record<MeetingSetupField, string>> {
  const kept: Partial<Record<MeetingSetupField, string>> = {};
  for (const field of MEETING_SETUP_FIELDS) {
    const value = cardText(data[field]);
    if (value) kept[field] = value.slice(0, field === 'areaSlots' ? 1500 : 200);
  }
  return kept;
}

export class MeetingService {
  constructor(
    private readonly repos: Pick<Repositories, 'meetings' | 'roster'>,
    private readonly clock: Clock,
  ) {}

  forConversation(conversationKey: string): Promise<Meeting | null> {
    return this.repos.meetings.findOne({ conversationKey });
  }

  byId(meetingId: string): Promise<Meeting | null> {
    return this.repos.meetings.findOne({ _id: meetingId });
  }

  /**
   * Anyone in the channel may set the meeting up the first time; after that only whoever set it
   * up or a manager on the roster may change the schedule the others plan around.
   */
  async setup(place: ConversationPlace, actor: UserRef, data: Readonly<Record<string, unknown>>): Promise<SetupResult> {
    const input: Record<string, string | undefined> = {};
    for (const field of MEETING_SETUP_FIELDS) input[field] = cardText(data[field]);
    const parsed = setupSchema.safeParse(input);
    if (!parsed.success) return { kind: 'invalid', issues: fieldIssuesFrom(parsed.error), values: keptSetupValues(data) };

    const schedule: MeetingSchedule = {
      weekday: parsed.data.weekday,
      time: parsed.data.time,
      durationMinutes: parsed.data.durationMinutes,
      cutoffTime: parsed.data.cutoffTime,
    };
    const { agendaTime, reminderTime, ackReminderTime, ackDueTime, ackNoticeCutoff, holidayPolicy, sipSummonsDays, paymentDaysBeforeNoon, paymentDaysFromNoon } =
      parsed.data;
    const slots = parseAreaSlots(parsed.data.areaSlots, schedule);
    if (!slots.ok) return { kind: 'invalid', issues: [{ field: 'areaSlots', code: slots.code }], values: keptSetupValues(data) };
    const settings: MeetingSettings = {
      agendaTime, reminderTime, ackReminderTime, ackDueTime, ackNoticeCutoff, holidayPolicy, sipSummonsDays, paymentDaysBeforeNoon, paymentDaysFromNoon,
      areaSlots: slots.slots,
    };
    const now = this.clock.now();
    const existing = await this.forConversation(place.conversationKey);
    if (existing) {
      const member = await this.repos.roster.findOne({ meetingId: existing._id, userId: actor.id });
      if (existing.createdBy.id !== actor.id && member?.role !== 'manager') return { kind: 'not_allowed' };
      // updatedAt is the meeting's version: it moves on with every change, even two within one
      // millisecond (or on a clock behind the one that wrote it), so the scheduler's plans keyed on
      // it (services/scheduler/planCache.ts) never outlive the schedule they were made from.
      const updatedAt = new Date(Math.max(now.getTime(), existing.updatedAt.getTime() + 1));
      const meeting: Meeting = { ...existing, area: parsed.data.area, schedule, settings, updatedAt };
      await this.repos.meetings.replaceOne(meeting);
      return { kind: 'saved', meeting, created: false };
    }
    const meeting: Meeting = {
      _id: newId(),
      conversationKey: place.conversationKey,
      tenantId: place.tenantId,
      area: parsed.data.area,
      schedule,
      settings,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    };
    await this.repos.meetings.insertOne(meeting);
    return { kind: 'saved', meeting, created: true };
  }
}
