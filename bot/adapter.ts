import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
} from 'botframework-connector';
import { STORE_FAILURE_TEXTS } from '../cards';
import type { Config } from '../services/config';
import { isStoreWriteError } from '../services/store/writeFailures';
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
  const auth = new BoundedAuthentication(options, config.outboundTimeoutMs, logger);
  const adapter = new CloudAdapter(auth);
  adapter.use(tenantGuard(config.allowedTenants, logger));
  adapter.onTurnError = async (context, error) => {
    // A store that cannot write has said so once in the log (services/store/writeHealth.ts).
    const notSaved = isStoreWriteError(error);
    if (!notSaved) logger.error({ err: error, activityType: context.activity.type }, 'unhandled error in a turn');
    if (context.activity.type === 'message') {
      await context.sendActivity(notSaved ? STORE_FAILURE_TEXTS.message : 'Något gick fel i Samordna. Försök igen om en stund.').catch(() => undefined);
    }
  };
  return { adapter, auth };
}

/**
 * Every outbound call of the Bot Framework SDK gets a bound (OUTBOUND_TIMEOUT_MS): botbuilder sets
 * none, so an unreachable endpoint would hold a request, a turn or an outbox send open for as long
 * as the operating system keeps the connection trying.
 */
class BoundedAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    super(options);
  }

  /**
   * Checking a token may need Microsoft's signing keys, fetched on first use. When they cannot be
   * had — an error, or no answer within the bound — the request is refused as unauthenticated
   * (401, which the adapter answers for an AuthenticationError; anything else becomes a 500 that
   * shows the fetch error): nothing unverified is ever let through.
   */
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref();
    });
    try {
      const result = await Promise.race([super.authenticateRequest(activity, authHeader), deadline]);
      return result.connectorFactory ? { ...result, connectorFactory: this.bounded(result.connectorFactory) } : result;
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      this.logger.warn({ err: error }, 'a Bot Framework token could not be checked (signing keys unavailable); request refused');
      throw new AuthenticationError('the token could not be checked', 401);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Replies within a turn (the factory comes with the authenticated request) and the outbox's
   * sends (created here) use these clients. A request that gets no answer in time is aborted;
   * the error has no HTTP status, so the outbox counts its outcome as unknown and never reposts
   * it (connectorErrors.ts).
   */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.bounded(super.createConnectorFactory(claimsIdentity));
  }

  private bounded(factory: ConnectorFactory): ConnectorFactory {
    return { create: async (serviceUrl: string, audience?: string) => withRequestTimeout(await factory.create(serviceUrl, audience), this.timeoutMs) };
  }
}

interface TimedRequest {
  timeout: number;
}

interface PipelineLike {
  addPolicy(policy: { name: string; sendRequest(request: TimedRequest, next: (request: TimedRequest) => Promise<unknown>): Promise<unknown> }): void;
}

/** The compat client does not expose its pipeline in its types (see also connectorTransport.ts). */
function withRequestTimeout(client: ConnectorClient, timeoutMs: number): ConnectorClient {
  const core = (client as unknown as { client?: { pipeline?: PipelineLike } }).client;
  if (!core?.pipeline) throw new Error('connector client without a pipeline: cannot bound its requests');
  core.pipeline.addPolicy({
    name: 'samordnaRequestTimeout',
    sendRequest(request, next) {
      if (!request.timeout) request.timeout = timeoutMs;
      return next(request);
    },
  });
  return client;
}
