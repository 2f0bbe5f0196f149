import { strict as assert } from 'node:assert';
import { journalCard, journalText } from '../../cards/journalCard';
import { inputs, ofType } from './cardWalk';
import { journalInput } from './samples';

describe('cards/journalCard', () => {
  it('lays the case out as plain text with Swedish headings, ISO dates and the decisions in the order they were made', () => {
    const text = journalText(journalInput());
    const lines = text.split('\n');
    assert.equal(lines[0], 'Samordningsmöte – ärende SA-K7QX4');
    for (const line of [
      'Patient: Test Testsson',
      'Personnummer: 19420101-1234',
      'Anmält 2026-11-22 av Karin Nilsson, Distriktssköterska',
      'Samtycke: Ja – patientens samtycke är inhämtat och dokumenterat enligt anmälaren.',
      'S – Situation och kontaktorsak',
      'Ramlat två gånger **i veckan**.',
      'Beslut på samordningsmöte 2026-11-24 (mötesledare Åsa Öberg)',
      'Åtgärder: Hembesök av distriktssköterska; **se över** läkemedel.',
      'Ansvarig: Omar Hassan (Socialsekreterare)',
      'Uppföljning: 2026-12-08',
      'SIP: behövs, samordnare Omar Hassan (Socialsekreterare), kallelse senast 2026-11-27',
      'Eskalerat till chef/MLA/MAS/MAR: Hemtjänsten saknar personal.',
      'Beslut på samordningsmöte 2026-12-08 (mötesledare Omar Hassan)',
      'Uppföljning: ingen – ärendet avslutades',
    ]) assert.ok(lines.includes(line), line);
    assert.ok(text.indexOf('2026-11-24 (mötesledare') < text.indexOf('2026-12-08 (mötesledare'), 'oldest decision first');
    assert.match(lines.at(-1)!, /^Källa: Samordna, utskrivet 2026-11-30 14:02 av Omar Hassan\./);
  });

  it('says what is left of a purged case, and shows no content', () => {
    const text = journalText({ ...journalInput(), sensitive: null });
    assert.match(text, /har gallrats/);
    assert.ok(!text.includes('Test Testsson'));
  });

  it('puts the text in one multi-line field whose buttons never send it back', () => {
    const card = journalCard(journalInput());
    const [field] = inputs(card);
    assert.equal(field?.type, 'Input.Text');
    assert.equal(field?.isMultiline, true);
    assert.equal(field?.value, journalText(journalInput()));
    const buttons = ofType(card, 'Action.Execute');
    assert.deepEqual(buttons.map((button) => [button.verb, button.data, button.associatedInputs]), [
      ['case.view', { caseId: 'case-1', from: 'mine' }, 'none'],
      ['my.cases', {}, 'none'],
    ]);
  });
});
