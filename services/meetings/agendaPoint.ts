import { AGENDA_POINT, type LocalDate } from '../domain/codes';
import type { CaseRecord } from '../domain/records';

/** A case whose follow-up date has come is taken up under point 3, whatever point it came in under. */
export function agendaPointOf(record: Pick<CaseRecord, 'agendaItem' | 'followUp'>, meetingDate: LocalDate): 2 | 3 | 4 | 5 {
  return record.followUp?.flaggedFor === meetingDate ? AGENDA_POINT.ongoing : AGENDA_POINT[record.agendaItem];
}
