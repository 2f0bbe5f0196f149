// The tab's configuration page. In a channel the person picks the channel's meeting and Teams
// stores a tab that opens board.html for it. In a Teams meeting (its chat, details, side panel)
// the pick also links the Teams meeting to the Samordna meeting, and the tab opens meeting.html:
// the agenda the leader runs, following the meeting live.
import { el } from './dom.js';
import { apiJson, apiPost, connect, showDevelopmentBanner, showError } from './connection.js';

const $ = (id) => document.getElementById(id);
const BOARD_TAB_NAME = 'Samordningstavla';
const MEETING_TAB_NAME = 'Samordna';

function pageUrl(page, meetingId, extra = {}) {
  const url = new URL(page, location.href);
  url.search = new URLSearchParams({ meetingId, ...extra }).toString();
  return url.toString();
}

function meetingLabel(meeting, labels) {
  return `${meeting.area} – ${labels.weekdays[meeting.weekday].toLowerCase()}ar kl. ${meeting.time}`;
}

function configureInTeams(connection, meetings, labels) {
  const { teams, context } = connection;
  const teamsMeetingId = context.meeting?.id ?? null;
  const select = $('meeting');
  for (const meeting of meetings) select.append(el('option', { value: meeting.id }, meetingLabel(meeting, labels)));
  $('configure-form').hidden = false;
  teams.pages.config.registerOnSaveHandler(async (saveEvent) => {
    const meetingId = select.value;
    try {
      if (teamsMeetingId) {
        await apiPost(connection, `/api/meeting/teams/${encodeURIComponent(teamsMeetingId)}/link`, { meetingId, ...(context.chat?.id ? { chatId: context.chat.id } : {}) });
        const url = pageUrl('meeting.html', meetingId);
        await teams.pages.config.setConfig({ contentUrl: url, websiteUrl: url, entityId: `samordna-meeting-${meetingId}`, suggestedDisplayName: MEETING_TAB_NAME });
      } else {
        const url = pageUrl('board.html', meetingId);
        await teams.pages.config.setConfig({ contentUrl: url, websiteUrl: url, entityId: `samordna-board-${meetingId}`, suggestedDisplayName: BOARD_TAB_NAME });
      }
      saveEvent.notifySuccess();
    } catch (error) {
      saveEvent.notifyFailure(error instanceof Error ? error.message : String(error));
    }
  });
  select.addEventListener('change', () => teams.pages.config.setValidityState(select.value !== ''));
  if (meetings.length === 1) {
    select.value = meetings[0].id;
    teams.pages.config.setValidityState(true);
  }
}

/** Outside Teams nothing can be saved: list links to each meeting's board, side panel and stage instead. */
function configureForDevelopment(connection, meetings, labels) {
  const list = $('development-links');
  const devUser = { devUser: connection.devUser };
  for (const meeting of meetings) {
    list.append(
      el(
        'li',
        {},
        el('a', { href: pageUrl('board.html', meeting.id, devUser) }, meetingLabel(meeting, labels)),
        ' · ',
        el('a', { href: pageUrl('meeting.html', meeting.id, devUser) }, 'sidopanel i mötet'),
        ' · ',
        el('a', { href: pageUrl('stage.html', meeting.id, devUser) }, 'scen'),
      ),
    );
  }
  list.hidden = false;
}

async function main() {
  const connection = await connect();
  if (connection.mode === 'development') showDevelopmentBanner($('page'));
  const inMeeting = connection.mode === 'teams' && Boolean(connection.context.meeting?.id);
  if (inMeeting) $('configure-title').textContent = 'Lägg till Samordna i mötet';
  // A channel meeting lists the channel's meeting; a scheduled meeting's chat, all of the person's meetings.
  const channelId = connection.mode === 'teams' ? connection.context.channel?.id : new URLSearchParams(location.search).get('conversationId');
  const query = channelId ? `?conversationId=${encodeURIComponent(channelId)}` : '';
  try {
    const { meetings, labels } = await apiJson(connection, `/api/board/meetings${query}`);
    if (meetings.length === 0) {
      $('status').textContent = channelId
        ? 'Du finns inte med i deltagarlistan för något möte i den här kanalen. Gå med i deltagarlistan i kanalen och försök igen.'
        : 'Du finns inte med i deltagarlistan för något samordningsmöte. Gå med i deltagarlistan i mötets kanal och försök igen.';
      return;
    }
    $('status').textContent = inMeeting
      ? 'Välj vilket samordningsmöte Teams-mötet håller. Dagordningen visas sedan i mötets sidopanel och kan delas till scenen.'
      : meetings.length === 1 ? 'Tavlan visar det här mötet:' : 'Välj vilket möte tavlan ska visa.';
    if (connection.mode === 'teams') configureInTeams(connection, meetings, labels);
    else configureForDevelopment(connection, meetings, labels);
  } catch (error) {
    $('status').hidden = true;
    showError($('error'), error);
  }
}

void main();
