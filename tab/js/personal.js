// Samordna's personal tab: "Mina ärenden" for everyone, "Uppföljning" for the managers on the
// meetings' rosters. Signs in as the board does (connection.js) and follows the Teams theme.
import { createCaseDialog } from './caseDialog.js';
import { apiJson, connect, showDevelopmentBanner, showError } from './connection.js';
import { createFollowup } from './personalFollowup.js';
import { createMine } from './personalMine.js';
import { TEXTS } from './personalTexts.sv.js';
import { followTheme } from './theme.js';

const $ = (id) => document.getElementById(id);

function applyTexts() {
  document.title = TEXTS.page.documentTitle;
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = TEXTS.page[node.dataset.text];
  for (const node of document.querySelectorAll('[data-text-label]')) node.setAttribute('aria-label', TEXTS.page[node.dataset.textLabel]);
}

/** Today in Stockholm, for the default period when the server's answer has none. */
function stockholmToday() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * Tabs as the WAI-ARIA tabs pattern: one tab stop for the tab list, arrow keys, Home and End move
 * between the tabs and show their panel.
 */
function setUpTabs(onShow) {
  const tabs = () => [...document.querySelectorAll('#tabs [role="tab"]')].filter((tab) => !tab.hidden);
  const select = (tab, focus) => {
    for (const other of tabs()) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    onShow(tab.id);
  };
  $('tabs').addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tab, false);
  });
  $('tabs').addEventListener('keydown', (event) => {
    const list = tabs();
    const index = list.indexOf(document.activeElement);
    if (index < 0) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: list.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(list[(next + list.length) % list.length], true);
  });
}

function announce(text) {
  // Emptied first, so the same confirmation twice is read twice.
  $('announcer').textContent = '';
  setTimeout(() => {
    $('announcer').textContent = text;
  }, 50);
}

async function main() {
  applyTexts();
  const connection = await connect();
  followTheme(connection);
  if (connection.mode === 'development') showDevelopmentBanner($('page'));
  try {
    const me = await apiJson(connection, '/api/personal/me');
    $('page-subtitle').textContent = TEXTS.subtitle(me.user?.name);
    const caseDialog = createCaseDialog(connection);
    const mine = createMine(
      connection,
      { content: $('mine-content'), error: $('mine-error'), panel: $('panel-mine'), announce, openCase: (caseId, reference, opener) => void caseDialog.open(caseId, reference, opener) },
      me,
    );
    await mine.load();
    const followup = createFollowup(connection, { announce, openCase: (caseId, reference, opener) => void caseDialog.open(caseId, reference, opener) });
    if (me.isManager) {
      $('tab-followup').hidden = false;
      followup.init(me, mine.today ?? stockholmToday());
    }
    setUpTabs((tabId) => {
      if (tabId === 'tab-followup') void followup.shown();
    });
    $('loading').hidden = true;
    $('personal').hidden = false;
    document.body.dataset.ready = 'true';
  } catch (error) {
    $('loading').hidden = true;
    showError($('error'), error);
    document.body.dataset.ready = 'error';
  }
}

void main();
