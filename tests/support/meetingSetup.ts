import type { ManualClock } from '../../services/time/clock';
import { botAddedToChannel, type TeamsUser } from './teamsActivities';
import type { TestBot } from './testBot';

/** Who joins the roster: the person, their role code and (optionally) their organisation. */
export type RosterJoin = readonly [user: TeamsUser, role: string, organization?: string];

/**
 * The usual start of a meeting test: the bot is added to the channel, the founder sets up a
 * Tuesday 13:00 meeting in Norrmalm, and each person joins a second apart (the rotation orders
 * people by when they joined). Returns the meeting's id.
 */
export async function setUpMeeting(bot: TestBot, clock: ManualClock, founder: TeamsUser, joins: readonly RosterJoin[]): Promise<string> {
  await bot.send(botAddedToChannel(bot.place, founder));
  await bot.press(founder, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
  for (const [user, role, organization = 'Enhet'] of joins) {
    clock.advance(1000);
    await bot.press(user, 'roster.join', { role, organization });
  }
  return (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
}
