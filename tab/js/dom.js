// Builds the page with text nodes only (never innerHTML with data), and formats its dates.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'className') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A table with a caption, column headers and one row header per row; scrolls sideways when narrow. */
export function table(caption, headers, rows) {
  const head = el('thead', {}, el('tr', {}, headers.map((header) => el('th', { scope: 'col' }, header))));
  const body = el('tbody', {}, rows.map(([rowHead, ...cells]) => el('tr', {}, el('th', { scope: 'row' }, rowHead), cells.map((cell) => el('td', {}, cell)))));
  return el('div', { className: 'table-wrap' }, el('table', {}, el('caption', {}, caption), head, body));
}

const TIME_ZONE = 'Europe/Stockholm';
const DATE_FORMAT = new Intl.DateTimeFormat('sv-SE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT_DATE_FORMAT = new Intl.DateTimeFormat('sv-SE', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const INSTANT_FORMAT = new Intl.DateTimeFormat('sv-SE', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE });

/** "2026-11-24" → "tisdag 24 november 2026" (a calendar date: no time zone shift). */
export function formatDate(localDate) {
  return DATE_FORMAT.format(new Date(`${localDate}T12:00:00Z`));
}

export function formatShortDate(localDate) {
  return SHORT_DATE_FORMAT.format(new Date(`${localDate}T12:00:00Z`));
}

/** An ISO instant as Stockholm wall time, e.g. "måndag 23 november 23:59". */
export function formatInstant(iso) {
  return INSTANT_FORMAT.format(new Date(iso));
}

/** "A.L. (1912)": the masked patient, as the channel shows it. */
export function maskedLabel(masked) {
  return `${masked.initials} (${masked.birthYear})`;
}

/** Twelve months ending `to` (a LocalDate): the same day a year earlier, plus one day. */
export function twelveMonthsEnding(to) {
  const [year, month, day] = to.split('-').map(Number);
  const start = new Date(Date.UTC(year - 1, month - 1, day + 1));
  return start.toISOString().slice(0, 10);
}

export function percent(share) {
  return share === null || share === undefined ? '–' : `${(share * 100).toFixed(1).replace('.', ',')} %`;
}

let tableCount = 0;

/**
 * A table that may be wider than the tab: its wrapper scrolls sideways, so it is a named region
 * that takes keyboard focus (arrow keys scroll it). Rows are [rowHeader, ...cells]; `footer`
 * rows (totals) go in <tfoot>.
 */
export function scrollTable(caption, headers, rows, footer = []) {
  const id = `table-${++tableCount}`;
  const row = ([rowHead, ...cells]) => el('tr', {}, el('th', { scope: 'row' }, rowHead), cells.map((cell) => el('td', {}, cell)));
  const head = el('thead', {}, el('tr', {}, headers.map((header) => el('th', { scope: 'col' }, header))));
  return el(
    'div',
    { className: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': `${id}-caption` },
    el('table', {}, el('caption', { id: `${id}-caption` }, caption), head, el('tbody', {}, rows.map(row)), footer.length > 0 ? el('tfoot', {}, footer.map(row)) : null),
  );
}
