// The Teams meeting's side panel: today's six points with the current one marked, the cases of
// that point (masked), the leader — and for the leader the controls of the run, calling the same
// services as the leader's cards. It follows the meeting by short polling with If-None-Match:
// EventSource cannot send the sign-in token, a meeting has a handful of viewers, and an unchanged
// answer is a 304 of a few bytes.
import { el, formatDate, maskedLabel } from './dom.js';
import { apiJson, apiPoll, apiPost, connect, showDevelopmentBanner, showError } from './connection.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 2000;
const STATE_LABELS = { planned: 'Planerat', agenda_posted: 'Dagordningen är publicerad', running: 'Pågår', ended: 'Avslutat' };
const DECISION_FIELDS = ['actions', 'responsible', 'followUpDate', 'sipCoordinator', 'escalationReason'];

let connection;
let meetingId = '';
let view = null;
const poll = { etag: null };
let openCaseId = null;

function announce(text) {
  $('announcer').textContent = text;
}

function pointTitle(point) {
  return `${point}. ${view.labels.agendaPoints[point]}`;
}

function caseLine(item) {
  return [item.reference, maskedLabel(item.masked), view.labels.urgencies[item.urgency], item.followUp ? 'Uppföljning' : null].filter(Boolean).join(' · ');
}

function decisionLine(decision) {
  if (!decision) return null;
  const parts = [`Ansvarig: ${decision.responsibleName ?? '–'}`, decision.followUpDate ? `uppföljning ${formatDate(decision.followUpDate)}` : 'avslutas'];
  if (decision.sipNeeded) parts.push('SIP');
  if (decision.escalated) parts.push('eskalerat');
  return `Beslut: ${parts.join(' · ')}`;
}

function renderPoints() {
  const items = view.points.map((entry) =>
    el(
      'li',
      { 'aria-current': view.point === entry.point ? 'step' : null, 'data-point': entry.point },
      pointTitle(entry.point),
      entry.caseCount > 0 ? el('span', { className: 'count' }, ` (${entry.caseCount} ${entry.caseCount === 1 ? 'ärende' : 'ärenden'}${entry.decidedCount > 0 ? `, ${entry.decidedCount} med beslut` : ''})`) : null,
    ),
  );
  $('points').querySelector('.content').replaceChildren(el('ol', { className: 'points' }, items));
}

function caseItem(item, leading) {
  const canDecide = leading && view.state === 'running' && view.point >= 2 && view.point <= 5;
  return el(
    'li',
    { 'data-case': item.reference },
    el('span', { className: 'case-line' }, el('span', { className: 'reference' }, item.reference), caseLine(item).slice(item.reference.length)),
    item.decision ? el('span', { className: 'decided' }, decisionLine(item.decision)) : null,
    canDecide
      ? el('button', { type: 'button', 'data-decide': item.caseId, 'aria-label': `${item.decision ? 'Ändra beslut' : 'Besluta'} för ${item.reference}` }, item.decision ? 'Ändra beslut' : 'Besluta')
      : null,
  );
}

function renderCurrent() {
  const leading = view.viewer.mayLead;
  const running = view.state === 'running';
  $('current-heading').textContent = running ? `Punkt ${view.point} av 6: ${view.labels.agendaPoints[view.point]}` : view.state === 'ended' ? 'Mötets beslut' : 'Dagens ärenden';
  const parts = [];
  if (view.cases.length === 0) parts.push(el('p', { className: 'muted' }, running ? 'Inga ärenden under den här punkten.' : 'Inga ärenden.'));
  else parts.push(el('ul', { className: 'case-list' }, view.cases.map((item) => caseItem(item, leading))));
  if (leading && running && view.point === 1 && view.lateCases.length > 0) {
    parts.push(
      el('h3', {}, 'Sent inkomna ärenden'),
      el('ul', { className: 'case-list' }, view.lateCases.map((item) =>
        el('li', {}, el('span', { className: 'case-line' }, caseLine(item)), el('button', { type: 'button', 'data-accept': item.caseId, 'aria-label': `Ta upp ${item.reference} idag` }, 'Ta upp idag')),
      )),
    );
  }
  $('current').querySelector('.content').replaceChildren(...parts);
}

