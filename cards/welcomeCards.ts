import { renderTemplate, type AdaptiveCard } from './render';
import helpTemplate from './templates/help.json';
import welcomeTemplate from './templates/welcome.json';

export interface WelcomeCardInput {
  /** The channel's meeting if one is set up; `scheduleLabel` e.g. from `scheduleLabel(schedule)`. */
  meeting: null | { area: string; scheduleLabel: string };
}

/** Posted when the bot is added to a team or channel (CONTRACT.md, Conversations). */
export function welcomeCard(input: WelcomeCardInput): AdaptiveCard {
  return renderTemplate(welcomeTemplate, {
    hasMeeting: input.meeting !== null,
    // Always present so the unused branch has nothing left unexpanded.
    meeting: { area: input.meeting?.area ?? '', scheduleLabel: input.meeting?.scheduleLabel ?? '' },
  });
}

/** The answer to `@Samordna hjälp` and to the `help` button. */
export function helpCard(): AdaptiveCard {
  return renderTemplate(helpTemplate, {});
}
