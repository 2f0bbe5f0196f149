// The meeting board: the coming meeting, its leader and agenda (masked cases only), kvittenser,
// follow-ups, escalations, the leader rotation, and the routine's follow-up report.
import { barChart } from './chart.js';
import { el, formatDate, formatInstant, formatShortDate, maskedLabel, percent, table, twelveMonthsEnding } from './dom.js';
import { apiGet, apiJson, connect, showDevelopmentBanner, showError } from './connection.js';

const $ = (id) => document.getElementById(id);
const contentOf = (sectionId) => $(sectionId).querySelector('.content');

function fill(sectionId, ...children) {
  contentOf(sectionId).replaceChildren(...children.flat().filter(Boolean));
}

function caseLine(item, labels) {
  return el(
    'li',
    { className: 'case' },
    el('span', { className: 'reference' }, item.reference),
    ' · ',
    maskedLabel(item.masked),
    ' · ',
    labels.urgencies[item.urgency],
    item.lateForCutoff ? el('span', { className: 'tag tag-late' }, 'Sent inkommet – tas upp om mötesledaren godtar det') : null,
    item.followUp ? el('span', { className: 'tag' }, 'Uppföljning') : null,
  );
}

function renderMeetingDay(view) {
  const { meetingDay: day, labels, meeting } = view;
  const facts = [
    ['Datum', formatDate(day.date)],
    ['Tid', day.state === 'cancelled_holiday' ? '–' : `kl. ${meeting.time}`],
    ['Läge', labels.states[day.state] + (day.runningPoint ? ` (punkt ${day.runningPoint} av 6)` : '')],
  ];
  if (day.holidayName) facts.push(['Helgdag', day.date === day.nominalDate ? day.holidayName : `${day.holidayName} – flyttat från ${formatDate(day.nominalDate)}`]);
  if (day.state !== 'cancelled_holiday') facts.push(['Anmäl ärenden senast', formatInstant(day.cutoffAt)]);
  else facts.push(['Nästa möte', formatDate(view.agendaDate)]);
  fill('meeting-day', el('dl', { className: 'facts' }, facts.map(([term, value]) => [el('dt', {}, term), el('dd', { 'data-fact': term }, value)])));
}

function renderLeader(view) {
  const { leader, labels } = view;
  if (!leader) return fill('leader', el('p', {}, 'Ingen mötesledare är utsedd ännu.'));
  fill(
    'leader',
    el('p', { className: 'leader-name' }, leader.name),
    el('dl', { className: 'facts' }, [
      el('dt', {}, 'Roll'), el('dd', {}, labels.roles[leader.role]),
      el('dt', {}, 'Organisation'), el('dd', {}, leader.organization),
      el('dt', {}, 'Leder för'), el('dd', {}, labels.sides[leader.side]),
    ]),
  );
}

function renderAgenda(view) {
  const { labels } = view;
  $('agenda-heading').textContent = `Dagordning ${formatDate(view.agendaDate)}`;
  fill(
    'agenda',
    el(
      'ol',
      { className: 'agenda' },
      view.agenda.map((point) =>
        el(
          'li',
          { className: 'agenda-point', 'data-point': point.point },
          el('h3', {}, `${point.point}. ${labels.agendaPoints[point.point]}`),
          point.cases.length === 0 ? (point.point === 1 || point.point === 6 ? null : el('p', { className: 'muted' }, 'Inga ärenden')) : el('ul', { className: 'cases' }, point.cases.map((item) => caseLine(item, labels))),
        ),
      ),
    ),
  );
}

function renderAcknowledgements(view) {
  const { byRole, since } = view.acknowledgements;
  const caption = `Per mottagande roll: alla som väntar, och de som kvitterats sedan ${formatDate(since)}`;
  if (byRole.length === 0) return fill('acknowledgements', el('p', { className: 'muted' }, 'Inga kvittenser att visa.'));
  fill(
    'acknowledgements',
    table(
      caption,
      ['Roll', 'Väntar', 'Försenade', 'I tid', 'Sent'],
      byRole.map((row) => [view.labels.roles[row.role], row.open, row.overdue, row.confirmedOnTime, row.confirmedLate]),
    ),
  );
}