function renderLeader() {
  const { leader, labels } = view;
  $('leader').querySelector('.content').replaceChildren(leader ? el('p', {}, `${leader.name} (${labels.roles[leader.role]})`) : el('p', { className: 'muted' }, 'Ingen mötesledare är utsedd ännu.'));
}

function renderControls() {
  const leading = view.viewer.mayLead;
  $('controls').hidden = !leading;
  if (!leading) return;
  const running = view.state === 'running';
  $('start').hidden = view.state !== 'agenda_posted';
  $('previous').hidden = !running || view.point === 1;
  $('next').hidden = !running || view.point === 6;
  $('end').hidden = !running || view.point !== 6;
  const development = connection.mode === 'development';
  $('share').hidden = development;
  $('stage-link').hidden = !development;
  if (development) $('stage-link').href = stageUrl();
}

/** The focused button of a case, named so that the same button can be found again after a redraw. */
function focusedCaseButton() {
  const active = document.activeElement;
  if (!active || !$('current').contains(active)) return null;
  for (const name of ['data-decide', 'data-accept']) {
    const value = active.getAttribute(name);
    if (value) return `[${name}="${CSS.escape(value)}"]`;
  }
  return null;
}

function render(next) {
  const previousPoint = view?.point ?? null;
  const focused = focusedCaseButton();
  view = next;
  $('meeting-title').textContent = `Samordningsmöte – ${view.area}`;
  const state = view.state === 'running' ? `${STATE_LABELS.running} – punkt ${view.point} av 6` : STATE_LABELS[view.state];
  $('meeting-subtitle').textContent = `${view.isToday ? '' : 'Nästa möte: '}${formatDate(view.meetingDate)} kl. ${view.time} · ${state}`;
  renderControls();
  renderCurrent();
  renderPoints();
  renderLeader();
  // A poll that redraws the cases must not throw a keyboard user's focus back to the top of the page.
  if (focused && document.activeElement === document.body) $('current').querySelector(focused)?.focus({ preventScroll: true });
  if (previousPoint !== null && view.point !== null && previousPoint !== view.point) announce(`Mötet är vid punkt ${view.point} av 6: ${view.labels.agendaPoints[view.point]}.`);
  document.body.dataset.point = view.point ?? '';
}

function stageUrl() {
  const url = new URL('stage.html', location.href);
  const params = { meetingId };
  if (connection.mode === 'development') params.devUser = connection.devUser;
  url.search = new URLSearchParams(params).toString();
  return url.toString();
}

async function refresh() {
  try {
    const next = await apiPoll(connection, `/api/meeting/${encodeURIComponent(meetingId)}/live`, poll);
    // After an action the poll asks without its ETag and gets the version just drawn: nothing to redraw.
    if (next && next.version !== view?.version) render(next);
    $('error').hidden = true;
  } catch (error) {
    showError($('error'), error);
  }
}

/** A leader's action: the answer is the new view, rendered at once rather than at the next poll. */
async function act(path, body, errorArea = $('control-error')) {
  errorArea.hidden = true;
  try {
    const answer = await apiPost(connection, `/api/meeting/${encodeURIComponent(meetingId)}/${path}`, body);
    poll.etag = null;
    render(answer);
    if (answer.notice) announce(answer.notice);
    return answer;
  } catch (error) {
    showError(errorArea, error);
    return null;
  }
}

function option(value, label) {
  return el('option', { value }, label);
}

async function openDecision(caseId) {
  try {
    const form = await apiJson(connection, `/api/meeting/${encodeURIComponent(meetingId)}/decisions/${encodeURIComponent(caseId)}`);
    openCaseId = caseId;
    $('decision-heading').textContent = `Beslut för ärende ${form.reference}`;
    const people = view.members.map((member) => option(member.userId, `${member.name} (${view.labels.roles[member.role]})`));
    $('responsible').replaceChildren(option('', 'Välj ansvarig'), ...people.map((node) => node.cloneNode(true)));
    $('sipCoordinator').replaceChildren(option('', 'Ingen vald'), ...people);
    const values = form.values;
    $('actions').value = values.actions ?? '';
    $('responsible').value = values.responsible ?? '';
    $('followUpDate').value = values.followUpDate ?? '';
    $('followUpDate').min = view.meetingDate;
    $('sipNeeded').checked = values.sipNeeded === 'true';
    $('sipCoordinator').value = values.sipCoordinator ?? '';
    $('escalate').checked = values.escalate === 'true';
    $('escalationReason').value = values.escalationReason ?? '';
    showIssues({});
    $('decision').hidden = false;
    $('decision-heading').focus();
  } catch (error) {
    showError($('control-error'), error);
  }
}

