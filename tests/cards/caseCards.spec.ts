import { strict as assert } from 'node:assert';
import {
  caseChannelCard,
  caseConfirmationCard,
  caseWithdrawnCard,
  followUpReminderCard,
  maskedBirthYear,
  maskedInitials,
  type CaseChannelCardInput,
} from '../../cards/caseCards';
import { allObjects, ofType, textOf, type Node } from './cardWalk';
import type { AdaptiveCard } from '../../cards/render';
import { channelInput, followUpInput } from './samples';

/** The container that shows one role's kvittens: the one whose first text is the role. */
function ackBlock(card: ReturnType<typeof caseChannelCard>, roleLabel: string): Node {
  const found = allObjects(card).filter(
    (node) => node.type === 'Container' && Array.isArray(node.items) && (node.items[0] as Node | undefined)?.text === roleLabel,
  );
  assert.equal(found.length, 1, roleLabel);
  return found[0]!;
}

const blockText = (block: Node) => (block.items as Node[]).map((item) => item.text).join('\n');
const blockButtons = (block: Node) =>
  (block.items as Node[]).flatMap((item) => (item.type === 'ActionSet' ? (item.actions as Node[]) : []));

// The patient as the rest of the system knows it; none of this may reach the channel.
const patient = {
  patientName: 'Test Testsson',
  personnummer: '194201011234',
  situation: 'Ramlat två gånger i veckan.',
  background: 'Hjärtsvikt.',
};

const ackButtons = (card: AdaptiveCard) => ofType(card, 'Action.Execute').filter((button) => button.verb === 'ack.confirm');

describe('cards/caseCards caseChannelCard', () => {
  it('shows reference, area, agenda point, urgency, initials, birth year, meeting and each role\'s kvittens', () => {
    const text = textOf(caseChannelCard(channelInput()));
    for (const part of [
      'SA-K7QX4',
      'Skellefteå centrum',
      '5. Samordning vid utskrivning',
      'Nästa vardag',
      'A.E. (1942)',
      'tisdag 24 november 2026 kl. 13:00',
      'Sjuksköterska, kommunal hemsjukvård',
      'Socialsekreterare',
    ]) {
      assert.ok(text.includes(part), part);
    }
    assert.doesNotMatch(text, /Återkallat/);
    assert.doesNotMatch(text, /Ska kvittera/);
  });

  it('shows every kvittens state, overdue in the attention colour', () => {
    const card = caseChannelCard(channelInput());
    const open = ackBlock(card, 'Sjuksköterska, kommunal hemsjukvård');
    assert.match(blockText(open), /Väntar på kvittens/);
    const overdue = ackBlock(card, 'Socialsekreterare');
    assert.match(blockText(overdue), /Ej kvitterad – försenad/);
    assert.ok((overdue.items as Node[]).some((item) => item.text === 'Ej kvitterad – försenad' && item.color === 'attention'));
    assert.match(blockText(ackBlock(card, 'Hemtjänst (samordnare/enhetschef)')), /^Hemtjänst.*\nKvitterad av Bo Ek tisdag 24 november 2026 kl\. 09:12$/);
    assert.match(
      blockText(ackBlock(card, 'Läkare, hälsocentral')),
      /Kvitterad av Cia Lind tisdag 24 november 2026 kl\. 12:40 – sen kvittens/,
    );
    assert.ok(!(open.items as Node[]).some((item) => item.color === 'attention'));
  });

  it('offers "Kvittera för …" with the ackId for open and overdue roles only', () => {
    const card = caseChannelCard(channelInput());
    const buttons = ackButtons(card);
    assert.deepEqual(
      buttons.map((button) => [button.title, button.verb, button.data]),
      [
        ['Kvittera för Sjuksköterska, kommunal hemsjukvård', 'ack.confirm', { ackId: 'ack-open', view: 'case' }],
        ['Kvittera för Socialsekreterare', 'ack.confirm', { ackId: 'ack-overdue', view: 'case' }],
      ],
    );
    // Each button sits with its role, so the right kvittens is confirmed.
    assert.deepEqual(blockButtons(ackBlock(card, 'Socialsekreterare')).map((button) => (button.data as Node).ackId), ['ack-overdue']);
    assert.deepEqual(blockButtons(ackBlock(card, 'Läkare, hälsocentral')), []);
    assert.deepEqual(blockButtons(ackBlock(card, 'Hemtjänst (samordnare/enhetschef)')), []);
  });

  it('lets a roster member open the whole case for themselves', () => {
    const view = ofType(caseChannelCard(channelInput()), 'Action.Execute').filter((button) => button.verb === 'case.view');
    assert.deepEqual(view.map((button) => button.data), [{ caseId: channelInput().caseId }]);
  });

  it('shows no button once everything is acknowledged', () => {
    const input = channelInput();
    const card = caseChannelCard({
      ...input,
      acknowledgements: input.acknowledgements.filter((ack) => ack.state === 'confirmed' || ack.state === 'confirmed_late'),
    });
    assert.equal(ackButtons(card).length, 0);
    assert.match(textOf(card), /Kvitterad av Bo Ek/);
  });

  it('carries nothing it was not given, even from a wider object', () => {
    const record = { ...channelInput(), ...patient };
    const card = caseChannelCard(record as CaseChannelCardInput);
    const json = JSON.stringify(card);
    for (const secret of [patient.patientName, 'Testsson', patient.personnummer, '19420101', patient.situation, patient.background]) {
      assert.ok(!json.includes(secret), `leaked: ${secret}`);
    }
    assert.ok(json.includes('SA-K7QX4'));
    assert.ok(json.includes('A.E.'));
  });

  it('masks what a caller passed by mistake instead of showing it', () => {
    const card = caseChannelCard({ ...channelInput(), initials: patient.patientName, birthYear: Number(patient.personnummer) });
    const json = JSON.stringify(card);
    assert.ok(!json.includes('Testsson'));
    assert.ok(!json.includes(patient.personnummer));
    assert.ok(json.includes('T.T. (–)'));
  });

  it('marks a withdrawn case clearly and offers no buttons', () => {
    const card = caseChannelCard({ ...channelInput(), status: 'withdrawn' });
    assert.match(textOf(card), /Återkallat/);
    assert.match(textOf(card), /SA-K7QX4/);
    assert.equal(ofType(card, 'Action.Execute').length, 0);
    assert.equal(ofType(card, 'Action.Submit').length, 0);
    assert.deepEqual(card.actions ?? [], []);
    assert.match(blockText(ackBlock(card, 'Socialsekreterare')), /Behöver inte kvitteras – ärendet är återkallat/);
    assert.doesNotMatch(textOf(card), /Ej kvitterad – försenad/);
    assert.match(textOf(card), /Kvitterad av Bo Ek/);
  });

  it('says when no role needs to acknowledge', () => {
    const card = caseChannelCard({ ...channelInput(), acknowledgements: [] });
    assert.match(textOf(card), /Ingen särskild roll behöver kvittera/);
    assert.equal(ackButtons(card).length, 0);
  });
});

