import { strict as assert } from 'node:assert';
import { allObjects, allStrings, byteSize, inputs, ofType } from './cardWalk';
import { everyCompactCard } from './compactSamples';
import { everyCard } from './samples';

// What Teams needs from every card the bot sends, checked on every builder.
describe('cards: every builder', () => {
  for (const [name, card] of Object.entries({ ...everyCard(), ...everyCompactCard() })) {
    describe(name, () => {
      it('is an Adaptive Card 1.5 with the schema', () => {
        assert.equal(card.type, 'AdaptiveCard');
        assert.equal(card.version, '1.5');
        assert.equal(card.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
        assert.ok(card.body.length > 0);
      });

      it('has nothing left unexpanded', () => {
        for (const text of allStrings(card)) assert.ok(!text.includes('${'), `unexpanded: ${text}`);
        for (const node of allObjects(card)) {
          assert.ok(!('$data' in node) && !('$when' in node), `template keyword left in ${JSON.stringify(node)}`);
        }
      });

      it('uses Action.Execute with a verb and an Action.Submit fallback carrying the same verb', () => {
        // The refresh action is not a button: Teams invokes it by itself, so it has no fallback.
        const refresh = (card.refresh as { action?: unknown } | undefined)?.action;
        for (const action of ofType(card, 'Action.Execute').filter((node) => node !== refresh)) {
          assert.equal(typeof action.verb, 'string');
          assert.match(action.verb as string, /^[a-z]+\.?[a-z]+$/);
          assert.equal(typeof action.title, 'string');
          const fallback = action.fallback as { type: string; title: string; data: Record<string, unknown>; associatedInputs?: unknown };
          assert.equal(fallback.type, 'Action.Submit');
          assert.equal(fallback.title, action.title);
          assert.equal(fallback.data.verb, action.verb);
          for (const [key, value] of Object.entries((action.data as object | undefined) ?? {})) {
            assert.deepEqual(fallback.data[key], value);
          }
          assert.equal(fallback.associatedInputs, action.associatedInputs);
        }
        // Templates write only Action.Execute; every Submit is one of the generated fallbacks.
        const fallbacks = ofType(card, 'Action.Execute').map((action) => action.fallback);
        assert.ok(fallbacks.every((fallback) => fallback === undefined || (fallback as { type: string }).type === 'Action.Submit'));
        for (const submit of ofType(card, 'Action.Submit')) assert.ok(fallbacks.includes(submit));
      });

      it('refreshes, if at all, with one Action.Execute for listed Teams users and no fallback', () => {
        if (card.refresh === undefined) return;
        const refresh = card.refresh as { action: Record<string, unknown>; userIds: unknown };
        assert.deepEqual(Object.keys(refresh).sort(), ['action', 'userIds']);
        assert.equal(refresh.action.type, 'Action.Execute');
        assert.match(String(refresh.action.verb), /^[a-z]+\.[a-z]+$/);
        assert.equal(refresh.action.fallback, undefined);
        assert.ok(Array.isArray(refresh.userIds) && refresh.userIds.length > 0 && refresh.userIds.length <= 60);
        for (const id of refresh.userIds as unknown[]) assert.match(String(id), /^29:/);
      });

      it('has unique input ids and labels or titles on every input', () => {
        const ids = inputs(card).map((input) => input.id);
        assert.equal(new Set(ids).size, ids.length);
        for (const input of inputs(card)) {
          assert.ok(typeof input.label === 'string' || typeof input.title === 'string', `input ${String(input.id)}`);
        }
      });

      it('has a mention entity for exactly the <at> texts it shows, and they match', () => {
        const shown = new Set(
          ofType(card, 'TextBlock').flatMap((block) => String(block.text).match(/<at>[^<>]*<\/at>/g) ?? []),
        );
        const msteams = card.msteams as { entities?: { type: string; text: string; mentioned: { id: string; name: string } }[] } | undefined;
        const entities = msteams?.entities ?? [];
        assert.deepEqual(new Set(entities.map((entity) => entity.text)), shown);
        for (const entity of entities) {
          assert.equal(entity.type, 'mention');
          assert.equal(entity.text, `<at>${entity.mentioned.name}</at>`);
          assert.match(entity.mentioned.id, /^29:/);
        }
        // No stray markup: every "<at>" opened in a text is closed before the next one opens.
        for (const text of allStrings(card)) {
          assert.equal((text.match(/<at>/g) ?? []).length, (text.match(/<\/at>/g) ?? []).length, text);
        }
      });

      it('stays well under the 80 KB a Teams message may use', () => {
        assert.ok(byteSize(card) < 80 * 1024, `${byteSize(card)} bytes`);
      });

      it('only uses elements Teams renders in schema 1.5', () => {
        const allowed = new Set([
          'AdaptiveCard', 'TextBlock', 'RichTextBlock', 'TextRun', 'FactSet', 'ColumnSet', 'Column', 'Container',
          'ActionSet', 'Input.Text', 'Input.ChoiceSet', 'Input.Date', 'Input.Time', 'Input.Number', 'Input.Toggle',
          'Action.Execute', 'Action.Submit', 'Action.OpenUrl',
        ]);
        // `msteams` is Teams' own extension (mention entities), not card elements.
        const { msteams: _teamsExtension, ...elements } = card;
        for (const node of allObjects(elements as typeof card)) {
          if (typeof node.type === 'string') assert.ok(allowed.has(node.type), node.type);
        }
      });
    });
  }

  it('no refusal is a dead end: every message preset offers a way on', () => {
    const cards = everyCard();
    for (const name of [
      'meetingNotSetUp', 'meetingNotSetUpInPersonalChat', 'notOnRoster', 'notOnRosterWithMeeting', 'caseNotFound', 'notAllowed',
      'somethingWentWrong', 'consentRequired', 'ackNotYourRole', 'ackNotFound', 'alreadyAcknowledged',
    ]) {
      assert.ok(ofType(cards[name]!, 'Action.Execute').length > 0, name);
    }
  });
});
