/**
 * What the channel may show of a patient (DOMAIN.md §6): initials and birth year. Initials use
 * the first letter of the first and last name parts, so "Anna-Karin af Ekström" → "A.E.".
 */
export function initialsOf(name: string): string {
  const parts = name
    .normalize('NFC')
    .split(/[\s.]+/)
    .filter((part) => /\p{L}/u.test(part));
  const letters = parts.length <= 1 ? parts : [parts[0]!, parts[parts.length - 1]!];
  return letters.map((part) => `${[...part].find((char) => /\p{L}/u.test(char))!.toLocaleUpperCase('sv-SE')}.`).join('');
}

export function birthYearOf(personnummer12: string): number {
  return Number(personnummer12.slice(0, 4));
}
