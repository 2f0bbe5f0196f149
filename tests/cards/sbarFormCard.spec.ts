import { strict as assert } from 'node:assert';
import { SBAR_FIELDS, type SbarField } from '../../services/domain/codes';
import { consentRequiredCard, sbarFormCard } from '../../cards/sbarFormCards';
import { issueText } from '../../cards/texts.sv';
import { byteSize, elementAfter, inputById, inputs, ofType, textOf } from './cardWalk';
import { sbarInput } from './samples';

/** A value each input can show back, chosen so it is easy to find again. */
const TYPED: Record<SbarField, string> = {
  patientName: 'Test Testsson',
  personnummer: '19420101-1234',
  relativeContact: 'Dottern Eva, 070-123 45 67',
  careUnit: 'Hälsocentralen Norrmalm',
  responsiblePhysician: 'Dr. Lind',
  medicationListCurrent: 'true',
  sampleReferral: 'false',
  consent: 'true',
  transferDate: '2026-11-20',
  submitterProfession: 'Distriktssköterska',
  situation: 'Ramlat två gånger i veckan.',
  background: 'Hjärtsvikt, bor ensam.',
  assessment: 'Trött, lätt förvirrad.',
  recommendation: 'Hembesök av arbetsterapeut.',
  frequency: 'Dagligen i två veckor.',
  physicianOrder: 'Vikt varje morgon.',
  urgency: 'next_weekday',
  agendaItem: 'discharge',
  riskGroups: 'readmitted,frail_elderly',
  cfs: '6',
  recipients: 'home_health_nurse,rehab',
  readyForDischargeAt: '2026-11-20 14:30',
  slotArea: 'Byske',
};

