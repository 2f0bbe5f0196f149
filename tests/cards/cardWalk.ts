// Helpers that look at expanded cards the way a client would: every object, every string.
import type { AdaptiveCard } from '../../cards/render';

export type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object in the card, depth first, including action data and fallbacks. */
export function allObjects(card: AdaptiveCard): Node[] {
  const found: Node[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isNode(value)) {
      found.push(value);
      Object.values(value).forEach(walk);
    }
  };
  walk(card);
  return found;
}

export function allStrings(card: AdaptiveCard): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (isNode(value)) Object.values(value).forEach(walk);
  };
  walk(card);
  return found;
}

export const ofType = (card: AdaptiveCard, type: string): Node[] => allObjects(card).filter((node) => node.type === type);

export const inputs = (card: AdaptiveCard): Node[] =>
  allObjects(card).filter((node) => typeof node.type === 'string' && node.type.startsWith('Input.'));

export function inputById(card: AdaptiveCard, id: string): Node {
  const found = inputs(card).filter((input) => input.id === id);
  if (found.length !== 1) throw new Error(`expected one input "${id}", found ${found.length}`);
  return found[0]!;
}

/** The array that holds the input, and the input's index in it. */
export function siblingsOf(card: AdaptiveCard, id: string): { list: unknown[]; index: number } {
  let result: { list: unknown[]; index: number } | null = null;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (isNode(item) && item.id === id && String(item.type).startsWith('Input.')) result = { list: value, index };
        walk(item);
      });
    } else if (isNode(value)) Object.values(value).forEach(walk);
  };
  walk(card);
  if (!result) throw new Error(`input "${id}" not found`);
  return result;
}

/** The element right after the input, where a field's message belongs. */
export function elementAfter(card: AdaptiveCard, id: string): Node | undefined {
  const { list, index } = siblingsOf(card, id);
  const next = list[index + 1];
  return isNode(next) ? next : undefined;
}

export const byteSize = (card: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

export const textOf = (card: AdaptiveCard): string => allStrings(card).join('\n');
