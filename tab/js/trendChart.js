// The follow-up's trend by month as grouped vertical bars in inline SVG. The chart has a <title>
// and a <desc> naming every value, and the page shows the same numbers as a table beside it,
// so the picture is never the only way to read them.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 44;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 30;

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round step for the value axis: 1, 2 or 5 times a power of ten, about four lines. */
function niceStep(max) {
  const rough = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((n) => n * power).find((n) => n >= rough);
  return Math.max(1, step);
}

/**
 * months: [{ label, short, values: number[] }]; series: [{ name, className }] in the order of
 * `values`. Returns an <svg role="img"> labelled by its title and description.
 */
export function trendChart(id, title, description, series, months) {
  const root = svg('svg', { id, role: 'img', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: '100%', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'chart trend-chart' });
  root.append(svg('title', { id: `${id}-title` }, title));
  root.append(svg('desc', { id: `${id}-desc` }, description));

  const max = Math.max(0, ...months.flatMap((month) => month.values));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const y = (value) => TOP + plotHeight - (value / top) * plotHeight;

  for (let value = 0; value <= top; value += step) {
    root.append(svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value), class: value === 0 ? 'chart-axis' : 'chart-grid' }));
    root.append(svg('text', { x: LEFT - 6, y: y(value) + 4, class: 'chart-value chart-tick' }, String(value)));
  }
  const groupWidth = plotWidth / Math.max(1, months.length);
  const barWidth = Math.max(2, Math.min(18, (groupWidth - 8) / series.length));
  months.forEach((month, index) => {
    const groupStart = LEFT + index * groupWidth + (groupWidth - barWidth * series.length) / 2;
    month.values.forEach((value, s) => {
      if (value <= 0) return;
      root.append(svg('rect', {
        x: (groupStart + s * barWidth).toFixed(1), y: y(value).toFixed(1), width: (barWidth - 1).toFixed(1), height: (y(0) - y(value)).toFixed(1),
        class: `chart-series ${series[s].className}`, 'data-month': month.key, 'data-value': value,
      }));
    });
    root.append(svg('text', { x: (LEFT + index * groupWidth + groupWidth / 2).toFixed(1), y: HEIGHT - 10, class: 'chart-label chart-month' }, month.short));
  });
  return root;
}
