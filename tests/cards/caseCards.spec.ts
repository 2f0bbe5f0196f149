import { strict as assert } from 'node:assert';
import {
  caseChannelCard,
  caseConfirmationCard,
  caseWithdrawnCard,
  maskedBirthYear,
  maskedInitials,
  type CaseChannelCardInput,
} from '../../cards/caseCards';
import { ofType, textOf } from './cardWalk';
import { channelInput } from './samples';

// The patient as the rest of the system knows it; none of this may reach the channel.
const patient = {
  patientName: 'Test Testsson',
  personnummer: '194201011234',
  situation: 'Ramlat två gånger i veckan.',
  background: 'Hjärtsvikt.',
};

describe('cards/caseCards caseChannelCard', () => {
  it('shows reference, area, agenda point, urgency, initials, birth year, meeting and who must acknowledge', () => {
    const text = textOf(caseChannelCard(channelInput()));
    for (const part of [
      'SA-K7QX4',
      'Skellefteå centrum',
      '5. Samordning vid utskrivning',
      'Nästa vardag',
      'A.E. (1942)',
      'tisdag 24 november 2026 kl. 13:00',
      'Sjuksköterska, kommunal hemsjukvård, Socialsekreterare',
    ]) {
      assert.ok(text.includes(part), part);
    }
    assert.doesNotMatch(text, /Återkallat/);
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
    assert.equal(card.actions, undefined);
  });

  it('says when no role needs to acknowledge', () => {
    assert.match(textOf(caseChannelCard({ ...channelInput(), recipients: [] })), /Ingen särskild roll/);
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

describe('cards/caseCards caseWithdrawnCard', () => {
  it('confirms the withdrawal by reference', () => {
    const card = caseWithdrawnCard({ reference: 'SA-K7QX4' });
    assert.match(textOf(card), /återkallat/);
    assert.match(textOf(card), /SA-K7QX4/);
  });
});
