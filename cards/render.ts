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
 * `selectAction`, inline runs) but not into `data`, which is payload, not card structure.
 */
function addSubmitFallbacks(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) addSubmitFallbacks(item);
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'data' && key !== 'fallback') addSubmitFallbacks(value);
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