function renderFollowUps(view) {
  const { items, until } = view.followUpsDue;
  if (items.length === 0) return fill('follow-ups', el('p', { className: 'muted' }, `Inga uppföljningar till och med ${formatDate(until)}.`));
  fill(
    'follow-ups',
    table(
      `Uppföljningsdatum som har kommit eller kommer till och med ${formatDate(until)}`,
      ['Ärende', 'Patient', 'Datum', 'Ansvarig'],
      items.map((item) => [item.reference, maskedLabel(item.masked), formatDate(item.date), item.responsibleName ?? '–']),
    ),
  );
}

function renderEscalations(view) {
  const { escalations, labels } = view;
  if (escalations.length === 0) return fill('escalations', el('p', { className: 'muted' }, 'Inga öppna eskaleringar.'));
  fill(
    'escalations',
    table(
      'Eskalerade ärenden som ingen chef har kvitterat ännu',
      ['Ärende', 'Patient', 'Till', 'Sedan'],
      escalations.map((item) => [item.reference, maskedLabel(item.masked), [labels.roles[item.toRole], ...item.toNames].join(': '), formatInstant(item.since)]),
    ),
  );
}

function renderRotation(view) {
  fill(
    'rotation',
    table(
      'Mötesledare per möte de kommande åtta veckorna',
      ['Datum', 'Mötesledare'],
      view.rotation.map((week) =>
        week.date === null
          ? [formatShortDate(week.nominalDate), `Helgdag – inget möte${week.holidayName ? ` (${week.holidayName})` : ''}`]
          : [formatShortDate(week.date), (week.leaderName ?? 'Ej utsedd') + (week.holidayName ? ` (flyttat för ${week.holidayName})` : '')],
      ),
    ),
  );
}

function renderMine(view) {
  const { mine, labels } = view;
  const open = mine.acks.length + mine.responsible.length + mine.sip.length;
  const overdue = (flag, text) => (flag ? el('span', { className: 'tag tag-late' }, text) : null);
  const masked = (item) => maskedLabel({ initials: item.case.initials, birthYear: item.case.birthYear });
  const parts = [];
  if (open === 0) parts.push(el('p', { className: 'muted' }, 'Du har inget öppet att göra just nu.'));
  if (mine.acks.length > 0) {
    parts.push(table('Att kvittera', ['Ärende', 'Patient', 'För', 'Senast'], mine.acks.map((item) => [
      item.case.reference, masked(item), labels.roles[item.ack.role], [formatInstant(item.ack.dueAt), overdue(item.overdue, 'Försenad')],
    ])));
  }
  if (mine.responsible.length > 0) {
    parts.push(table('Ansvarig för', ['Ärende', 'Patient', 'Status', 'Uppföljning'], mine.responsible.map((item) => [
      item.case.reference, masked(item), labels.caseStatuses[item.case.status],
      item.followUpDate ? [formatDate(item.followUpDate), overdue(item.overdue, 'Datumet har passerat')] : '–',
    ])));
  }
  if (mine.sip.length > 0) {
    parts.push(table('SIP-samordnare', ['Ärende', 'Patient', 'Beslut', 'Kalla senast'], mine.sip.map((item) => [
      item.case.reference, masked(item), formatDate(item.meetingDate), [formatDate(item.summonsDue), overdue(item.overdue, 'Passerat')],
    ])));
  }
  if (mine.submitted.length > 0) {
    parts.push(table('Anmälda av mig', ['Ärende', 'Patient', 'Status', 'Möte'], mine.submitted.slice(0, 20).map((item) => [
      item.case.reference, masked(item), labels.caseStatuses[item.case.status], formatDate(item.meetingDate),
    ])));
  }
  fill('mine', parts);
}

