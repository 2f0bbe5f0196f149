import { messageCard } from './messageCard';
import type { AdaptiveCard, CardElement } from './render';
import { BUTTON_TITLES } from './texts.sv';
import { STORE_FAILURE_TEXTS } from './storeFailureTexts.sv';

export type UnsavedForm = keyof typeof STORE_FAILURE_TEXTS.formTitle;

/**
 * The form as the user filled it in, with a notice at the top that it was not saved: the answer to
 * a submit when the store cannot write, so nothing typed is lost and pressing the button again
 * once the fault is over is all it takes.
 */
export function withNotSavedNotice(form: AdaptiveCard, what: UnsavedForm): AdaptiveCard {
  const notice: CardElement = {
    type: 'Container',
    style: 'attention',
    items: [
      { type: 'TextBlock', text: STORE_FAILURE_TEXTS.formTitle[what], weight: 'bolder', color: 'attention', wrap: true },
      ...STORE_FAILURE_TEXTS.formLines.map((text): CardElement => ({ type: 'TextBlock', text, wrap: true, spacing: 'small' })),
    ],
  };
  // After the heading (body[0]), where the form's own summary of problems goes too.
  form.body.splice(Math.min(1, form.body.length), 0, notice);
  return form;
}

/** Any other action the store could not record. */
export function notSavedCard(): AdaptiveCard {
  return messageCard({ title: STORE_FAILURE_TEXTS.cardTitle, lines: [...STORE_FAILURE_TEXTS.cardLines], tone: 'attention', actions: [{ title: BUTTON_TITLES.help, verb: 'help' }] });
}
