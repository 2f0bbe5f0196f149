// The CSV the steering group opens in Swedish Excel, written the same way by every follow-up.

/** A byte-order mark makes Excel read the file as UTF-8 (it would guess the local code page otherwise). */
const BOM = '\uFEFF';
/** Excel splits on the list separator of the locale, which is the semicolon in Swedish. */
const SEPARATOR = ';';

/**
 * A cell Excel takes as text: quoted when it holds a separator, quote or line break, and with a
 * leading apostrophe when it would start a formula, so no label can ever run as one.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** BOM, one line per row, cells through csvField, CRLF line ends (the last line too). */
export function csvDocument(lines: readonly (readonly string[])[]): string {
  return BOM + lines.map((cells) => cells.map(csvField).join(SEPARATOR)).join('\r\n') + '\r\n';
}