describe('cards/sbarFormCards sbarFormCard', () => {
  it('has exactly one input per SBAR field, with the field name as id', () => {
    const ids = inputs(sbarFormCard(sbarInput())).map((input) => input.id as string);
    assert.deepEqual([...ids].sort(), [...SBAR_FIELDS].sort());
  });

  it('asks for the area time slot only when the meeting is split by area', () => {
    const ids = inputs(sbarFormCard({ ...sbarInput(), slotAreas: [] })).map((input) => input.id as string);
    assert.ok(!ids.includes('slotArea'));
    assert.deepEqual(inputById(sbarFormCard(sbarInput()), 'slotArea').choices, [
      { title: '13:00 Byske', value: 'Byske' },
      { title: '13:30 Kåge', value: 'Kåge' },
    ]);
  });

  it('keeps every value that was typed', () => {
    const card = sbarFormCard({ ...sbarInput(), values: TYPED });
    for (const field of SBAR_FIELDS) assert.equal(inputById(card, field).value, TYPED[field], field);
  });

  it('drops values an input cannot show, and the template default with them', () => {
    const card = sbarFormCard({
      ...sbarInput(),
      values: { urgency: 'whenever', riskGroups: 'palliative,nonsense,palliative', cfs: '12', transferDate: '20/11/2026', consent: 'yes' },
    });
    assert.equal(inputById(card, 'urgency').value, undefined);
    assert.equal(inputById(card, 'riskGroups').value, 'palliative');
    assert.equal(inputById(card, 'cfs').value, undefined);
    assert.equal(inputById(card, 'transferDate').value, undefined);
    assert.equal(inputById(card, 'consent').value, undefined);
  });

  it('states each issue directly under its field and sums them up at the top', () => {
    const issues = {
      personnummer: issueText('invalid_personnummer'),
      situation: issueText('too_long', { max: 2000 }),
      readyForDischargeAt: issueText('invalid_instant'),
    };
    const card = sbarFormCard({ ...sbarInput(), values: TYPED, issues });
    for (const [field, message] of Object.entries(issues)) {
      const next = elementAfter(card, field);
      assert.equal(next?.type, 'TextBlock', field);
      assert.equal(next?.text, message);
      assert.equal(next?.color, 'attention');
    }
    // Fields without an issue get no message.
    assert.notEqual(elementAfter(card, 'patientName')?.color, 'attention');

    const summary = card.body[1]!;
    assert.equal(summary.type, 'Container');
    const summaryText = JSON.stringify(summary);
    assert.match(summaryText, /Kontrollera de markerade fälten/);
    assert.match(summaryText, /Personnummer eller samordningsnummer/);
    assert.match(summaryText, /S – Situation och kontaktorsak/);
  });

  it('shows an issue for a field it has no input for in the summary', () => {
    const card = sbarFormCard({ ...sbarInput(), issues: { meetingId: 'Mötet finns inte längre.' } });
    assert.match(JSON.stringify(card.body[1]), /Mötet finns inte längre\./);
  });

  it('has no summary when nothing is wrong', () => {
    assert.doesNotMatch(textOf(sbarFormCard(sbarInput())), /Kontrollera de markerade fälten/);
  });

  it('submits case.submit with the meeting id and all inputs', () => {
    const card = sbarFormCard(sbarInput());
    const [submit, ...others] = ofType(card, 'Action.Execute');
    assert.equal(others.length, 0);
    assert.equal(submit!.verb, 'case.submit');
    assert.deepEqual(submit!.data, { meetingId: 'meeting-1' });
    assert.equal(submit!.associatedInputs, 'auto');
  });

  it('follows the routine: consent toggle, SBAR texts, labels', () => {
    const card = sbarFormCard(sbarInput());
    const consent = inputById(card, 'consent');
    assert.equal(consent.type, 'Input.Toggle');
    assert.equal(consent.valueOn, 'true');
    assert.equal(consent.valueOff, 'false');
    assert.equal(consent.isRequired, true);
    assert.equal(consent.title, 'Patienten har gett samtycke och det är dokumenterat i journalen');
    for (const field of ['medicationListCurrent', 'sampleReferral']) {
      assert.equal(inputById(card, field).type, 'Input.Toggle');
      assert.equal(inputById(card, field).valueOn, 'true');
    }
    const labels: Record<string, string> = {
      situation: 'S – Situation och kontaktorsak',
      background: 'B – Bakgrund (kort relevant översikt)',
      assessment: 'A – Aktuellt tillstånd/status',
      recommendation: 'R – Rekommendation/åtgärd',
    };
    for (const [field, label] of Object.entries(labels)) {
      const input = inputById(card, field);
      assert.equal(input.label, label);
      assert.equal(input.isMultiline, true);
      assert.equal(input.maxLength, 2000);
      assert.equal(input.isRequired, true);
    }
    assert.equal(inputById(card, 'personnummer').placeholder, 'ÅÅÅÅMMDD-NNNN');
    assert.equal(inputById(card, 'readyForDischargeAt').placeholder, 'ÅÅÅÅ-MM-DD TT:MM');
    assert.equal(inputById(card, 'transferDate').type, 'Input.Date');
    assert.equal(inputById(card, 'riskGroups').isMultiSelect, true);
    assert.equal(inputById(card, 'recipients').isMultiSelect, true);
    assert.equal(inputById(card, 'cfs').isRequired, undefined);
    assert.deepEqual(
      (inputById(card, 'cfs').choices as { value: string }[]).map((choice) => choice.value),
      ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    );
    assert.deepEqual(
      (inputById(card, 'agendaItem').choices as { value: string }[]).map((choice) => choice.value),
      ['risk', 'ongoing', 'sip', 'discharge'],
    );
  });

  it('names the submitter and the meeting the case goes to', () => {
    const text = textOf(sbarFormCard(sbarInput()));
    assert.match(text, /Anmäls av /);
    assert.match(text, /Åsa Öberg/);
    assert.match(text, /Går till mötet tisdag 24 november 2026 kl\. 13:00 om det skickas senast måndag 23 november 2026 kl\. 23:59/);
  });

  it('stays under 80 KB with every text field at its maximum', () => {
    const long = (length: number) => 'åäö'.repeat(Math.ceil(length / 3)).slice(0, length);
    const values: Partial<Record<SbarField, string>> = { ...TYPED };
    for (const field of ['situation', 'background', 'assessment', 'recommendation'] as const) values[field] = long(2000);
    for (const field of ['frequency', 'physicianOrder'] as const) values[field] = long(1000);
    values.relativeContact = long(500);
    for (const field of ['patientName', 'careUnit', 'responsiblePhysician', 'submitterProfession'] as const) values[field] = long(200);
    const issues = Object.fromEntries(SBAR_FIELDS.map((field) => [field, issueText('too_long', { max: 2000 })]));
    const card = sbarFormCard({ ...sbarInput(), values, issues });
    assert.ok(byteSize(card) < 80 * 1024, `${byteSize(card)} bytes`);
  });
});

describe('cards/sbarFormCards consentRequiredCard', () => {
  it('explains how to obtain consent, says nothing was saved and reopens the form', () => {
    const card = consentRequiredCard({ meetingId: 'meeting-1' });
    const text = textOf(card);
    assert.match(text, /Ingenting har sparats/);
    assert.match(text, /samtycke/);
    assert.match(text, /båda organisationernas journalsystem/);
    assert.match(text, /ansvarig läkare/);
    const [reopen, ...others] = ofType(card, 'Action.Execute');
    assert.equal(others.length, 0);
    assert.equal(reopen!.title, 'Öppna formuläret igen');
    assert.equal(reopen!.verb, 'case.form');
    assert.deepEqual(reopen!.data, { meetingId: 'meeting-1' });
    assert.equal(inputs(card).length, 0);
  });
});
