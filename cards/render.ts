import { Template } from 'adaptivecards-templating';

/** Any element, input or action of a card: a `type` plus properties this layer does not model. */
export interface CardElement {
  type: string;
  [property: string]: unknown;
}

export interface CardAction extends CardElement {
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
}

/** An expanded Adaptive Card (schema 1.5, the highest Teams renders). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  $schema?: string;
  body: CardElement[];
  actions?: CardAction[];
  [property: string]: unknown;
}

export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/**
 * Expands a template with `data` as `$root` and adds the Action.Submit fallbacks.
 *
 * adaptivecards-templating leaves `${field}` in place when a field is undefined or null, so
 * builders hand over complete data (empty strings, not undefined); the tests check that no
 * `${` survives.
 */
export function renderTemplate(template: object, data: object): AdaptiveCard {
  const expanded: unknown = preparedTemplate(template).expand({ $root: data });
  if (!isAdaptiveCard(expanded)) throw new Error('Template did not expand to an AdaptiveCard');
  addSubmitFallbacks(expanded);
  return expanded;
}

// Preparing a template parses every `${…}` with the expression grammar, which costs milliseconds;
// a prepared Template is meant to be expanded again and again (adaptivecards-templating docs).
const prepared = new WeakMap<object, Template>();

function preparedTemplate(template: object): Template {
  let ready = prepared.get(template);
  if (!ready) {
    // The engine keeps references into the payload it is given; a copy keeps the imported JSON
    // module pristine.
    ready = new Template(structuredClone(template));
    prepared.set(template, ready);
  }
  return ready;
}

function isAdaptiveCard(value: unknown): value is AdaptiveCard {
  return (
    isRecord(value) && value.type === 'AdaptiveCard' && typeof value.version === 'string' && Array.isArray(value.body)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Clients without Universal Actions (older Teams clients, Outlook, some mobile builds) drop an
 * Action.Execute unless it has a fallback. The fallback Action.Submit carries the verb in its
 * data, which is where the bot looks when a plain message activity arrives instead of an invoke.
 * Walks every object in the card (body, containers, columns, ActionSets, `actions`,
 * `selectAction`, inline runs) but not into `data`, which is payload, not card structure, nor
 * into `refresh`.
 */
function addSubmitFallbacks(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) addSubmitFallbacks(item);
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    // `refresh` is not a button: Teams sends its Action.Execute by itself when it shows the card
    // to one of the listed users, and a fallback there would be a client error, not a button.
    if (key !== 'data' && key !== 'fallback' && key !== 'refresh') addSubmitFallbacks(value);
  }
  if (node.type === 'Action.Execute') node.fallback = submitFallbackFor(node);
}

function submitFallbackFor(action: Record<string, unknown>): CardAction {
  const data = isRecord(action.data) ? action.data : {};
  const fallback: CardAction = {
    type: 'Action.Submit',
    title: typeof action.title === 'string' ? action.title : '',
    data: { ...data, verb: action.verb },
  };
  // Without these the fallback would look or behave differently from the button it replaces
  // (e.g. a form's submit would stop sending its inputs).
  for (const key of ['associatedInputs', 'style', 'iconUrl', 'tooltip', 'isEnabled'] as const) {
    if (action[key] !== undefined) fallback[key] = action[key];
  }
  return fallback;
}

/**
 * Makes Teams fetch the card anew (an invoke with `verb` and `data`) whenever one of `userIds`
 * sees it, so that person gets their own view (Universal Actions user-specific views); everyone
 * else keeps the card as sent. Teams honours at most 60 user ids. Mutates and returns the card.
 */
export function withRefresh(
  card: AdaptiveCard,
  action: { verb: string; data: Record<string, unknown> },
  userIds: readonly string[],
): AdaptiveCard {
  const ids = [...new Set(userIds.map((id) => id.trim()).filter((id) => id !== ''))].slice(0, 60);
  if (ids.length === 0) return card;
  card.refresh = { action: { type: 'Action.Execute', verb: action.verb, data: { ...action.data } }, userIds: ids };
  return card;
}
