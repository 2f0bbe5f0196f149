// The Bot Connector stand-in in a process of its own, so the benchmark measures the bot's work,
// not the stand-in's. Prints its URL on the first line of stdout.
import { ConnectorStandIn } from '../tests/support/connectorStandIn';

const connector = new ConnectorStandIn();
void connector.start().then(() => {
  // Keep memory flat over long runs: the benchmark does not read what was recorded.
  connector.respond = () => null;
  setInterval(() => connector.calls.splice(0), 1000).unref();
  process.stdout.write(`${connector.url}\n`);
});
process.on('SIGTERM', () => void connector.stop().then(() => process.exit(0)));
