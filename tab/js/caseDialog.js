// One case, opened privately in a modal dialog: the view the card's "Visa ärendet" gives, fetched
// for the signed-in person only (and audited by the server as a case read). Closing the dialog
// removes the case from the page, so nothing sensitive stays behind in the document.
import { apiJson, showError } from './connection.js';
import { el, formatDate, formatInstant, maskedLabel } from './dom.js';
import { TEXTS } from './personalTexts.sv.js';

const T = TEXTS.dialog;

const facts = (pairs) =>
  el('dl', { className: 'facts' }, pairs.filter(([, value]) => value !== null && value !== undefined && value !== '').map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));

const personName = (person) => (person ? (person.name ?? '–') : null);

function decisionBlock(decision) {
  const D = T.decision;
  return el(
    'div',
    { className: 'decision' },
    facts([
      [D.meetingDate, decision.meetingDate ? formatDate(decision.meetingDate) : null],
      [D.actions, decision.actions],
      [D.responsible, personName(decision.responsible) ?? decision.responsibleName],
      [D.followUpDate, decision.followUpDate ? formatDate(decision.followUpDate) : D.closes],
      [D.sip, decision.sipNeeded ? D.yes : D.no],
      [D.sipCoordinator, personName(decision.sipCoordinator) ?? decision.sipCoordinatorName],
      [D.escalated, decision.escalated ?? decision.escalate ? D.yes : D.no],
    ]),
  );
}

function ackLine(ack, labels) {
  const role = labels?.roles?.[ack.role] ?? ack.role;
  const state = ack.status === 'confirmed' && ack.confirmedAt ? T.ackConfirmed(ack.confirmedBy?.name ?? null, formatInstant(ack.confirmedAt)) : T.ackOpen;
  return el('li', {}, `${role}: ${state}`);
}

/** The case view as headed sections; fields it does not carry are left out. */
export function renderCaseView(view) {
  const labels = view.labels ?? {};
  const sections = [];
  sections.push(
    el('p', { className: 'muted' }, T.privateNote),
    el('h3', {}, T.facts),
    facts([
      [T.patient, view.masked ? maskedLabel(view.masked) : null],
      [T.status, labels.caseStatuses?.[view.status] ?? view.statusLabel ?? view.status],
      [T.meeting, view.meetingLabel],
      [T.agendaItem, labels.agendaItems?.[view.agendaItem] ?? view.agendaItem],
      [T.urgency, labels.urgencies?.[view.urgency] ?? view.urgency],
      [T.submittedBy, view.submittedByLine ?? view.submittedBy?.name],
    ]),
  );
  const sensitive = view.sensitive ?? view.sbar;
  if (sensitive) sections.push(el('h3', {}, T.sbar), facts(Object.entries(T.fields).map(([key, term]) => [term, sensitive[key]])));
  const decisions = view.history?.decisions ?? (view.decision ? [view.decision] : []);
  if (decisions.length > 0) sections.push(el('h3', {}, T.decisions), decisions.map(decisionBlock));
  const acks = view.history?.acknowledgements ?? [];
  if (acks.length > 0) sections.push(el('h3', {}, T.acknowledgements), el('ul', {}, acks.map((ack) => ackLine(ack, labels))));
  const events = view.history?.events ?? [];
  if (events.length > 0) {
    sections.push(el('h3', {}, T.history), el('ul', {}, events.map((event) => el('li', {}, `${formatInstant(event.at)}: ${labels.events?.[event.action] ?? event.label ?? event.action}${event.byName ? ` – ${event.byName}` : ''}`))));
  }
  return sections;
}

export function createCaseDialog(connection) {
  const dialog = document.getElementById('case-dialog');
  const title = document.getElementById('case-dialog-title');
  const content = document.getElementById('case-dialog-content');
  const error = document.getElementById('case-dialog-error');
  const status = document.getElementById('case-dialog-status');
  let opener = null;
  let request = 0;

  document.getElementById('case-dialog-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    request += 1;
    content.replaceChildren();
    error.hidden = true;
    status.textContent = '';
    opener?.focus();
    opener = null;
  });

  async function open(caseId, reference, from) {
    opener = from ?? null;
    const mine = ++request;
    title.textContent = T.heading(reference);
    content.replaceChildren();
    error.hidden = true;
    status.textContent = T.loading;
    dialog.showModal();
    try {
      const view = await apiJson(connection, `/api/personal/cases/${encodeURIComponent(caseId)}`);
      if (mine !== request) return;
      if (view.reference) title.textContent = T.heading(view.reference);
      content.replaceChildren(...renderCaseView(view).flat());
      status.textContent = '';
    } catch (failure) {
      if (mine !== request) return;
      status.textContent = '';
      showError(error, failure);
    }
  }

  return { open };
}