function renderBoard(view) {
  const weekday = view.labels.weekdays[view.meeting.weekday];
  $('board-title').textContent = `Samordningstavla – ${view.meeting.area}`;
  $('board-subtitle').textContent = `${weekday}ar kl. ${view.meeting.time} · ärenden senast kl. ${view.meeting.cutoffTime} dagen före · inloggad som ${view.viewer.name}`;
  document.title = `Samordningstavla – ${view.meeting.area}`;
  renderMeetingDay(view);
  renderLeader(view);
  renderAgenda(view);
  renderAcknowledgements(view);
  renderFollowUps(view);
  renderEscalations(view);
  renderRotation(view);
  renderMine(view);
}

function reportGroups(report) {
  const { labels, cases, acknowledgements } = report;
  const maxCases = Math.max(1, ...Object.values(cases.byAgendaPoint), ...Object.values(cases.byUrgency));
  const count = (value) => String(value);
  return [
    { heading: labels.sections.casesByAgendaPoint, rows: Object.entries(cases.byAgendaPoint).map(([item, value]) => ({ label: labels.agendaItems[item], value, max: maxCases, display: count(value) })) },
    { heading: labels.sections.casesByUrgency, rows: Object.entries(cases.byUrgency).map(([urgency, value]) => ({ label: labels.urgencies[urgency], value, max: maxCases, display: count(value) })) },
    {
      heading: labels.sections.acknowledgements,
      rows: [{ label: labels.measures.onTimeShare, value: acknowledgementShare(acknowledgements), max: 1, display: percent(acknowledgements.onTimeShare) }],
    },
  ];
}

function acknowledgementShare(acknowledgements) {
  return acknowledgements.onTimeShare ?? 0;
}

function renderReport(report) {
  const groups = reportGroups(report);
  const { labels } = report;
  $('report-content').replaceChildren(
    el('p', {}, `${labels.title}, ${formatDate(report.period.from)} – ${formatDate(report.period.to)}.`),
    barChart('report-chart', `Ärenden per dagordningspunkt och önskad handläggningstid, och andel kvittenser i tid, ${report.period.from} – ${report.period.to}`, groups),
    el('p', {}, report.consent.guarantee),
    table('Alla siffror för perioden (samma som i CSV-filen)', ['Avsnitt', 'Mått', 'Värde'], report.rows.map((row) => [row.section, row.measure, row.value])),
  );
}

async function loadReport(connection, meetingId) {
  const from = $('report-from').value;
  const to = $('report-to').value;
  $('report-error').hidden = true;
  try {
    const report = await apiJson(connection, `/api/board/meetings/${encodeURIComponent(meetingId)}/report?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    renderReport(report);
  } catch (error) {
    $('report-content').replaceChildren();
    showError($('report-error'), error);
  }
}

/** The CSV needs the same credentials as every other request, so it is fetched and handed over as a Blob. */
async function downloadCsv(connection, meetingId) {
  const from = $('report-from').value;
  const to = $('report-to').value;
  $('report-error').hidden = true;
  try {
    const response = await apiGet(connection, `/api/board/meetings/${encodeURIComponent(meetingId)}/report.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: `samordna-uppfoljning-${from}-${to}.csv`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    showError($('report-error'), error);
  }
}

async function main() {
  const connection = await connect();
  const meetingId = new URLSearchParams(location.search).get('meetingId') ?? '';
  if (connection.mode === 'development') showDevelopmentBanner($('page'));
  try {
    const view = await apiJson(connection, `/api/board/meetings/${encodeURIComponent(meetingId)}`);
    renderBoard(view);
    $('loading').hidden = true;
    $('board').hidden = false;
    $('report-to').value = view.today;
    $('report-from').value = twelveMonthsEnding(view.today);
    $('report-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void loadReport(connection, meetingId);
    });
    $('report-csv').addEventListener('click', (event) => {
      event.preventDefault();
      void downloadCsv(connection, meetingId);
    });
    await loadReport(connection, meetingId);
    document.body.dataset.ready = 'true';
  } catch (error) {
    $('loading').hidden = true;
    showError($('error'), error);
    document.body.dataset.ready = 'error';
  }
}

void main();
