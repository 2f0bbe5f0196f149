import { strict as assert } from 'node:assert';
import { renderTemplate, withRefresh } from '../../cards/render';
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

  it('gives independent cards from one prepared template', () => {
    const first = renderTemplate(template, { name: 'Åsa', caseId: 'c-1', ackId: 'a-1' });
    first.body[0]!.text = 'changed by a caller';
    const second = renderTemplate(template, { name: 'Bo', caseId: 'c-2', ackId: 'a-2' });
    const third = renderTemplate(template, { name: 'Cia', caseId: 'c-3', ackId: 'a-3' });
    assert.equal(second.body[0]!.text, 'Hej Bo');
    assert.equal(JSON.stringify(second).replace(/Bo|c-2|a-2/g, ''), JSON.stringify(third).replace(/Cia|c-3|a-3/g, ''));
    const fallbacks = ofType(third, 'Action.Submit');
    assert.ok(fallbacks.every((fallback) => fallback.fallback === undefined), 'fallbacks are not nested on re-render');
  });

  it('gives the card-level refresh action no fallback: Teams invokes it, it is not a button', () => {
    const card = renderTemplate(
      {
        type: 'AdaptiveCard',
        version: '1.5',
        refresh: { action: { type: 'Action.Execute', verb: 'meeting.view', data: { id: '${id}' } }, userIds: ['29:x'] },
        body: [{ type: 'TextBlock', text: 'x' }],
        actions: [{ type: 'Action.Execute', title: 'Knapp', verb: 'meeting.end' }],
      },
      { id: 'm-1' },
    );
    const refresh = card.refresh as { action: Record<string, unknown> };
    assert.deepEqual(refresh.action, { type: 'Action.Execute', verb: 'meeting.view', data: { id: 'm-1' } });
    assert.equal((card.actions![0] as { fallback?: { type: string } }).fallback?.type, 'Action.Submit');
  });

  it('withRefresh lists each user once and leaves a card without users alone', () => {
    const base = () => renderTemplate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x' }] }, {});
    const card = withRefresh(base(), { verb: 'meeting.view', data: { meetingId: 'm' } }, ['29:a', ' 29:a ', '', '29:b']);
    assert.deepEqual(card.refresh, {
      action: { type: 'Action.Execute', verb: 'meeting.view', data: { meetingId: 'm' } },
      userIds: ['29:a', '29:b'],
    });
    assert.equal(withRefresh(base(), { verb: 'meeting.view', data: {} }, ['  ']).refresh, undefined);
  });

  it('refuses a template that is not an AdaptiveCard', () => {
    assert.throws(() => renderTemplate({ type: 'TextBlock', text: 'x' }, {}));
  });
});
