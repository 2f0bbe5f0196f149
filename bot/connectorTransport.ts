import { TurnContext, type ConversationReference } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type BotFrameworkAuthentication,
  type ConnectorClient,
} from 'botframework-connector';
import type { Notice } from '../services/domain/records';
import type { Activity, OutboxTransport, RenderOptions } from '../services/outbox/transport';
import { toTransportError } from './connectorErrors';

export type NoticeRenderer = (notice: Notice, options?: RenderOptions) => Promise<Activity | null>;

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
    const client = this.auth.createConnectorFactory(this.identity).create(serviceUrl, undefined).then(withoutBuiltInRetries);
    client.catch(() => this.clients.delete(serviceUrl));
    this.clients.set(serviceUrl, client);
    return client;
  }
}

/**
 * The connector client's HTTP pipeline retries 429 and 5xx on its own, waiting out Retry-After in
 * real time. The outbox must be the one that retries — it honours Retry-After without holding a
 * send open, keeps other conversations moving and keeps count for the dead-letter list — so the
 * pipeline's retry phase is removed. (The compat client does not expose its pipeline in its types.)
 */
function withoutBuiltInRetries(client: ConnectorClient): ConnectorClient {
  const core = (client as unknown as { client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } } }).client;
  if (!core?.pipeline) throw new Error('connector client without a pipeline: cannot turn off its own retries');
  core.pipeline.removePolicy({ phase: 'Retry' });
  return client;
}
