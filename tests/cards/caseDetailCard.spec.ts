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

  it('offers the journal copy and the way back to where it was opened', () => {
    const actions = (card: ReturnType<typeof caseDetailCard>) => (card.actions ?? []).map((action) => [action.verb, action.data]);
    assert.deepEqual(actions(caseDetailCard(caseDetailInput())), [['case.journal', { caseId: 'case-1' }], ['case.hide', { caseId: 'case-1' }]]);
    assert.deepEqual(actions(caseDetailCard({ ...caseDetailInput(), origin: { from: 'mine' } })), [['case.journal', { caseId: 'case-1', from: 'mine' }], ['my.cases', {}]]);
    const fromDecisions = { from: 'decisions' as const, meetingId: 'meeting-1', meetingDate: '2026-11-24' };
    assert.deepEqual(actions(caseDetailCard({ ...caseDetailInput(), origin: fromDecisions })), [
      ['case.journal', { caseId: 'case-1', ...fromDecisions }],
      ['meeting.decisions', { meetingId: 'meeting-1', meetingDate: '2026-11-24' }],
    ]);
  });

  it('lists every decision newest first, with actions, responsible, follow-up, SIP and the escalation', () => {
    const text = textOf(caseDetailCard(caseDetailInput()));
    const newest = text.indexOf('Samordningsmöte tisdag 8 december 2026');
    const older = text.indexOf('Samordningsmöte tisdag 24 november 2026');
    assert.ok(newest > 0 && older > newest, 'newest first');
    for (const shown of [
      'Mötesledare: Åsa Öberg (Sjuksköterska/distriktssköterska, hälsocentral)',
      'Fortsatt hembesök varannan dag.',
      'Omar Hassan (Socialsekreterare)',
      'Ingen – ärendet avslutades',
      'Behövs – samordnare Omar Hassan (Socialsekreterare), kallelse senast fredag 27 november 2026',
      'Ja – skäl: Hemtjänsten saknar personal.',
      'Väntar på kvittens från chef',
      'Status',
      'Uppföljning',
    ]) assert.ok(text.includes(shown), shown);
    // The meeting's actions are free text: shown as plain runs, markdown not rendered.
    assert.ok(ofType(caseDetailCard(caseDetailInput()), 'TextRun').some((run) => run.text === 'Hembesök av distriktssköterska; **se över** läkemedel.'));
  });

  it("lists the kvittenser with their state, and a Kvittera button only for the viewer's own open ones", () => {
    const card = caseDetailCard(caseDetailInput());
    const text = textOf(card);
    assert.match(text, /Kvitterad av Omar Hassan/);
    assert.match(text, /Ej kvitterad – försenad/);
    assert.match(text, /Åtgärd för Omar Hassan/);
    const confirm = ofType(card, 'Action.Execute').filter((action) => action.verb === 'ack.confirm');
    assert.deepEqual(confirm.map((action) => action.data), [{ ackId: 'ack-9' }]);
    const withdrawn = caseDetailCard({ ...caseDetailInput(), status: 'withdrawn' });
    assert.equal(ofType(withdrawn, 'Action.Execute').filter((action) => action.verb === 'ack.confirm').length, 0, 'nothing to acknowledge on a withdrawn case');
  });

  it('lists the events of the case, and what a case without a decision waits for', () => {
    assert.match(textOf(caseDetailCard(caseDetailInput())), /Satt på uppföljning · Åsa Öberg/);
    const undecided = textOf(caseDetailCard({ ...caseDetailInput(), status: 'submitted', history: { decisions: [], acknowledgements: [], events: [] } }));
    assert.match(undecided, /Inget beslut ännu\. Ärendet tas upp på mötet tisdag 24 november 2026 kl\. 13:00\./);
    assert.match(undecided, /Ärendet har inga kvittenser\./);
  });

  it('keeps the decisions of a purged case without their free text', () => {
    const history = caseDetailInput().history;
    const purged = { ...history, decisions: history.decisions.map((decision) => ({ ...decision, actions: null, escalationReason: null })) };
    const text = textOf(caseDetailCard({ ...caseDetailInput(), sensitive: null, history: purged }));
    assert.match(text, /Åtgärdstexten har gallrats/);
    assert.ok(!text.includes('Fortsatt hembesök'));
    assert.match(text, /Samordningsmöte tisdag 8 december 2026/);
  });
});
