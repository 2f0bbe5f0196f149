/** Luhn check digit over the 9 digits YYMMDDNNN, to build valid test numbers. */
export function withCheckDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${nine}${(10 - (sum % 10)) % 10}`;
}

/** Any way of writing a personnummer or samordningsnummer: 6 or 8 digits, optional - or +, 4 digits. */
export const PERSONNUMMER_SHAPED = /\d{6}(\d{2})?[-+]?\d{4}/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * True when a payload shows something shaped like a personnummer. Ids are left out first: a
 * random UUID's last group is twelve hex digits, all of them decimal about once in a hundred ids.
 */
export function showsPersonnummerShaped(payload: string): boolean {
  return PERSONNUMMER_SHAPED.test(payload.replace(UUID, '<id>'));
}
