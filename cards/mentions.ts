// @mentions in Adaptive Cards as Teams renders them: the card text holds `<at>Name</at>` and the
// card root's `msteams.entities` holds one mention entity whose `text` is exactly that string.
import type { AdaptiveCard } from './render';
import { MENTION_FALLBACK_NAME } from './texts.sv';

/** A person to @mention: the Teams user id (`29:…`) and the display name. */
export interface MentionPerson {
  id: string;
  name: string;
}

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

const MAX_NAME_LENGTH = 100;

/**
 * The display name as it may stand between `<at>` and `</at>`. Tags and angle brackets (and `&`, which
 * Teams may decode into one) would open or close markup; markdown characters could let the
 * client rewrite the text so that it no longer matches the entity; line breaks would split it.
 * All of them go, for the text and the entity alike, so both stay identical.
 */
export function mentionName(name: string): string {
  const cleaned = String(name)
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    // Whole tags first ("Eva <b>Ek</b>" → "Eva Ek"), then any bracket left on its own.
    .replace(/<[^<>]*>/g, '')
    .replace(/[<>&*_~`#|\\[\]{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const short = [...cleaned].slice(0, MAX_NAME_LENGTH).join('').trim();
  return short === '' ? MENTION_FALLBACK_NAME : short;
}

/** `<at>Name</at>`: put this in a TextBlock's text and pass the person to `withMentions`. */
export function mentionText(person: Pick<MentionPerson, 'name'>): string {
  return `<at>${mentionName(person.name)}</at>`;
}

/** "<at>A</at>, <at>B</at>" for everyone that can be mentioned, each once. */
export function mentionList(people: readonly MentionPerson[]): string {
  return mentionable(people).map(mentionText).join(', ');
}

/** One mention entity; its `text` is exactly `mentionText(person)`. */
export function mentionEntity(person: MentionPerson): MentionEntity {
  return { type: 'mention', text: mentionText(person), mentioned: { id: person.id, name: mentionName(person.name) } };
}

/**
 * Adds a mention entity for every person whose `<at>` text the card shows (other entities would
 * point at nothing). People without a Teams id are skipped, and each id is mentioned once.
 * Keeps whatever else the card's `msteams` object holds. Mutates and returns the card.
 */
export function withMentions(card: AdaptiveCard, people: readonly MentionPerson[]): AdaptiveCard {
  const shown = textsOf(card.body);
  const entities = mentionable(people)
    .map(mentionEntity)
    .filter((entity) => shown.some((text) => text.includes(entity.text)));
  if (entities.length === 0) return card;
  const msteams = isRecord(card.msteams) ? card.msteams : {};
  const existing = Array.isArray(msteams.entities) ? msteams.entities : [];
  card.msteams = { ...msteams, entities: [...existing, ...entities] };
  return card;
}

function mentionable(people: readonly MentionPerson[]): MentionPerson[] {
  const seen = new Set<string>();
  const result: MentionPerson[] = [];
  for (const person of people) {
    const id = typeof person.id === 'string' ? person.id.trim() : '';
    if (id === '' || seen.has(id)) continue;
    seen.add(id);
    result.push({ id, name: person.name });
  }
  return result;
}

/** The TextBlock texts of the card: where the builders put `<at>` mentions. */
function textsOf(node: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isRecord(value)) {
      if (value.type === 'TextBlock' && typeof value.text === 'string') found.push(value.text);
      for (const [key, child] of Object.entries(value)) if (key !== 'data' && key !== 'fallback') walk(child);
    }
  };
  walk(node);
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
