// The meeting stage: what the leader shares for everyone in the Teams meeting — the point the
// meeting is at and its cases, in large type and masked (reference, initials, birth year); never a
// name, a personnummer or SBAR text. Polls like the side panel (see meeting.js).
import { el, formatDate, maskedLabel } from './dom.js';
import { apiPoll, connect, showDevelopmentBanner, showError } from './connection.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 2000;
const poll = { etag: null };

function render(view) {
  const { labels } = view;
  $('stage-title').textContent = `Samordningsmöte – ${view.area}`;
  $('stage-subtitle').textContent = formatDate(view.meetingDate);
  $('stage-point').textContent =
    view.state === 'running' ? `Punkt ${view.point} av 6: ${labels.agendaPoints[view.point]}` : view.state === 'ended' ? 'Mötet är avslutat' : 'Mötet har inte börjat ännu';
  const cases = view.cases.map((item) =>
    el(
      'li',
      {},
      el('span', { className: 'reference' }, item.reference),
      ` · ${maskedLabel(item.masked)} · ${labels.urgencies[item.urgency]}`,
      item.followUp ? el('span', { className: 'tag' }, 'Uppföljning') : null,
      item.decided ? el('span', { className: 'tag' }, 'Beslut fattat') : null,
    ),
  );
  $('stage-cases').replaceChildren(cases.length > 0 ? el('ul', { className: 'stage-cases' }, cases) : el('p', { className: 'muted' }, 'Inga ärenden under den här punkten.'));
  $('stage-progress').replaceChildren(
    ...view.points.map((entry) => el('li', { 'aria-current': view.point === entry.point ? 'step' : null }, `${entry.point}. ${labels.agendaPoints[entry.point]}`)),
  );
  document.body.dataset.point = view.point ?? '';
}

async function main() {
  const connection = await connect();
  if (connection.mode === 'development') showDevelopmentBanner($('page'));
  const meetingId = new URLSearchParams(location.search).get('meetingId') ?? '';
  const path = `/api/meeting/${encodeURIComponent(meetingId)}/stage`;
  try {
    render(await apiPoll(connection, path, poll));
    $('loading').hidden = true;
    $('stage').hidden = false;
    document.body.dataset.ready = 'true';
    setInterval(async () => {
      try {
        const next = await apiPoll(connection, path, poll);
        if (next) render(next);
        $('error').hidden = true;
      } catch (error) {
        showError($('error'), error);
      }
    }, POLL_MS);
  } catch (error) {
    $('loading').hidden = true;
    showError($('error'), error);
    document.body.dataset.ready = 'error';
  }
}

void main();
