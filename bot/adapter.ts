import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Config } from '../services/config';
import type { Logger } from '../services/logger';
import { tenantGuard } from './tenantGuard';

/**
 * With an empty app id the adapter accepts unauthenticated activities (local development and the
 * Playground); with one, every request must carry a valid Bot Framework token.
 */
export function createAdapter(config: Config, logger: Logger): { adapter: CloudAdapter; auth: ConfigurationBotFrameworkAuthentication } {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.appTenantId ?? '',
  };
  const auth = new ConfigurationBotFrameworkAuthentication(options);
  const adapter = new CloudAdapter(auth);
  adapter.use(tenantGuard(config.allowedTenants, logger));
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled error in a turn');
    if (context.activity.type === 'message') {
      await context.sendActivity('Något gick fel i Samordna. Försök igen om en stund.').catch(() => undefined);
    }
  };
  return { adapter, auth };
}
