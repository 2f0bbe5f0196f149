import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { TeamsActivityHandler, TurnContext, type InvokeResponse } from 'botbuilder';
import { z } from 'zod';
import {
  formNeedsFixingInChannelCard,
  helpCard,
  myCasesInChannelCard,
  notSavedCard,
  notUnderstoodCard,
  scheduleLabel,
  somethingWentWrongCard,
  unreadableActionCard,
  welcomeCard,
} from '../cards';
import type { AdaptiveCard } from '../cards/render';
import type { Services } from '../services/app';
import type { Logger } from '../services/logger';
import { isStoreWriteError } from '../services/store/writeFailures';
import { activityFacts, cardData, type ActivityFacts } from './activityFacts';
import { cardWithinBudget } from './answerBudget';
import { conversationInstall } from './conversationReference';
import { teamsMeetingEventOf } from './meetingEvents';
import { cardActivity } from './noticeRenderer';
import { routeVerb } from './verbs/router';
import type { VerbReply } from './verbs/verb';

const invokeValueSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(64),
    data: z.unknown().optional(),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

const submitValueSchema = z.object({ verb: z.string().min(1).max(64) });

function cardInvokeResponse(card: AdaptiveCard): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
}

const HELP_WORDS = new Set(['hjälp', 'help', '?', '']);
const MY_CASES_WORDS = new Set(['mina', 'mina ärenden']);

/** Where the bot reports how long each card action took (the metrics). */
export interface InvokeObserver {
  observeInvoke(verb: string, seconds: number): void;
}

export class SamordnaBot extends TeamsActivityHandler {
  constructor(
    private readonly services: Services,
    private readonly logger: Logger,
    private readonly observer: InvokeObserver | null = null,
  ) {
    super();

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((member) => member.id === botId)) await this.welcome(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      const facts = activityFacts(context.activity);
      if (!facts) return next();
      const submitted = submitValueSchema.safeParse(context.activity.value);
      if (submitted.success) await this.handleSubmitFallback(context, facts, submitted.data.verb);
      else await this.handleText(context, facts);
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') {
      const response = await super.onInvokeActivity(context);
      // botbuilder answers an invoke nobody handles with 501; Samordna's manifest declares no such
      // invoke, so it is the sender's mistake: a 4xx, like any other request we cannot serve.
      return response.status === 501 ? { status: 400, body: { error: 'unsupported invoke' } } : response;
    }
    const facts = activityFacts(context.activity);
    const value = invokeValueSchema.safeParse(context.activity.value);
    if (!facts || !value.success) return cardInvokeResponse(unreadableActionCard());
    const verb = value.data.action.verb;
    const started = performance.now();
    const reply = await this.runVerb(context, facts, verb, value.data.action.data);
    const response = cardInvokeResponse(cardWithinBudget(reply.card, reply.compact, { verb, logger: this.logger }));
    this.observer?.observeInvoke(verb, (performance.now() - started) / 1000);
    return response;
  }

  /** A Teams meeting holding a Samordna meeting started: its chat gets the agenda (teamsMeetingService). */
  protected override async onTeamsMeetingStart(context: TurnContext): Promise<void> {
    await this.meetingEvent(context, 'started');
  }

  /** …and ended: the leader is reminded to end the run. */
  protected override async onTeamsMeetingEnd(context: TurnContext): Promise<void> {
    await this.meetingEvent(context, 'ended');
  }

  private async meetingEvent(context: TurnContext, what: 'started' | 'ended'): Promise<void> {
    const event = teamsMeetingEventOf(context.activity);
    if (!event) {
      this.logger.warn({ what }, 'Teams meeting event without a readable meeting id or conversation: ignored');
      return;
    }
    try {
      // Remembered first: the agenda and the reminder are posted into the meeting's own chat (a
      // channel meeting's thread keeps its ";messageid=…" in the key and the reference).
      await this.services.conversations.remember(conversationInstall(context.activity, event.place));
      const outcome = await this.services.teamsMeetings[what](event.event);
      this.logger.info({ what, outcome: outcome.kind, meetingId: 'meetingId' in outcome ? outcome.meetingId : null }, 'Teams meeting event');
    } catch (error) {
      this.logger.error({ err: error, what }, 'Teams meeting event failed');
    }
  }

  private async runVerb(context: TurnContext, facts: ActivityFacts, verb: string, data: unknown): Promise<VerbReply> {
    try {
      if (verb === 'meeting.setup' && facts.place.kind !== 'personal') {
        await this.services.conversations.remember(conversationInstall(context.activity, facts.place));
      }
      return await routeVerb({ verb, actor: facts.actor, place: facts.place, data: cardData(data), services: this.services });
    } catch (error) {
      // Logged once by the store for as long as the fault lasts, not once per button pressed.
      if (isStoreWriteError(error)) return { card: notSavedCard() };
      const incident = randomUUID().slice(0, 8);
      this.logger.error({ err: error, verb, incident }, 'verb failed');
      return { card: somethingWentWrongCard(incident) };
    }
  }

  /** Clients without Universal Actions send the button's data as a message instead. */
  private async handleSubmitFallback(context: TurnContext, facts: ActivityFacts, verb: string): Promise<void> {
    const reply = await this.runVerb(context, facts, verb, context.activity.value);
    const shared = facts.place.kind !== 'personal';
    const withheld = reply.containsPatientData && shared;
    const card = withheld ? (reply.sharedConversationCard ?? formNeedsFixingInChannelCard()) : reply.card;
    await context.sendActivity(cardActivity(cardWithinBudget(card, withheld ? undefined : reply.compact, { verb, logger: this.logger })));
  }

  private async handleText(context: TurnContext, facts: ActivityFacts): Promise<void> {
    const text = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
    if (HELP_WORDS.has(text)) {
      await context.sendActivity(cardActivity(helpCard()));
      return;
    }
    if (MY_CASES_WORDS.has(text)) {
      // Only a personal chat is private; anywhere else the list opens behind a button, for the presser alone.
      const card = facts.place.kind === 'personal' ? (await this.runVerb(context, facts, 'my.cases', {})).card : myCasesInChannelCard();
      await context.sendActivity(cardActivity(card));
      return;
    }
    await context.sendActivity(cardActivity(notUnderstoodCard()));
  }

  private async welcome(context: TurnContext): Promise<void> {
    const facts = activityFacts(context.activity);
    if (!facts) return;
    await this.services.conversations.remember(conversationInstall(context.activity, facts.place));
    const meeting = facts.place.kind === 'personal' ? null : await this.services.meetings.forConversation(facts.place.conversationKey);
    this.logger.info({ conversationKind: facts.place.kind }, 'bot added to a conversation');
    await context.sendActivity(
      cardActivity(welcomeCard({ meeting: meeting ? { area: meeting.area, scheduleLabel: scheduleLabel(meeting.schedule) } : null })),
    );
  }
}
