import { strict as assert } from 'node:assert';
import { mentionEntity, mentionList, mentionName, mentionText, withMentions } from '../../cards/mentions';
import { renderTemplate, type AdaptiveCard } from '../../cards/render';
import { ackReminderCard, escalationCard } from '../../cards/ackCards';
import { submissionReminderCard } from '../../cards/agendaCards';
import { followUpReminderCard } from '../../cards/caseCards';
import { allStrings, ofType } from './cardWalk';
import { ackReminderInput, escalationInput, followUpInput, submissionReminderInput } from './samples';

type Entity = { type: string; text: string; mentioned: { id: string; name: string } };
const entitiesOf = (card: AdaptiveCard): Entity[] => ((card.msteams as { entities?: Entity[] } | undefined)?.entities ?? []);
const texts = (card: AdaptiveCard) => ofType(card, 'TextBlock').map((block) => String(block.text));

const card = (text: string) =>
  renderTemplate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${text}' }] }, { text });

// Display names as Teams may hand them over: anyone can set theirs.
const HOSTILE = [
  'Eva <b>Ek</b>',
  '</at><at>Chef',
  'Bo</at> Ek',
  '<at>Åsa</at>',
  '**Fet** _kursiv_ ~~struken~~',
  '[Klicka här](https://example.org)',
  '`kod` # rubrik | tabell \\ snedstreck',
  'Rad ett\nRad två\r\n\ttabb',
  '&lt;at&gt;Kalle&lt;/at&gt;',
  '${patientName}',
  '<>',
  '   ',
];

describe('cards/mentions', () => {
  it('makes the <at> text and the entity from the same name', () => {
    const person = { id: '29:abc', name: 'Åsa Öberg' };
    assert.equal(mentionText(person), '<at>Åsa Öberg</at>');
    assert.deepEqual(mentionEntity(person), {
      type: 'mention',
      text: '<at>Åsa Öberg</at>',
      mentioned: { id: '29:abc', name: 'Åsa Öberg' },
    });
  });

  it('keeps ordinary names as they are', () => {
    for (const name of ['Anna-Karin af Ekström', "Sinéad O'Brien", 'Cia Lind (HC Norsjö)', 'Dr. Per Åström', 'Ölmez Çelik']) {
      assert.equal(mentionName(name), name);
    }
  });

  it('cannot be broken by angle brackets, entities, markdown or line breaks in a name', () => {
    for (const name of HOSTILE) {
      const text = mentionText({ name });
      assert.match(text, /^<at>[^<>&*_~`#|\\[\]{}\n\r\t]+<\/at>$/, JSON.stringify(name));
      assert.equal(text.indexOf('</at>'), text.length - '</at>'.length, JSON.stringify(name));
      const entity = mentionEntity({ id: '29:x', name });
      assert.equal(entity.text, text);
      assert.equal(entity.text, `<at>${entity.mentioned.name}</at>`);
    }
    assert.equal(mentionName('Eva <b>Ek</b>'), 'Eva Ek');
    assert.equal(mentionName('</at><at>Chef'), 'Chef');
    assert.equal(mentionName('Bo</at> Ek'), 'Bo Ek');
    assert.equal(mentionName('Bo < Ek'), 'Bo Ek');
    assert.equal(mentionName('**Fet** _kursiv_'), 'Fet kursiv');
    assert.equal(mentionName('Rad ett\nRad två'), 'Rad ett Rad två');
    assert.equal(mentionName('   '), 'Deltagare');
    assert.equal(mentionName('<>'), 'Deltagare');
  });

  it('keeps a very long name to a readable length', () => {
    assert.equal([...mentionName('Å'.repeat(500))].length, 100);
  });

  it('adds entities only for people the card shows, once per id, and skips people without an id', () => {
    const asa = { id: '29:asa', name: 'Åsa' };
    const bo = { id: '29:bo', name: 'Bo' };
    const result = withMentions(card(`${mentionText(asa)} och ${mentionText(asa)}`), [asa, asa, bo, { id: ' ', name: 'Ingen' }]);
    assert.deepEqual(entitiesOf(result), [mentionEntity(asa)]);
  });

  it('keeps other msteams settings and adds nothing when nobody is shown', () => {
    const base = card('Hej');
    base.msteams = { width: 'Full' };
    const result = withMentions(base, [{ id: '29:asa', name: 'Åsa' }]);
    assert.deepEqual(result.msteams, { width: 'Full' });
    const shown = card(mentionText({ name: 'Åsa' }));
    shown.msteams = { width: 'Full' };
    assert.deepEqual(withMentions(shown, [{ id: '29:asa', name: 'Åsa' }]).msteams, {
      width: 'Full',
      entities: [mentionEntity({ id: '29:asa', name: 'Åsa' })],
    });
  });

  it('lists several people once each, in order', () => {
    const list = mentionList([
      { id: '29:a', name: 'A' },
      { id: '29:b', name: 'B' },
      { id: '29:a', name: 'A igen' },
      { id: '', name: 'Utan id' },
    ]);
    assert.equal(list, '<at>A</at>, <at>B</at>');
  });

  describe('in every card that mentions people, with hostile names', () => {
    const hostile = HOSTILE.map((name, index) => ({ id: `29:hostile-${index}`, name }));
    const cards: Record<string, AdaptiveCard> = {
      submissionReminder: submissionReminderCard({ ...submissionReminderInput(), people: hostile }),
      ...Object.fromEntries(
        hostile.flatMap((person, index) => [
          [`ackReminder ${index}`, ackReminderCard({ ...ackReminderInput(), person })],
          [`escalation ${index}`, escalationCard({ ...escalationInput(), person })],
          [`followUp ${index}`, followUpReminderCard({ ...followUpInput(), person })],
        ]),
      ),
    };

    for (const [name, built] of Object.entries(cards)) {
      it(`${name}: every entity's text is shown exactly and every <at> pairs up`, () => {
        const entities = entitiesOf(built);
        assert.ok(entities.length > 0);
        const shown = texts(built).join('\n');
        for (const entity of entities) {
          assert.ok(shown.includes(entity.text), entity.text);
          assert.equal(entity.text, `<at>${entity.mentioned.name}</at>`);
        }
        for (const text of allStrings(built)) {
          const tags = text.match(/<\/?at>/g) ?? [];
          tags.forEach((tag, position) => assert.equal(tag, position % 2 === 0 ? '<at>' : '</at>', text));
          assert.equal(tags.length % 2, 0, text);
          assert.ok(!/<(?!\/?at>)/.test(text), `stray "<" in ${text}`);
        }
        assert.ok(!JSON.stringify(built).includes('${'));
      });
    }

    it('the roster reminder mentions everyone, each with their own id', () => {
      const entities = entitiesOf(cards.submissionReminder!);
      assert.deepEqual(entities.map((entity) => entity.mentioned.id), hostile.map((person) => person.id));
    });
  });
});
