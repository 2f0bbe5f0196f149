import { strict as assert } from 'node:assert';
import { caseDetailCard } from '../../cards/caseDetailCard';
import { ofType, textOf } from './cardWalk';
import { caseDetailInput } from './samples';

describe('cards/caseDetailCard', () => {
  it('shows the whole SBAR with the personnummer in its usual form, as plain text', () => {
    const card = caseDetailCard(caseDetailInput());
    const text = textOf(card);
    for (const shown of ['Test Testsson', '19420101-1234', 'Dottern Eva', 'Hjärtsvikt.', 'Hembesök.', 'S – Situation och kontaktorsak']) assert.ok(text.includes(shown), shown);
    // SBAR text goes into TextRuns: markdown typed by the submitter is not rendered.
    assert.ok(ofType(card, 'TextRun').some((run) => run.text === 'Ramlat två gånger **i veckan**.'));
    assert.ok(!text.includes('Läkarordination'), 'empty fields are left out');
  });

  it('says a purged case has no content left, and shows none', () => {
    const text = textOf(caseDetailCard({ ...caseDetailInput(), sensitive: null }));
    assert.match(text, /gallrats/);
    assert.ok(!text.includes('Test Testsson'));
  });

  it('offers to hide it again', () => {
    const [hide] = ofType(caseDetailCard(caseDetailInput()), 'Action.Execute');
    assert.equal(hide?.verb, 'case.hide');
    assert.deepEqual(hide?.data, { caseId: 'case-1' });
  });
});
