import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Activity, OutboxTransport } from '../services/outbox/transport';
import type { Notice } from '../services/domain/records';
import { toTransportError } from './connectorErrors';

export type NoticeRenderer = (notice: Notice) => Promise<Activity | null>;

/** Sends outbox messages to the Bot Connector through the adapter's proactive API. */
export class ConnectorTransport implements OutboxTransport {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    readonly render: NoticeRenderer,
  ) {}

  async post(reference: Record<string, unknown>, activity: Activity): Promise<{ activityId: string }> {
    let activityId = '';
    try {
      await this.adapter.continueConversationAsync(this.appId, reference as Partial<ConversationReference>, async (context) => {
        const sent = await context.sendActivity(activity);
        activityId = sent?.id ?? '';
      });
    } catch (error) {
      throw toTransportError(error);
    }
    return { activityId };
  }

  async update(reference: Record<string, unknown>, activityId: string, activity: Activity): Promise<void> {
    try {
      await this.adapter.continueConversationAsync(this.appId, reference as Partial<ConversationReference>, async (context) => {
        await context.updateActivity({ ...activity, id: activityId });
      });
    } catch (error) {
      throw toTransportError(error);
    }
  }
}
