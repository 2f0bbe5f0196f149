// "Mina ärenden" in the personal tab: the same list as the `my.cases` card (open kvittenser with
// Kvittera, responsibilities, SIP assignments, own submissions), masked; each case opens privately
// in the case dialog.
import { apiJson, apiPost, showError } from './connection.js';
import { el, formatDate, formatInstant, maskedLabel, scrollTable } from './dom.js';
import { TEXTS } from './personalTexts.sv.js';

const T = TEXTS.mine;
const C = T.columns;
const SUBMITTED_SHOWN = 20;

const tag = (flag, text) => (flag ? el('span', { className: 'tag tag-late' }, text) : null);
const masked = (item) => maskedLabel({ initials: item.case.initials, birthYear: item.case.birthYear });

/**
 * page: { content, error, panel, announce(text), openCase(caseId, reference, opener) }; me: the /api/personal/me answer.
 * Returns { load(), render(answer) }.
 */
export function createMine(connection, page, me) {
  let state = null;

  const meetingOf = (item) => state.meetings?.[item.case.meetingId] ?? T.none;
  const caseButton = (item) =>
    el('button', { type: 'button', className: 'link-button reference', 'aria-label': T.openLabel(item.case.reference), 'data-case': item.case.caseId }, item.case.reference);

  function render(answer) {
    state = answer;
    const { mine, labels } = answer;
    const open = mine.acks.length + mine.responsible.length + mine.sip.length;
    const parts = [];
    const onRoster = me.onAnyRoster ?? Object.keys(answer.meetings ?? {}).length > 0;
    if (!onRoster) parts.push(el('p', { className: 'muted', id: 'mine-empty' }, T.notOnAnyRoster));
    else if (open === 0) parts.push(el('p', { className: 'muted', id: 'mine-empty' }, T.nothingOpen));
    if (mine.acks.length > 0) {
      parts.push(scrollTable(T.acksCaption, [C.case, C.patient, C.meeting, C.for, C.due, C.action], mine.acks.map((item) => [
        caseButton(item), masked(item), meetingOf(item), labels.roles[item.ack.role] ?? item.ack.role,
        [formatInstant(item.ack.dueAt), tag(item.overdue, T.overdueAck)],
        el('button', { type: 'button', 'data-ack': item.ackId, 'data-reference': item.case.reference, 'aria-label': T.confirmLabel(item.case.reference) }, T.confirm),
      ])));
    }
    if (mine.responsible.length > 0) {
      parts.push(scrollTable(T.responsibleCaption, [C.case, C.patient, C.meeting, C.status, C.followUp], mine.responsible.map((item) => [
        caseButton(item), masked(item), meetingOf(item), labels.caseStatuses[item.case.status] ?? item.case.status,
        item.followUpDate ? [formatDate(item.followUpDate), tag(item.overdue, T.overdueFollowUp)] : T.none,
      ])));
    }
    if (mine.sip.length > 0) {
      parts.push(scrollTable(T.sipCaption, [C.case, C.patient, C.meeting, C.decided, C.summonsDue], mine.sip.map((item) => [
        caseButton(item), masked(item), meetingOf(item), formatDate(item.meetingDate), [formatDate(item.summonsDue), tag(item.overdue, T.overdueSip)],
      ])));
    }
    if (mine.submitted.length > 0) {
      parts.push(scrollTable(T.submittedCaption, [C.case, C.patient, C.meeting, C.status, C.meetingDate], mine.submitted.slice(0, SUBMITTED_SHOWN).map((item) => [
        caseButton(item), masked(item), meetingOf(item), labels.caseStatuses[item.case.status] ?? item.case.status, formatDate(item.meetingDate),
      ])));
    }
    page.content.replaceChildren(...parts);
  }

  async function load() {
    render(await apiJson(connection, '/api/personal/mycases'));
  }

  async function confirm(button) {
    const reference = button.dataset.reference;
    page.error.hidden = true;
    button.disabled = true;
    button.textContent = T.confirming;
    try {
      const answer = await apiPost(connection, `/api/personal/acks/${encodeURIComponent(button.dataset.ack)}/confirm`, {});
      if (answer.mine) render({ ...state, mine: answer.mine });
      else await load();
      page.announce(answer.notice || T.confirmed(reference));
      page.panel.focus();
    } catch (error) {
      showError(page.error, error);
      // Already confirmed by someone else, or no longer this person's: the list is out of date.
      if (error.status === 409 || error.status === 403 || error.status === 404) {
        await load().catch(() => undefined);
      } else {
        button.disabled = false;
        button.textContent = T.confirm;
      }
    }
  }

  page.content.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button || button.disabled) return;
    if (button.dataset.ack) void confirm(button);
    else if (button.dataset.case) page.openCase(button.dataset.case, button.textContent, button);
  });

  return { load, render, get today() { return state?.mine?.today ?? null; } };
}
