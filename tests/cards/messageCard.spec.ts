import { strict as assert } from 'node:assert';
import { meetingNotSetUpCard, messageCard, notAllowedCard, notOnRosterCard } from '../../cards/messageCard';
import { ofType, textOf } from './cardWalk';

describe('cards/messageCard', () => {
  it('shows title in the tone, every line, and the actions with their data', () => {
    const card = messageCard({
      title: 'Mötet är inte inställt ännu',
      lines: ['Första raden.', 'Andra raden.'],
      tone: 'attention',
      actions: [
        { title: 'Ställ in mötet', verb: 'meeting.form' },
        { title: 'Öppna formuläret igen', verb: 'case.form', data: { meetingId: 'meeting-1' } },
      ],
    });
    assert.equal(card.body[0]!.text, 'Mötet är inte inställt ännu');
    assert.equal(card.body[0]!.color, 'attention');
    assert.deepEqual(card.body.slice(1).map((element) => element.text), ['Första raden.', 'Andra raden.']);
    const actions = ofType(card, 'Action.Execute');
    assert.deepEqual(
      actions.map((action) => [action.title, action.verb, action.data]),
      [
        ['Ställ in mötet', 'meeting.form', {}],
        ['Öppna formuläret igen', 'case.form', { meetingId: 'meeting-1' }],
      ],
    );
  });

  it('works without actions and with the other tones', () => {
    const card = messageCard({ title: 'Klart', lines: [], tone: 'good' });
    assert.equal(card.body.length, 1);
    assert.equal(card.body[0]!.color, 'good');
    assert.deepEqual(card.actions, []);
    assert.equal(messageCard({ title: 'Info', lines: ['x'], tone: 'default' }).body[0]!.color, 'default');
  });

  it('shows a line as given, even one that looks like a template', () => {
    assert.match(textOf(messageCard({ title: 'T', lines: ['Kostar ${pris}'], tone: 'default' })), /Kostar \$\{pris\}/);
  });

  it('leads a refusal on', () => {
    assert.deepEqual(ofType(notOnRosterCard(), 'Action.Execute').map((action) => action.verb), ['roster.form', 'help']);
    assert.deepEqual(ofType(notOnRosterCard('meeting-1'), 'Action.Execute')[0]!.data, { meetingId: 'meeting-1' });
    assert.deepEqual(ofType(meetingNotSetUpCard(), 'Action.Execute').map((action) => action.verb), ['meeting.form', 'help']);
    assert.deepEqual(ofType(meetingNotSetUpCard({ inPersonalChat: true }), 'Action.Execute').map((action) => action.verb), ['help']);
    const card = notAllowedCard('Bara mötesledaren kan starta mötet.');
    assert.match(textOf(card), /Bara mötesledaren kan starta mötet\./);
  });
});
