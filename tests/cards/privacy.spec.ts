import { strict as assert } from 'node:assert';
import { ackConfirmedCard, ackReminderCard, escalationCard } from '../../cards/ackCards';
import { agendaCard, holidayNoticeCard, submissionReminderCard } from '../../cards/agendaCards';
import { caseChannelCard, followUpReminderCard } from '../../cards/caseCards';
import type { AdaptiveCard } from '../../cards/render';
import { allStrings } from './cardWalk';
import {
  ackReminderInput,
  agendaInput,
  channelInput,
  escalationInput,
  followUpInput,
  people,
  submissionReminderInput,
} from './samples';

// What the rest of the system knows about a patient and a person. A caller that hands over a
// whole record (or a record spread into a view model) must not get any of it into a card.
const SECRETS = {
  patientName: 'Test Testsson',
  personnummer: '194201011234',
  situation: 'Ramlat två gånger i veckan.',
  background: 'Hjärtsvikt sedan 2019.',
  assessment: 'Sviktande i hemmet.',
  recommendation: 'Utökad hemtjänst.',
  relativeContact: 'Dottern Lisa 070-1234567',
  careUnit: 'Avdelning 12, Skellefteå lasarett',
  email: 'asa.oberg@example.org',
  aadObjectId: '6f1c2e0a-secret-aad',
};
const SECRET_VALUES = Object.values(SECRETS);

/** The object with every secret added beside its own fields. */
const wide = <T extends object>(value: T): T => ({ ...SECRETS, ...value });

function assertNoSecrets(card: AdaptiveCard): void {
  const json = JSON.stringify(card);
  for (const secret of SECRET_VALUES) assert.ok(!json.includes(secret), `leaked: ${secret}`);
  assert.ok(!json.includes('Testsson'));
  assert.ok(!/\d{8}[-+]?\d{4}/.test(allStrings(card).join('\n')), 'a personnummer-shaped number');
}

describe('cards: no builder shows anything it was not given', () => {
  const cards: Record<string, () => AdaptiveCard> = {
    agenda: () =>
      agendaCard(
        wide({
          ...agendaInput(),
          points: agendaInput().points.map((point) => wide({ ...point, cases: point.cases.map(wide) })),
          slots: agendaInput().slots.map(wide),
        }),
      ),
    submissionReminder: () =>
      submissionReminderCard(
        wide({ ...submissionReminderInput(), counts: submissionReminderInput().counts.map(wide), people: people().map(wide) }),
      ),
    ackReminder: () =>
      ackReminderCard(wide({ person: wide(people()[0]!), items: ackReminderInput().items.map(wide) })),
    escalation: () =>
      escalationCard(wide({ ...escalationInput(), person: null, reason: null, items: escalationInput().items.map(wide) })),
    escalationInChannel: () =>
      escalationCard(
        wide({ ...escalationInput(), person: wide(people()[2]!), reason: SECRETS.situation, items: escalationInput().items.map(wide) }),
      ),
    holidayNotice: () =>
      holidayNoticeCard(
        wide({ area: 'Norsjö', holidayName: 'juldagen', originalLabel: 'fredag 25 december', policy: 'move' as const, newLabel: null }),
      ),
    followUp: () => followUpReminderCard(wide({ ...followUpInput(), person: wide(people()[1]!) })),
    ackConfirmed: () =>
      ackConfirmedCard(wide({ caseId: 'case-1', reference: 'SA-K7QX4', roleLabel: 'Socialsekreterare', confirmedAtLabel: 'idag kl. 09:12', late: true })),
    caseChannel: () =>
      caseChannelCard(wide({ ...channelInput(), acknowledgements: channelInput().acknowledgements.map(wide) })),
  };

  for (const [name, build] of Object.entries(cards)) {
    it(`${name} copies only its own fields`, () => assertNoSecrets(build()));
  }

  it('masks names and identity numbers passed in place of initials and birth year', () => {
    const mistaken = { initials: SECRETS.patientName, birthYear: Number(SECRETS.personnummer) };
    const built = [
      agendaCard({ ...agendaInput(), points: [{ point: 2, cases: [{ ...agendaInput().points[0]!.cases[0]!, ...mistaken }] }] }),
      ackReminderCard({ person: null, items: [{ ...ackReminderInput().items[0]!, ...mistaken }] }),
      escalationCard({ ...escalationInput(), items: [{ ...escalationInput().items[0]!, ...mistaken }] }),
      followUpReminderCard({ ...followUpInput(), ...mistaken }),
      caseChannelCard({ ...channelInput(), ...mistaken }),
    ];
    for (const card of built) {
      assertNoSecrets(card);
      assert.ok(JSON.stringify(card).includes('T.T. (–)'));
    }
  });

  it('and the test above can fail: a secret in a given field is found', () => {
    const card = agendaCard({ ...agendaInput(), area: SECRETS.patientName });
    assert.throws(() => assertNoSecrets(card));
  });
});