function closeDecision() {
  $('decision').hidden = true;
  const back = openCaseId ? document.querySelector(`[data-decide="${openCaseId}"]`) : null;
  openCaseId = null;
  back?.focus();
}

function showIssues(issues) {
  for (const field of DECISION_FIELDS) {
    const message = issues[field];
    const area = $(`${field}-error`);
    area.hidden = !message;
    area.textContent = message ?? '';
    $(field).setAttribute('aria-invalid', message ? 'true' : 'false');
  }
}

async function saveDecision(event) {
  event.preventDefault();
  const body = {
    caseId: openCaseId,
    actions: $('actions').value,
    responsible: $('responsible').value,
    followUpDate: $('followUpDate').value,
    sipNeeded: String($('sipNeeded').checked),
    sipCoordinator: $('sipCoordinator').value,
    escalate: String($('escalate').checked),
    escalationReason: $('escalationReason').value,
  };
  $('decision-error').hidden = true;
  try {
    const answer = await apiPost(connection, `/api/meeting/${encodeURIComponent(meetingId)}/decisions`, body);
    poll.etag = null;
    render(answer);
    announce(answer.notice ?? '');
    closeDecision();
  } catch (error) {
    showIssues(error.issues ?? {});
    showError($('decision-error'), error);
    const first = DECISION_FIELDS.find((field) => error.issues?.[field]);
    if (first) $(first).focus();
  }
}

function shareToStage() {
  const teams = connection.teams;
  teams.meeting.shareAppContentToStage((error) => {
    if (error) showError($('control-error'), { message: 'Dagordningen kunde inte delas till scenen. Kontrollera att du presenterar i mötet och försök igen.' });
    else announce('Dagordningen visas nu på scenen för alla i mötet.');
  }, stageUrl());
}

function wireControls() {
  $('start').addEventListener('click', () => void act('start'));
  $('previous').addEventListener('click', () => void act('point', { point: view.point - 1 }));
  $('next').addEventListener('click', () => void act('point', { point: view.point + 1 }));
  $('end').addEventListener('click', () => void act('end'));
  $('share').addEventListener('click', shareToStage);
  $('current').addEventListener('click', (event) => {
    const decide = event.target.closest('[data-decide]');
    if (decide) void openDecision(decide.dataset.decide);
    const accept = event.target.closest('[data-accept]');
    if (accept) void act('accept', { caseId: accept.dataset.accept });
  });
  $('decision-form').addEventListener('submit', (event) => void saveDecision(event));
  $('decision-cancel').addEventListener('click', closeDecision);
}

/** The Samordna meeting: named in the address (tab configuration), or the one this Teams meeting is linked to. */
async function resolveMeetingId() {
  const named = new URLSearchParams(location.search).get('meetingId');
  if (named) return named;
  const teamsMeetingId = connection.mode === 'teams' ? connection.context.meeting?.id : null;
  if (!teamsMeetingId) return '';
  return (await apiJson(connection, `/api/meeting/teams/${encodeURIComponent(teamsMeetingId)}`)).meetingId;
}

async function main() {
  connection = await connect();
  if (connection.mode === 'development') showDevelopmentBanner($('page'));
  try {
    meetingId = await resolveMeetingId();
    const first = await apiPoll(connection, `/api/meeting/${encodeURIComponent(meetingId)}/live`, poll);
    render(first);
    wireControls();
    $('loading').hidden = true;
    $('meeting').hidden = false;
    document.body.dataset.ready = 'true';
    setInterval(() => void refresh(), POLL_MS);
  } catch (error) {
    $('loading').hidden = true;
    showError($('error'), error);
    document.body.dataset.ready = 'error';
  }
}

void main();
