// "Uppföljning" in the personal tab, for managers: open escalations across the meetings they
// manage (with Kvittera), the indicators per meeting, per receiving organisation and in total, the
// trend by month as a chart with its numbers beside it, and the CSV for the steering group.
import { apiGet, apiJson, apiPost, showError } from './connection.js';
import { el, formatDate, formatInstant, maskedLabel, scrollTable } from './dom.js';
import { TEXTS } from './personalTexts.sv.js';
import { trendChart } from './trendChart.js';

const T = TEXTS.followup;
const K = T.columns;
const $ = (id) => document.getElementById(id);

function showMessage(area, text) {
  area.hidden = false;
  area.textContent = text;
}

const SERIES = [
  { key: 'casesTotal', className: 'series-cases' },
  { key: 'acksOnTime', className: 'series-on-time' },
  { key: 'acksLateOrMissing', className: 'series-late' },
  { key: 'escalations', className: 'series-escalations' },
];

// The reference opens the case privately, as from the escalation ping: a read of its own, audited.
const escalationLine = (item) => [
  el('button', { type: 'button', className: 'link-button reference', 'aria-label': TEXTS.mine.openLabel(item.reference), 'data-case': item.caseId }, item.reference),
  maskedLabel({ initials: item.initials, birthYear: item.birthYear }),
  item.meetingTitle,
  formatInstant(item.since),
  item.escalatedBy ?? '–',
  el('button', { type: 'button', 'data-ack': item.ackId, 'data-reference': item.reference, 'aria-label': TEXTS.mine.confirmLabel(item.reference) }, TEXTS.mine.confirm),
];

function renderEscalations(view) {
  if (view.openEscalations.length === 0) return [el('p', { className: 'muted' }, T.noEscalations)];
  return [scrollTable(T.escalationsCaption, T.escalationColumns, view.openEscalations.map(escalationLine))];
}

/** A meeting's row header: its title, marked when it has too few cases to compare. */
function meetingHead(meeting) {
  return [meeting.title, meeting.tooSmall ? el('span', { className: 'tag tag-small' }, T.tooSmall) : null];
}

function renderIndicators(view) {
  const labels = view.labels ?? {};
  const meetings = new Map(view.meetings.map((meeting) => [meeting.meetingId, meeting]));
  // A row header is built anew for each table: a DOM node can only stand in one place.
  const rows = view.byMeeting.map((entry) => ({ head: () => meetingHead(meetings.get(entry.meetingId) ?? { title: entry.meetingId }), i: entry.indicators }));
  const table = (caption, headers, cells) =>
    scrollTable(caption, [T.meetingColumn, ...headers], rows.map((row) => [row.head(), ...cells(row.i)]), [[T.total, ...cells(view.total)]]);
  const agendaItems = Object.keys(view.total.cases.byAgendaPoint);
  const urgencies = Object.keys(view.total.cases.byUrgency);
  const parts = [
    table(T.meetingsCaption(formatDate(view.period.from), formatDate(view.period.to)), [K.meetingsHeld, K.cases, K.lateSubmissions, K.carriedOver], (i) => [
      T.heldOf(i.meetings.held, i.meetings.planned), i.cases.total, i.cases.lateSubmissions, i.cases.carriedOver,
    ]),
    table(T.acksCaption, [K.acksOnTime, K.acksLate, K.acksMissing, K.onTimeShare], (i) => [
      i.acknowledgements.onTime, i.acknowledgements.late, i.acknowledgements.missing, TEXTS.percent(i.acknowledgements.onTimeShare),
    ]),
    table(T.escalationsDischargeCaption, [K.escalations, K.escalationsAcknowledged, K.medianHours, K.discharge, K.sipInTime, K.afterPayment], (i) => [
      i.escalations.total, i.escalations.acknowledged, T.hours(i.escalations.medianHoursToAcknowledgement), i.discharge.cases, i.discharge.sipSummonsInTime, i.discharge.takenUpAfterPaymentResponsibility,
    ]),
    table(T.casesCaption, [...agendaItems.map((item) => labels.agendaItems?.[item] ?? item), ...urgencies.map((urgency) => labels.urgencies?.[urgency] ?? urgency)], (i) => [
      ...agendaItems.map((item) => i.cases.byAgendaPoint[item] ?? 0), ...urgencies.map((urgency) => i.cases.byUrgency[urgency] ?? 0),
    ]),
  ];
  if (view.meetings.some((meeting) => meeting.tooSmall)) parts.unshift(el('p', { className: 'muted' }, T.tooSmallNote));
  if (view.byOrganisation.length > 0) {
    parts.push(scrollTable(T.organisationsCaption, [T.organisationColumn, K.received, K.acksOnTime, K.acksLate, K.acksMissing, K.onTimeShare], view.byOrganisation.map((entry) => [
      entry.organisation, entry.indicators.cases.received, entry.indicators.acknowledgements.onTime, entry.indicators.acknowledgements.late,
      entry.indicators.acknowledgements.missing, TEXTS.percent(entry.indicators.acknowledgements.onTimeShare),
    ])));
  }
  return parts;
}

