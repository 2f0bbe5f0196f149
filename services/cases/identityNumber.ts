import Personnummer from 'personnummer';
import type { LocalDate } from '../domain/codes';

export interface IdentityNumber {
  /** The 12-digit form that is stored (sealed). */
  normalized: string;
  birthDate: LocalDate;
  coordinationNumber: boolean;
}

export type IdentityNumberResult =
  | { ok: true; value: IdentityNumber }
  | { ok: false; code: 'invalid_personnummer' | 'future_birth_date' };

const TWELVE = /^(\d{4})(\d{2})(\d{2})[-+]?(\d{4})$/;
const TEN = /^(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$/;

/** Samordningsnummer add 60 to the day of birth (SKV 707). */
function birthDay(day: string): number {
  const n = Number(day);
  return n > 60 ? n - 60 : n;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The century of a 10-digit number is decided by "today", not by the machine's clock: `-` means
 * under 100 years old, `+` means 100 or older (folkbokföringslagen). The personnummer package
 * would use the real date, so the century is resolved here and the package checks the rest.
 */
function toTwelveDigits(input: string, today: LocalDate): string | null {
  const twelve = TWELVE.exec(input);
  if (twelve) return `${twelve[1]}${twelve[2]}${twelve[3]}${twelve[4]}`;
  const ten = TEN.exec(input);
  if (!ten) return null;
  const [, yy, mm, dd, separator, tail] = ten as unknown as [string, string, string, string, string, string];
  const todayYear = Number(today.slice(0, 4));
  let year = Math.floor(todayYear / 100) * 100 + Number(yy);
  const birth = `${pad(year, 4)}-${mm}-${pad(birthDay(dd), 2)}`;
  if (birth > today) year -= 100;
  if (separator === '+') year -= 100;
  return `${pad(year, 4)}${mm}${dd}${tail}`;
}

export function parseIdentityNumber(raw: string, today: LocalDate): IdentityNumberResult {
  const input = raw.trim().replace(/\s+/g, '');
  const digits = toTwelveDigits(input, today);
  if (!digits || !Personnummer.valid(digits, { allowCoordinationNumber: true, allowInterimNumber: false })) {
    return { ok: false, code: 'invalid_personnummer' };
  }
  const birthDate = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${pad(birthDay(digits.slice(6, 8)), 2)}`;
  if (birthDate > today) return { ok: false, code: 'future_birth_date' };
  return {
    ok: true,
    value: { normalized: digits, birthDate, coordinationNumber: Number(digits.slice(6, 8)) > 60 },
  };
}
