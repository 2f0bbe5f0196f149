import type { AreaSlot, MeetingSchedule } from '../domain/records';
import { isValidLocalTime } from '../time/stockholm';
import type { IssueCode } from '../validation/issues';

export const MAX_AREA_SLOTS = 12;

export type AreaSlotsResult = { ok: true; slots: AreaSlot[] } | { ok: false; code: IssueCode };

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * "13:00 Byske; 13:30 Kåge" (or one slot per line) → the meeting's area time slots, in time
 * order. Each start must lie within the meeting; areas are named once (the avstämningsträff
 * routine: each area's fast vårdkontakt joins at its allotted time).
 */
export function parseAreaSlots(text: string, schedule: Pick<MeetingSchedule, 'time' | 'durationMinutes'>): AreaSlotsResult {
  const entries = text.split(/[;\n]/).map((entry) => entry.trim()).filter(Boolean);
  if (entries.length > MAX_AREA_SLOTS) return { ok: false, code: 'too_long' };
  const slots: AreaSlot[] = [];
  for (const entry of entries) {
    const match = /^(\d{1,2}[:.]\d{2})\s+(.{1,60})$/u.exec(entry);
    if (!match) return { ok: false, code: 'invalid_time' };
    const start = match[1]!.replace('.', ':').padStart(5, '0');
    const area = match[2]!.trim();
    if (!isValidLocalTime(start)) return { ok: false, code: 'invalid_time' };
    const offset = minutes(start) - minutes(schedule.time);
    if (offset < 0 || offset >= schedule.durationMinutes) return { ok: false, code: 'out_of_range' };
    if (slots.some((slot) => slot.area.toLocaleLowerCase('sv-SE') === area.toLocaleLowerCase('sv-SE'))) return { ok: false, code: 'invalid_choice' };
    slots.push({ area, start });
  }
  return { ok: true, slots: slots.sort((a, b) => a.start.localeCompare(b.start)) };
}

export function formatAreaSlots(slots: readonly AreaSlot[]): string {
  return slots.map((slot) => `${slot.start} ${slot.area}`).join('; ');
}
