// One case, opened privately in a modal dialog: the view the card's "Visa ärendet" gives, fetched
// for the signed-in person only (and audited by the server as a case read). Closing the dialog
// removes the case from the page, so nothing sensitive stays behind in the document.
import { apiJson, showError } from './connection.js';
import { el, formatDate, formatInstant, maskedLabel } from './dom.js';
import { TEXTS } from './personalTexts.sv.js';

const T = TEXTS.dialog;

const facts = (pairs) =>
  el('dl', { className: 'facts' }, pairs.filter(([, value]) => value !== null && value !== undefined && value !== '').map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));

/** "19121212-1212": the 12-digit form with the separator people read. */
const personnummer = (digits) => (typeof digits === 'string' && digits.length === 12 ? `${digits.slice(0, 8)}-${digits.slice(8)}` : digits);

function decisionBlock(decision) {
  const D = T.decision;
  const date = formatDate(decision.meetingDate);
  return el(
    'div',
    { className: 'decision' },
    el('h4', {}, D.heading(date)),
    facts([
      [D.actions, decision.actions ?? D.actionsPurged],
      [D.responsible, decision.responsibleName ?? T.unknownPerson],
      [D.followUpDate, decision.followUpDate ? formatDate(decision.followUpDate) : D.closes],
      [D.sip, decision.sipNeeded ? D.sipNeeded(decision.sipCoordinatorName, decision.sipSummonsDue ? formatDate(decision.sipSummonsDue) : null) : D.sipNotNeeded],
      [D.escalation, decision.escalated ? D.escalated(decision.escalationReason) : D.notEscalated],
      [D.decidedBy, decision.decidedBy ? `${decision.decidedBy}${decision.decidedAt ? `, ${formatInstant(decision.decidedAt)}` : ''}` : null],
    ]),
  );
}

function ackLine(ack, labels) {
  const role = labels.roles?.[ack.role] ?? ack.role;
  const state =
    ack.status === 'open' ? T.ackOpen(formatInstant(ack.dueAt))
    : ack.confirmedAt ? T.ackConfirmed(ack.confirmedBy, formatInstant(ack.confirmedAt))
    : T.ackOther;
  return el('li', {}, `${role}: ${state}`);
}

/**
 * The case view (GET /api/personal/cases/:caseId) as headed sections: facts, SBAR (null once
 * purged), decisions newest first, kvittenser and events.
 */
export function renderCaseView(view) {
  const labels = view.labels ?? {};
  const sbar = view.sbar;
  const meeting = [view.meetingTitle, view.meetingDate ? formatDate(view.meetingDate) : null].filter(Boolean).join(' – ');
  const parts = [
    el('p', { className: 'muted' }, T.privateNote),
    el('h3', {}, T.facts),
    facts([
      [T.patient, sbar ? `${sbar.patientName} (${maskedLabel(view.masked)})` : maskedLabel(view.masked)],
      [T.personnummer, sbar ? personnummer(sbar.personnummer) : null],
      [T.status, labels.caseStatuses?.[view.status] ?? view.status],
      [T.agendaItem, labels.agendaItems?.[view.agendaItem] ?? view.agendaItem],
      [T.urgency, labels.urgencies?.[view.urgency] ?? view.urgency],
      [T.meeting, meeting],
      [T.readyForDischargeAt, view.readyForDischargeAt ? formatInstant(view.readyForDischargeAt) : null],
      [T.submittedBy, view.submittedBy ? [view.submittedBy.name, view.submittedBy.profession].filter(Boolean).join(', ') : null],
    ]),
    el('h3', {}, T.sbar),
    sbar ? facts(Object.entries(T.fields).map(([key, term]) => [term, sbar[key]])) : el('p', {}, T.purged),
    el('h3', {}, T.decisions),
  ];
  const decisions = view.decisions ?? [];
  parts.push(decisions.length > 0 ? decisions.map(decisionBlock) : el('p', { className: 'muted' }, T.noDecisions));
  const acks = view.acknowledgements ?? [];
  if (acks.length > 0) parts.push(el('h3', {}, T.acknowledgements), el('ul', {}, acks.map((ack) => ackLine(ack, labels))));
  const events = view.events ?? [];
  if (events.length > 0) {
    parts.push(el('h3', {}, T.history), el('ul', {}, events.map((event) => el('li', {}, `${formatInstant(event.at)}: ${T.events[event.action] ?? event.action}${event.byName ? ` – ${event.byName}` : ''}`))));
  }
  return parts;
}

export function createCaseDialog(connection) {
  const dialog = document.getElementById('case-dialog');
  const title = document.getElementById('case-dialog-title');
  const content = document.getElementById('case-dialog-content');
  const error = document.getElementById('case-dialog-error');
  const status = document.getElementById('case-dialog-status');
  let opener = null;
  let request = 0;

  // Emptied as the dialog closes, not in its `close` event (which comes a task later): the case
  // is out of the page the moment it is out of sight.
  const clear = () => {
    request += 1;
    content.replaceChildren();
    error.hidden = true;
    status.textContent = '';
  };
  document.getElementById('case-dialog-close').addEventListener('click', () => {
    clear();
    dialog.close();
  });
  dialog.addEventListener('cancel', clear); // Esc
  dialog.addEventListener('close', () => {
    clear();
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
