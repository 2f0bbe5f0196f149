import { randomUUID } from 'node:crypto';

export const TENANT_ID = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';
export const TEAM_ID = '19:team-general@thread.tacv2';
export const CHANNEL_ID = '19:samordning-channel@thread.tacv2';
export const BOT = { id: '28:samordna-bot', name: 'Samordna' };

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export function teamsUser(name: string): TeamsUser {
  const aadObjectId = randomUUID();
  return { id: `29:${aadObjectId}`, name, aadObjectId };
}

export interface ChannelPlace {
  serviceUrl: string;
  channelId?: string;
  /** The reply thread a card was in, as Teams sends it for card actions. */
  threadMessageId?: string;
}

function channelConversation(place: ChannelPlace) {
  const channel = place.channelId ?? CHANNEL_ID;
  return {
    conversation: {
      id: place.threadMessageId ? `${channel};messageid=${place.threadMessageId}` : channel,
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT_ID,
    },
    channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID, name: 'Vårdsamverkan' }, channel: { id: channel, name: 'Samordningsmöte' } },
  };
}

function base(place: ChannelPlace, from: TeamsUser | typeof BOT) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: place.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'sv-SE',
    recipient: BOT,
    from,
    ...channelConversation(place),
  };
}

/** Teams' conversationUpdate when the app is added to a team's channel. */
export function botAddedToChannel(place: ChannelPlace, by: TeamsUser) {
  return {
    ...base(place, by),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    channelData: { ...channelConversation(place).channelData, eventType: 'teamMemberAdded' },
  };
}

/** What Teams sends when a user presses an Action.Execute button. */
export function cardAction(place: ChannelPlace, from: TeamsUser, verb: string, data: Record<string, unknown> = {}) {
  return {
    ...base({ threadMessageId: '1700000000000', ...place }, from),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: '1700000000000',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  };
}

/** What an older client sends for the Action.Submit fallback of the same button. */
export function cardSubmit(place: ChannelPlace, from: TeamsUser, verb: string, data: Record<string, unknown> = {}) {
  return {
    ...base({ threadMessageId: '1700000000000', ...place }, from),
    type: 'message',
    replyToId: '1700000000000',
    value: { ...data, verb },
  };
}

/** A channel message that @mentions the bot. */
export function mentionMessage(place: ChannelPlace, from: TeamsUser, text: string) {
  return {
    ...base(place, from),
    type: 'message',
    text: `<at>Samordna</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>Samordna</at>', mentioned: BOT }],
  };
}

/** An activity in a user's personal chat with the bot. */
function personalBase(place: ChannelPlace, user: TeamsUser) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: place.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'sv-SE',
    recipient: BOT,
    from: user,
    conversation: { id: personalConversationId(user), conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** Teams' conversationUpdate when a user installs the app for themselves (a personal chat). */
export function botInstalledPersonally(place: ChannelPlace, user: TeamsUser) {
  return { ...personalBase(place, user), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] };
}

/** A message typed in the user's personal chat with the bot. */
export function personalMessage(place: ChannelPlace, user: TeamsUser, text: string) {
  return { ...personalBase(place, user), type: 'message', text };
}

/** A button pressed on a card in the user's personal chat with the bot. */
export function personalCardAction(place: ChannelPlace, user: TeamsUser, verb: string, data: Record<string, unknown> = {}) {
  return {
    ...personalBase(place, user),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: '1700000000001',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  };
}

/** The conversation id of a user's personal chat with the bot, as the helpers above use it. */
export const personalConversationId = (user: TeamsUser) => `a:personal-${user.aadObjectId}`;
