import { strict as assert } from 'node:assert';
import { ackConfirmedCard, ackReminderCard, escalationCard, MAX_ACK_REMINDER_ITEMS } from '../../cards/ackCards';
import { ackNotFoundCard, ackNotYourRoleCard, alreadyAcknowledgedCard } from '../../cards/messageCard';
import type { AdaptiveCard } from '../../cards/render';
import { allObjects, byteSize, ofType, textOf, type Node } from './cardWalk';
import { ackReminderInput, escalationInput, people } from './samples';

type Entity = { text: string; mentioned: { id: string; name: string } };
const entitiesOf = (card: AdaptiveCard): Entity[] => ((card.msteams as { entities?: Entity[] } | undefined)?.entities ?? []);
const visible = (card: AdaptiveCard) => ofType(card, 'TextBlock').map((block) => String(block.text));

/** The containers that hold one item each: the ones whose first text is a masked case line. */
const itemBlocks = (card: AdaptiveCard) =>
  allObjects(card).filter((node) => node.type === 'Container' && /^SA-/.test(String((node.items as Node[] | undefined)?.[0]?.text)));

describe('cards/ackCards ackReminderCard', () => {
  it('lists each item with its case, role and due time, a "Kvittera" button carrying its ackId and a private "Visa ärendet"', () => {
    const card = ackReminderCard(ackReminderInput());
    const blocks = itemBlocks(card);
    assert.equal(blocks.length, 2);
    const [first, second] = blocks.map((block) => ({
      texts: (block.items as Node[]).filter((item) => item.type === 'TextBlock').map((item) => item.text),
      buttons: ofType({ type: 'AdaptiveCard', version: '1.5', body: block.items as never }, 'Action.Execute'),
    }));
    assert.deepEqual(first!.texts, ['SA-K7QX4 · A.E. (1942)', 'Kvittera för: Socialsekreterare · senast tisdag 24 november 2026 kl. 12:00']);
    assert.deepEqual(first!.buttons.map((button) => [button.title, button.verb, button.data]), [
      ['Kvittera', 'ack.confirm', { ackId: 'ack-1' }],
      ['Visa ärendet (bara för dig)', 'case.view', { caseId: 'case-1' }],
    ]);
    assert.deepEqual(second!.buttons.map((button) => button.data), [{ ackId: 'ack-2' }, { caseId: 'case-2' }]);
    assert.deepEqual(second!.texts[0], 'SA-M3PL8 · B.N. (1938)');
  });

  it('@mentions the person in the channel, and nobody in a personal chat', () => {
    const channel = ackReminderCard(ackReminderInput());
    assert.ok(visible(channel).some((text) => text.startsWith('<at>Åsa Öberg</at>')));
    assert.deepEqual(entitiesOf(channel).map((entity) => [entity.text, entity.mentioned.id]), [['<at>Åsa Öberg</at>', '29:1a2b3c-asa']]);
    const personal = ackReminderCard({ ...ackReminderInput(), person: null });
    assert.equal(personal.msteams, undefined);
    assert.ok(!visible(personal).some((text) => text.includes('<at>')));
    assert.equal(ofType(personal, 'Action.Execute').length, 4);
  });

  it('says what happens when the time passes', () => {
    assert.match(textOf(ackReminderCard(ackReminderInput())), /går vidare till chef/);
  });

  it('caps the buttons in a long list and says where the rest are acknowledged', () => {
    const item = ackReminderInput().items[0]!;
    const items = Array.from({ length: 60 }, (_, index) => ({ ...item, ackId: `ack-${index}` }));
    const card = ackReminderCard({ ...ackReminderInput(), items });
    assert.equal(ofType(card, 'Action.Execute').filter((action) => action.verb === 'ack.confirm').length, MAX_ACK_REMINDER_ITEMS);
    assert.match(textOf(card), new RegExp(`och ${60 - MAX_ACK_REMINDER_ITEMS} till\\. Kvittera dem på ärendekorten i kanalen\\.`));
    assert.ok(byteSize(card) < 80 * 1024);
  });

  it('says so when there is nothing to acknowledge', () => {
    const card = ackReminderCard({ person: null, items: [] });
    assert.match(textOf(card), /inget att kvittera/);
    assert.equal(ofType(card, 'Action.Execute').length, 0);
  });
});

