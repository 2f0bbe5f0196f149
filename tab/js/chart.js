// The report as horizontal bars, drawn as inline SVG. The table next to it carries the same
// numbers, so nothing here is the only way to read a value.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const LABEL_WIDTH = 250;
const VALUE_WIDTH = 70;
const BAR_HEIGHT = 20;
const ROW_GAP = 8;
const GROUP_GAP = 18;
const HEADING_HEIGHT = 22;

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * groups: [{ heading, rows: [{ label, value, max, display }] }]; a bar is value/max of the width.
 * Returns an <svg role="img"> with a <title> and a description listing every value.
 */
export function barChart(id, title, groups) {
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = groups.reduce((sum, group) => sum + HEADING_HEIGHT + group.rows.length * (BAR_HEIGHT + ROW_GAP) + GROUP_GAP, 0);
  const root = svg('svg', { id, role: 'img', viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'chart' });
  root.append(svg('title', { id: `${id}-title` }, title));
  root.append(svg('desc', { id: `${id}-desc` }, groups.map((group) => `${group.heading}: ${group.rows.map((row) => `${row.label} ${row.display}`).join(', ')}`).join('. ')));

  let y = 0;
  for (const group of groups) {
    root.append(svg('text', { x: 0, y: y + 16, class: 'chart-heading' }, group.heading));
    y += HEADING_HEIGHT;
    for (const row of group.rows) {
      const width = row.max > 0 ? Math.max(0, Math.min(1, row.value / row.max)) * barSpace : 0;
      root.append(svg('text', { x: 0, y: y + 15, class: 'chart-label' }, row.label));
      root.append(svg('rect', { x: LABEL_WIDTH, y, width: barSpace, height: BAR_HEIGHT, class: 'chart-track' }));
      if (width > 0) root.append(svg('rect', { x: LABEL_WIDTH, y, width: width.toFixed(1), height: BAR_HEIGHT, class: 'chart-bar', 'data-value': row.value }));
      root.append(svg('text', { x: WIDTH - VALUE_WIDTH + 8, y: y + 15, class: 'chart-value' }, row.display));
      y += BAR_HEIGHT + ROW_GAP;
    }
    y += GROUP_GAP;
  }
  return root;
}