function renderTrend(view) {
  const from = formatDate(view.period.from);
  const to = formatDate(view.period.to);
  const months = view.trend.map((item) => ({
    key: item.month,
    label: TEXTS.monthLabel(item.month),
    short: TEXTS.shortMonthLabel(item.month),
    values: SERIES.map(({ key }) => (key === 'acksLateOrMissing' ? item.acksLate + item.acksMissing : item[key])),
    item,
  }));
  if (months.length === 0) return [el('p', { className: 'muted' }, T.chartEmpty)];
  const total = view.trend.reduce((sum, item) => sum + item.casesTotal, 0);
  const peak = months.reduce((best, month) => (month.item.casesTotal > (best?.count ?? 0) ? { label: month.label, count: month.item.casesTotal } : best), null);
  const description = months.map((month) => T.chartMonth(month.label, month.item)).join('. ');
  return [
    el('p', { id: 'trend-summary' }, T.trendSummary(months[0].label, months.at(-1).label, total, peak)),
    trendChart('trend-chart', T.chartTitle(from, to), description, SERIES, months),
    el('ul', { className: 'legend', 'aria-hidden': 'true' }, SERIES.map(({ key, className }) => el('li', {}, el('span', { className: `swatch ${className}` }), T.chartSeries[key]))),
    scrollTable(T.trendCaption, T.trendColumns, months.map((month) => [month.label, month.item.casesTotal, month.item.acksOnTime, month.item.acksLate, month.item.acksMissing, month.item.escalations])),
  ];
}

/** page: { announce(text), openCase(caseId, reference, opener) } */
export function createFollowup(connection, page) {
  const form = $('followup-form');
  const from = $('followup-from');
  const to = $('followup-to');
  const meeting = $('followup-meeting');
  const error = $('followup-error');
  const status = $('followup-status');
  const content = $('followup-content');
  let loaded = false;
  let request = 0;

  function init(me, today) {
    meeting.replaceChildren(
      el('option', { value: '' }, TEXTS.allMeetings),
      ...me.managedMeetings.map((item) => el('option', { value: item.meetingId }, item.title)),
    );
    to.value = today;
    from.value = `${today.slice(0, 4)}-01-01`;
    content.hidden = true;
  }

  const query = () => {
    const params = new URLSearchParams({ from: from.value, to: to.value });
    if (meeting.value) params.set('meetingId', meeting.value);
    return params.toString();
  };

  function periodGiven() {
    if (from.value && to.value) return true;
    showMessage(error, T.periodMissing);
    return false;
  }

  function render(view) {
    $('escalations-content').replaceChildren(...renderEscalations(view));
    $('indicators-content').replaceChildren(...renderIndicators(view));
    $('trend-content').replaceChildren(...renderTrend(view));
    content.hidden = false;
  }

  async function load() {
    error.hidden = true;
    if (!periodGiven()) {
      content.hidden = true;
      return;
    }
    const mine = ++request;
    status.textContent = T.loading;
    content.setAttribute('aria-busy', 'true');
    try {
      const view = await apiJson(connection, `/api/personal/followup?${query()}`);
      if (mine !== request) return;
      render(view);
      loaded = true;
      status.textContent = T.loaded(formatDate(view.period.from), formatDate(view.period.to), view.meetings.length);
    } catch (failure) {
      if (mine !== request) return;
      // Figures of another period than the fields show would mislead: they go.
      content.hidden = true;
      status.textContent = '';
      showError(error, failure);
    } finally {
      if (mine === request) content.removeAttribute('aria-busy');
    }
  }

  /** The CSV needs the same credentials as every other request, so it is fetched and handed over as a Blob. */
  async function downloadCsv() {
    error.hidden = true;
    if (!periodGiven()) return;
    status.textContent = T.downloading;
    try {
      const response = await apiGet(connection, `/api/personal/followup.csv?${query()}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `samordna-uppfoljning-${from.value}-${to.value}.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = el('a', { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.textContent = T.downloaded;
    } catch (failure) {
      status.textContent = '';
      showError(error, failure);
    }
  }

  async function confirm(button) {
    error.hidden = true;
    button.disabled = true;
    button.textContent = TEXTS.mine.confirming;
    try {
      const answer = await apiPost(connection, `/api/personal/acks/${encodeURIComponent(button.dataset.ack)}/confirm`, {});
      await load();
      page.announce(answer.notice || T.confirmed(button.dataset.reference));
      $('escalations-heading').focus();
    } catch (failure) {
      showError(error, failure);
      if (failure.status === 409 || failure.status === 403 || failure.status === 404) {
        const shown = error.textContent;
        await load();
        showMessage(error, shown);
      } else {
        button.disabled = false;
        button.textContent = TEXTS.mine.confirm;
      }
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  $('followup-csv').addEventListener('click', () => void downloadCsv());
  $('escalations-content').addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button || button.disabled) return;
    if (button.dataset.ack) void confirm(button);
    else if (button.dataset.case) page.openCase(button.dataset.case, button.textContent, button);
  });

  return {
    init,
    /** The follow-up is read (and audited) only once the manager opens its tab. */
    async shown() {
      if (!loaded) await load();
    },
  };
}