describe('cards/ackCards escalationCard', () => {
  it('says what is overdue, for which role and since when', () => {
    const card = escalationCard(escalationInput());
    const [ack, escalated] = itemBlocks(card).map((block) => (block.items as Node[]).filter((item) => item.type === 'TextBlock').map((item) => item.text));
    assert.deepEqual(ack, [
      'SA-K7QX4 · A.E. (1942)',
      'Kvittens saknas',
      'Ska kvitteras av: Socialsekreterare',
      'Skulle ha kvitterats senast tisdag 24 november 2026 kl. 12:00',
    ]);
    assert.deepEqual(escalated, [
      'SA-M3PL8 · B.N. (1938)',
      'Eskalerat från mötet',
      'Ansvarig: Hemtjänst (samordnare/enhetschef)',
      'Eskalerat tisdag 24 november 2026 kl. 13:40',
    ]);
    const text = textOf(card);
    assert.match(text, /Ej kvitterat i tid/);
    assert.match(text, /Norsjö/);
  });

  it('is not a dead end: says what the manager can do, and that a late kvittens is still possible', () => {
    const text = textOf(escalationCard(escalationInput()));
    assert.match(text, /Vad du kan göra/);
    assert.match(text, /Kontakta enheten/);
    assert.match(text, /sen kvittens/);
  });

  it('shows the meeting\'s reason in a personal chat', () => {
    assert.ok(visible(escalationCard(escalationInput())).includes('Skäl från mötet: Ingen har kunnat nå enheten på två veckor.'));
    assert.doesNotMatch(textOf(escalationCard({ ...escalationInput(), reason: null })), /Skäl från mötet/);
    assert.doesNotMatch(textOf(escalationCard({ ...escalationInput(), reason: '   ' })), /Skäl från mötet|sekretesskäl/);
  });

  it('@mentions the manager in the channel and keeps the free-text reason out of it', () => {
    const manager = people()[2]!;
    const card = escalationCard({ ...escalationInput(), person: manager });
    assert.ok(visible(card).some((text) => text.startsWith('<at>Cia Lind (HC Norsjö)</at>')));
    assert.deepEqual(entitiesOf(card).map((entity) => entity.mentioned.id), [manager.id]);
    assert.ok(!JSON.stringify(card).includes('Ingen har kunnat nå enheten'));
    assert.match(textOf(card), /visas inte i kanalen av sekretesskäl/);
  });

  it('titles a meeting escalation as such', () => {
    const items = escalationInput().items.filter((item) => item.kind === 'case');
    assert.match(textOf(escalationCard({ ...escalationInput(), items })), /Eskalerat från samordningsmötet/);
    assert.doesNotMatch(textOf(escalationCard({ ...escalationInput(), items })), /Ej kvitterat i tid/);
  });

  it('opens each case privately, so the manager reads it before acting, and has no other buttons', () => {
    const buttons = ofType(escalationCard(escalationInput()), 'Action.Execute');
    assert.deepEqual(buttons.map((button) => [button.verb, button.data]), [['case.view', { caseId: 'case-1' }], ['case.view', { caseId: 'case-2' }]]);
  });
});

describe('cards/ackCards ackConfirmedCard', () => {
  const input = { caseId: 'case-1', reference: 'SA-K7QX4', roleLabel: 'Socialsekreterare', confirmedAtLabel: 'tisdag 24 november 2026 kl. 09:12', late: false };

  it('confirms for the role, with the case and the time', () => {
    const card = ackConfirmedCard(input);
    assert.equal(card.body[0]!.text, 'Kvitterat för Socialsekreterare');
    const text = textOf(card);
    assert.match(text, /SA-K7QX4/);
    assert.match(text, /tisdag 24 november 2026 kl\. 09:12/);
    assert.doesNotMatch(text, /sen kvittens/);
  });

  it('leads back to the case and on to the rest of the caller\'s work', () => {
    assert.deepEqual(ofType(ackConfirmedCard(input), 'Action.Execute').map((button) => [button.verb, button.data]), [['case.view', { caseId: 'case-1' }], ['my.cases', {}]]);
  });

  it('says a late kvittens is registered as late', () => {
    assert.match(textOf(ackConfirmedCard({ ...input, late: true })), /Kvitterat efter 12:00, registrerat som sen kvittens\./);
    assert.match(textOf(ackConfirmedCard({ ...input, late: true, dueTime: '11:00' })), /efter 11:00/);
  });
});

describe('cards/messageCard kvittens refusals', () => {
  it('refuses someone without the role and leads on to the roster form', () => {
    const card = ackNotYourRoleCard('Socialsekreterare');
    assert.match(textOf(card), /Du har inte den roll som ska kvittera/);
    assert.match(textOf(card), /Kvittensen gäller Socialsekreterare\./);
    assert.deepEqual(ofType(card, 'Action.Execute').map((action) => action.verb), ['roster.form', 'help']);
  });

  it('says who already acknowledged and when', () => {
    const card = alreadyAcknowledgedCard({ roleLabel: 'Socialsekreterare', byName: 'Bo Ek', atLabel: 'tisdag 24 november 2026 kl. 09:12' });
    assert.equal(card.body[0]!.text, 'Redan kvitterat av Bo Ek tisdag 24 november 2026 kl. 09:12');
    assert.match(textOf(card), /Kvittensen för Socialsekreterare är redan registrerad/);
  });

  it('explains a kvittens that no longer exists', () => {
    assert.match(textOf(ackNotFoundCard()), /Kvittensen finns inte/);
  });
});
