import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../services/logger';

/** Refuses activities from tenants outside ALLOWED_TENANTS before any handler sees them. */
export function tenantGuard(allowedTenants: readonly string[], logger: Logger): Middleware {
  const allowed = new Set(allowedTenants.map((tenant) => tenant.toLowerCase()));
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      if (allowed.size === 0) return next();
      const activity = context.activity;
      const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
      const tenant = channelData?.tenant?.id ?? activity.conversation?.tenantId;
      if (typeof tenant === 'string' && allowed.has(tenant.toLowerCase())) return next();
      logger.warn({ tenant: typeof tenant === 'string' ? tenant : null, type: activity.type }, 'activity from a tenant that is not allowed was refused');
      if (activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403, body: { error: 'tenant not allowed' } } });
      }
    },
  };
}
