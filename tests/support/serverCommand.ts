/**
 * The node options in a command that starts the server (`… node --flag dist/bot/index.js`): what
 * stands between `node` and the script. Throws when the command does not start the server.
 */
export function serverNodeOptions(command: string): string[] {
  const words = command.split(/\s+/);
  const script = words.findIndex((word) => /(^|\/)(dist\/bot\/index\.js|scripts\/run\.js)$/.test(word));
  let node = script - 1;
  while (node >= 0 && !/(^|\/)node$/.test(words[node]!)) node--;
  if (script === -1 || node < 0) throw new Error(`not a command that starts the server with node: ${command}`);
  return words.slice(node + 1, script);
}
