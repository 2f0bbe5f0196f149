import type { AdaptiveCard, CardElement } from './render';

/**
 * What a re-rendered form must show: the values as the user typed them, and per field the
 * message that says what to fix (already in Swedish, e.g. from `issueMessages`).
 */
export interface FormState {
  values: Readonly<Partial<Record<string, string>>>;
  issues: Readonly<Partial<Record<string, string>>>;
}

type Input = CardElement & { id: string };

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^\d{2}:\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInput(value: unknown): value is Input {
  return isRecord(value) && typeof value.type === 'string' && value.type.startsWith('Input.') && typeof value.id === 'string';
}

/** Every input of the card, in reading order. */
export function inputsOf(card: AdaptiveCard): Input[] {
  const found: Input[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isRecord(node)) {
      if (isInput(node)) found.push(node);
      for (const [key, value] of Object.entries(node)) if (key !== 'data' && key !== 'choices') walk(value);
    }
  };
  walk(card.body);
  return found;
}

/** The words a user sees next to an input; Input.Toggle often has only its title. */
export function inputLabel(input: Input): string {
  if (typeof input.label === 'string' && input.label !== '') return input.label;
  if (typeof input.title === 'string' && input.title !== '') return input.title;
  return input.id;
}

/**
 * Puts the kept values into the inputs and a message under each input that has an issue, plus
 * a summary after the card's heading (body[0]) so a long form says at the top that something
 * further down needs fixing. Done on the expanded card, by input id, so a template only has to
 * declare its inputs once and can never forget a field's message.
 */
export function applyFormState(card: AdaptiveCard, state: FormState, summaryTitle: string): AdaptiveCard {
  const inputs = inputsOf(card);
  for (const input of inputs) {
    const value = state.values[input.id];
    if (value === undefined || value === '') continue;
    const shown = valueFor(input, value);
    // A template default (60 minutes, 23:59) must not stand in for what the user typed.
    if (shown === undefined) delete input.value;
    else input.value = shown;
  }

  const withIssue = new Set(inputs.filter((input) => nonEmpty(state.issues[input.id])).map((input) => input.id));
  card.body = insertIssueBlocks(card.body, state.issues, withIssue) as CardElement[];

  const labels = inputs.filter((input) => withIssue.has(input.id)).map(inputLabel);
  // Issues for fields the card has no input for (or for the form as a whole) still have to be
  // seen, so they are spelled out in the summary.
  const loose = Object.entries(state.issues)
    .filter(([field, message]) => nonEmpty(message) && !withIssue.has(field))
    .map(([, message]) => message as string);
  if (labels.length > 0 || loose.length > 0) {
    const items: CardElement[] = [{ type: 'TextBlock', text: summaryTitle, weight: 'bolder', color: 'attention', wrap: true }];
    if (labels.length > 0) items.push({ type: 'TextBlock', text: labels.join(' · '), wrap: true, spacing: 'small' });
    for (const message of loose) items.push({ type: 'TextBlock', text: message, color: 'attention', wrap: true, spacing: 'small' });
    card.body.splice(Math.min(1, card.body.length), 0, { type: 'Container', style: 'attention', items });
  }
  return card;
}

function nonEmpty(message: string | undefined): message is string {
  return typeof message === 'string' && message.trim() !== '';
}

function issueBlock(message: string): CardElement {
  return { type: 'TextBlock', text: message, color: 'attention', wrap: true, spacing: 'small', size: 'small' };
}

function insertIssueBlocks(node: unknown, issues: FormState['issues'], withIssue: ReadonlySet<string>): unknown {
  if (Array.isArray(node)) {
    return node.flatMap((item) => {
      const walked = insertIssueBlocks(item, issues, withIssue);
      return isInput(item) && withIssue.has(item.id) ? [walked, issueBlock(issues[item.id] as string)] : [walked];
    });
  }
  if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'data' && key !== 'choices' && typeof value === 'object') node[key] = insertIssueBlocks(value, issues, withIssue);
    }
  }
  return node;
}

/**
 * A value the client can show in this kind of input, or undefined when it cannot: a choice
 * that is not offered or a malformed date would be dropped or mis-shown by the client anyway,
 * and the field's message says what to enter instead.
 */
function valueFor(input: Input, value: string): string | number | undefined {
  switch (input.type) {
    case 'Input.Number': {
      const number = Number(value);
      return value.trim() !== '' && Number.isFinite(number) ? number : undefined;
    }
    case 'Input.Toggle': {
      const on = typeof input.valueOn === 'string' ? input.valueOn : 'true';
      const off = typeof input.valueOff === 'string' ? input.valueOff : 'false';
      return value === on || value === off ? value : undefined;
    }
    case 'Input.Date':
      return LOCAL_DATE.test(value) ? value : undefined;
    case 'Input.Time':
      return LOCAL_TIME.test(value) ? value : undefined;
    case 'Input.ChoiceSet': {
      const offered = new Set(
        (Array.isArray(input.choices) ? input.choices : []).flatMap((choice) =>
          isRecord(choice) && typeof choice.value === 'string' ? [choice.value] : [],
        ),
      );
      const picked = value.split(',').map((part) => part.trim()).filter((part) => offered.has(part));
      const kept = input.isMultiSelect === true ? [...new Set(picked)] : picked.slice(0, 1);
      return kept.length > 0 ? kept.join(',') : undefined;
    }
    default:
      return value;
  }
}
