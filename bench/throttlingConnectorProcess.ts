// The throttling stand-in in a process of its own, so its work and the bot's do not share an
// event loop (arrival times stay honest). Prints its URL on the first line of stdout.
// Arguments: <random 429 share> <Retry-After seconds> <seed>.
import { ThrottlingConnector } from '../tests/support/throttlingConnector';

const [share = '0.05', retryAfter = '1', seed = '13'] = process.argv.slice(2);
const connector = new ThrottlingConnector({ randomThrottleShare: Number(share), randomRetryAfterSeconds: Number(retryAfter), seed: Number(seed) });
void connector.start().then((url) => process.stdout.write(`${url}\n`));
process.on('SIGTERM', () => void connector.stop().then(() => process.exit(0)));
