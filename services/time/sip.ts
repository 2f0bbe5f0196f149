import type { LocalDate } from '../domain/codes';
import { addVardagar } from './holidays';

/** "Kallelse inom 3 arbetsdagar" from the day the need was identified (SIP guideline, DOMAIN.md §5). */
export const SIP_SUMMONS_VARDAGAR = 3;

/** The last day the SIP coordinator may send the summons, for a need the meeting identified on `neededOn`. */
export function sipSummonsDue(neededOn: LocalDate): LocalDate {
  return addVardagar(neededOn, SIP_SUMMONS_VARDAGAR);
}