describe('cards/caseCards masking helpers', () => {
  it('keeps initials and reduces names to initials', () => {
    assert.equal(maskedInitials('A.E.'), 'A.E.');
    assert.equal(maskedInitials('Å.Ö.'), 'Å.Ö.');
    assert.equal(maskedInitials('Anna-Karin af Ekström'), 'A.E.');
    assert.equal(maskedInitials('örjan'), 'Ö.');
    assert.equal(maskedInitials('  '), '–');
  });

  it('shows only plausible birth years', () => {
    assert.equal(maskedBirthYear(1942), '1942');
    assert.equal(maskedBirthYear(194201011234), '–');
    assert.equal(maskedBirthYear(Number.NaN), '–');
  });
});

describe('cards/caseCards caseConfirmationCard', () => {
  const input = {
    caseId: 'case-1',
    reference: 'SA-K7QX4',
    meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
    agendaLabel: '2. Identifierade riskindivider',
    urgencyLabel: 'Skyndsamt',
    initials: 'A.E.',
    birthYear: 1942,
  };

  it('names the reference and the meeting, and offers withdraw and another case', () => {
    const card = caseConfirmationCard(input);
    const text = textOf(card);
    assert.match(text, /Ärendet är registrerat/);
    assert.ok(card.body.some((element) => element.text === 'SA-K7QX4' && element.size === 'extraLarge'));
    assert.match(text, /Går till mötet tisdag 24 november 2026 kl\. 13:00/);
    assert.match(text, /A\.E\. \(1942\)/);
    const [withdraw, another] = ofType(card, 'Action.Execute');
    assert.equal(withdraw!.title, 'Återkalla ärendet');
    assert.equal(withdraw!.verb, 'case.withdraw');
    assert.deepEqual(withdraw!.data, { caseId: 'case-1' });
    assert.equal(another!.title, 'Anmäl ett till');
    assert.equal(another!.verb, 'case.form');
    assert.deepEqual(another!.data, {});
  });

  it('carries the meeting id on "Anmäl ett till" when given', () => {
    const [, another] = ofType(caseConfirmationCard({ ...input, meetingId: 'meeting-1' }), 'Action.Execute');
    assert.deepEqual(another!.data, { meetingId: 'meeting-1' });
  });
});

describe('cards/caseCards followUpReminderCard', () => {
  it('says the follow-up date has come and that the case is on point 3 of the next meeting', () => {
    const text = textOf(followUpReminderCard({ ...followUpInput(), person: null }));
    assert.match(text, /Dags för uppföljning/);
    assert.match(text, /Uppföljningsdatumet måndag 30 november 2026 har kommit för ärende SA-F0LL1, C\.D\. \(1950\)/);
    assert.match(text, /punkt 3.*tisdag 1 december 2026 kl\. 13:00/);
  });

  it('@mentions the responsible person in the channel and nobody in a personal chat', () => {
    const card = followUpReminderCard(followUpInput());
    assert.match(textOf(card), /Ansvarig: <at>Bo Ek<\/at>/);
    assert.deepEqual((card.msteams as { entities: unknown[] }).entities, [
      { type: 'mention', text: '<at>Bo Ek</at>', mentioned: { id: '29:1a2b3c-bo', name: 'Bo Ek' } },
    ]);
    const personal = followUpReminderCard({ ...followUpInput(), person: null });
    assert.equal(personal.msteams, undefined);
    assert.doesNotMatch(textOf(personal), /<at>/);
  });

  it('masks an identity passed by mistake', () => {
    const json = JSON.stringify(followUpReminderCard({ ...followUpInput(), initials: 'Test Testsson', birthYear: 194201011234 }));
    assert.ok(!json.includes('Testsson'));
    assert.ok(!json.includes('194201011234'));
    assert.match(json, /T\.T\. \(–\)/);
  });
});

describe('cards/caseCards caseWithdrawnCard', () => {
  it('confirms the withdrawal by reference', () => {
    const card = caseWithdrawnCard({ reference: 'SA-K7QX4' });
    assert.match(textOf(card), /återkallat/);
    assert.match(textOf(card), /SA-K7QX4/);
  });
});
