import { strict as assert } from 'node:assert';
import { renderTemplate } from '../../cards/render';
import { ofType } from './cardWalk';

describe('cards/render renderTemplate', () => {
  const template = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Hej ${name}' },
      {
        type: 'Container',
        selectAction: { type: 'Action.Execute', title: 'Öppna', verb: 'case.open', data: { caseId: '${caseId}' } },
        items: [
          {
            type: 'ColumnSet',
            columns: [
              {
                type: 'Column',
                items: [
                  {
                    type: 'ActionSet',
                    actions: [{ type: 'Action.Execute', title: 'Inne', verb: 'deep.verb', associatedInputs: 'auto', style: 'positive' }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    actions: [
      { type: 'Action.Execute', title: 'Kvittera', verb: 'ack.confirm', data: { ackId: '${ackId}', verb: 'spoofed' } },
      { type: 'Action.OpenUrl', title: 'Länk', url: 'https://example.org' },
    ],
  };

  it('expands the data and gives every Action.Execute a matching Action.Submit fallback', () => {
    const card = renderTemplate(template, { name: 'Åsa', caseId: 'c-1', ackId: 'a-1' });
    assert.equal(card.body[0]!.text, 'Hej Åsa');

    const executes = ofType(card, 'Action.Execute');
    assert.equal(executes.length, 3, 'body selectAction, nested ActionSet and card actions');
    for (const action of executes) {
      const fallback = action.fallback as Record<string, unknown>;
      assert.equal(fallback.type, 'Action.Submit');
      assert.equal(fallback.title, action.title);
      assert.deepEqual(fallback.data, { ...(action.data as object), verb: action.verb });
    }
    const ack = executes.find((action) => action.verb === 'ack.confirm')!;
    // The verb the bot routes on is the action's own, whatever the data says.
    assert.deepEqual((ack.fallback as { data: unknown }).data, { ackId: 'a-1', verb: 'ack.confirm' });
    const deep = executes.find((action) => action.verb === 'deep.verb')!;
    assert.equal((deep.fallback as { associatedInputs?: string }).associatedInputs, 'auto');
    assert.equal((deep.fallback as { style?: string }).style, 'positive');
    assert.deepEqual((deep.fallback as { data: unknown }).data, { verb: 'deep.verb' });
  });

  it('leaves other actions alone and does not change the template', () => {
    const before = JSON.stringify(template);
    const card = renderTemplate(template, { name: 'Åsa', caseId: 'c-1', ackId: 'a-1' });
    assert.equal(ofType(card, 'Action.OpenUrl')[0]!.fallback, undefined);
    assert.equal(JSON.stringify(template), before);
    const again = renderTemplate(template, { name: 'Bo', caseId: 'c-2', ackId: 'a-2' });
    assert.equal(again.body[0]!.text, 'Hej Bo');
  });

  it('refuses a template that is not an AdaptiveCard', () => {
    assert.throws(() => renderTemplate({ type: 'TextBlock', text: 'x' }, {}));
  });
});
