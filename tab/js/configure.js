// The tab's configuration page: the person picks the channel's meeting; Teams then stores a tab
// that opens board.html for it.
import { el } from './dom.js';
import { apiJson, connect, showDevelopmentBanner, showError } from './connection.js';

const $ = (id) => document.getElementById(id);
const TAB_NAME = 'Samordningstavla';

function boardUrl(meetingId, extra = {}) {
  const url = new URL('board.html', location.href);
  url.search = new URLSearchParams({ meetingId, ...extra }).toString();
  return url.toString();
}

function meetingLabel(meeting, labels) {
  return `${meeting.area} – ${labels.weekdays[meeting.weekday].toLowerCase()}ar kl. ${meeting.time}`;
}

function configureInTeams(connection, meetings, labels) {
  const { teams } = connection;
  const select = $('meeting');
  for (const meeting of meetings) select.append(el('option', { value: meeting.id }, meetingLabel(meeting, labels)));
  $('configure-form').hidden = false;
  teams.pages.config.registerOnSaveHandler((saveEvent) => {
    const meetingId = select.value;
    teams.pages.config
      .setConfig({ contentUrl: boardUrl(meetingId), websiteUrl: boardUrl(meetingId), entityId: `samordna-board-${meetingId}`, suggestedDisplayName: TAB_NAME })
      .then(() => saveEvent.notifySuccess())
      .catch((error) => saveEvent.notifyFailure(String(error)));
  });
  select.addEventListener('change', () => teams.pages.config.setValidityState(select.value !== ''));
  if (meetings.length === 1) {
    select.value = meetings[0].id;
    teams.pages.config.setValidityState(true);
  }
}

/** Outside Teams nothing can be saved: list links to the boards instead. */
function configureForDevelopment(connection, meetings, labels) {
  const list = $('development-links');
  for (const meeting of meetings) {
    list.append(el('li', {}, el('a', { href: boardUrl(meeting.id, { devUser: connection.devUser }) }, meetingLabel(meeting, labels))));
  }
  list.hidden = false;
}

async function main() {
  const connection = await connect();
  if (connection.mode === 'development') showDevelopmentBanner($('page'));
  const channelId = connection.mode === 'teams' ? connection.context.channel?.id : new URLSearchParams(location.search).get('conversationId');
  const query = channelId ? `?conversationId=${encodeURIComponent(channelId)}` : '';
  try {
    const { meetings, labels } = await apiJson(connection, `/api/board/meetings${query}`);
    if (meetings.length === 0) {
      $('status').textContent = 'Du finns inte med i deltagarlistan för något möte i den här kanalen. Gå med i deltagarlistan i kanalen och försök igen.';
      return;
    }
    $('status').textContent = meetings.length === 1 ? 'Tavlan visar det här mötet:' : 'Välj vilket möte tavlan ska visa.';
    if (connection.mode === 'teams') configureInTeams(connection, meetings, labels);
    else configureForDevelopment(connection, meetings, labels);
  } catch (error) {
    $('status').hidden = true;
    showError($('error'), error);
  }
}

void main();
