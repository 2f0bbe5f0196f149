import { TurnContext, type ConversationReference } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type BotFrameworkAuthentication,
  type ConnectorClient,
} from 'botframework-connector';
import type { Notice } from '../services/domain/records';
import type { Activity, OutboxTransport } from '../services/outbox/transport';
import { toTransportError } from './connectorErrors';

export type NoticeRenderer = (notice: Notice) => Promise<Activity | null>;

/**
 * Sends outbox messages to the Bot Connector. One connector client per service URL is kept:
 * building one (HTTP pipeline, credentials) costs more than the send itself, and the client's
 * credentials cache and renew the token on their own.
 */
export class ConnectorTransport implements OutboxTransport {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly identity: ClaimsIdentity;

  constructor(
    private readonly auth: BotFrameworkAuthentication,
    appId: string,
    readonly render: NoticeRenderer,
  ) {
    // The identity a proactive turn has (as CloudAdapter.continueConversationAsync builds it).
    this.identity = new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: appId },
      { type: AuthenticationConstants.AppIdClaim, value: appId },
    ]);
  }

  async post(reference: Record<string, unknown>, activity: Activity): Promise<{ activityId: string }> {
    const { conversationId, client, outgoing } = await this.prepare(reference, activity);
    try {
      const sent = await client.conversations.sendToConversation(conversationId, outgoing);
      return { activityId: sent.id ?? '' };
    } catch (error) {
      throw toTransportError(error);
    }
  }

  async update(reference: Record<string, unknown>, activityId: string, activity: Activity): Promise<void> {
    const { conversationId, client, outgoing } = await this.prepare(reference, activity);
    try {
      await client.conversations.updateActivity(conversationId, activityId, { ...outgoing, id: activityId });
    } catch (error) {
      throw toTransportError(error);
    }
  }

  private async prepare(reference: Record<string, unknown>, activity: Activity) {
    const ref = reference as Partial<ConversationReference>;
    const conversationId = ref.conversation?.id;
    if (!ref.serviceUrl || !conversationId) throw toTransportError(Object.assign(new Error('conversation reference is incomplete'), { statusCode: 400 }));
    const outgoing = TurnContext.applyConversationReference({ ...activity }, ref);
    return { conversationId, client: await this.client(ref.serviceUrl), outgoing };
  }

  private client(serviceUrl: string): Promise<ConnectorClient> {
    const cached = this.clients.get(serviceUrl);
    if (cached) return cached;
    const client = this.auth.createConnectorFactory(this.identity).create(serviceUrl, undefined);
    client.catch(() => this.clients.delete(serviceUrl));
    this.clients.set(serviceUrl, client);
    return client;
  }
}
