import assert from 'node:assert/strict';
import { caseDetailCard, compactLeaderViewCard, journalCard, journalText, leaderViewCard, MAX_JOURNAL_CHARACTERS, meetingDecisionsCard, myCasesCard, type AdaptiveCard } from '../../cards';
import { cardWithinBudget } from '../../bot/answerBudget';
import { COMPACT_CARDS, FULL_CARDS } from '../../bot/cardBuilders';
import { cardActivity } from '../../bot/noticeRenderer';
import { createLogger } from '../../services/logger';
import { MESSAGE_BUDGET_BYTES, outgoingBytes, utf16Bytes } from '../../services/outbox/messageBudget';
import { textOf } from '../cards/cardWalk';
import {
  ackReminderAtMost,
  agendaAtMost,
  caseDetailAtMost,
  CHANNEL_REFERENCE,
  escalationAtMost,
  journalAtMost,
  meetingDecisionsAtMost,
  myWorkAtMost,
  leaderViewAtMost,
  submissionReminderAtMost,
  summaryAtMost,
} from '../cards/maxContent';
import { captureLogger } from '../support/captureLogger';

/** What the outbox sends for a card: the full form if it fits the budget, else the compact one. */
function sent(full: AdaptiveCard, compact: AdaptiveCard): { bytes: number; compacted: boolean; fullBytes: number } {
  const weigh = (card: AdaptiveCard) => outgoingBytes(cardActivity(card, 'Sammanfattningsrad för aviseringen i Teams'), CHANNEL_REFERENCE);
  const fullBytes = weigh(full);
  return fullBytes <= MESSAGE_BUDGET_BYTES ? { bytes: fullBytes, compacted: false, fullBytes } : { bytes: weigh(compact), compacted: true, fullBytes };
}

describe('message budget: every card kind at its maximum content', () => {
  const kinds: { name: string; full: () => AdaptiveCard; compact: () => AdaptiveCard; compacted?: boolean }[] = [
    { name: 'agenda with 200 cases (50 per point, six area slots, running)', full: () => FULL_CARDS.agenda(agendaAtMost()), compact: () => COMPACT_CARDS.agenda(agendaAtMost()), compacted: true },
    { name: 'summary with 100 decisions and 50 carried over', full: () => FULL_CARDS.summary(summaryAtMost()), compact: () => COMPACT_CARDS.summary(summaryAtMost()), compacted: true },
    { name: 'kvittens reminder with 25 items', full: () => FULL_CARDS.ackReminder(ackReminderAtMost()), compact: () => COMPACT_CARDS.ackReminder(ackReminderAtMost()) },
    { name: 'escalation with 100 items', full: () => FULL_CARDS.escalation(escalationAtMost()), compact: () => COMPACT_CARDS.escalation(escalationAtMost()) },
    { name: 'submission reminder to a roster of 60', full: () => FULL_CARDS.submissionReminder(submissionReminderAtMost()), compact: () => COMPACT_CARDS.submissionReminder(submissionReminderAtMost()) },
  ];
  for (const { name, full, compact, compacted } of kinds) {
    it(`${name}: what goes out fits in ${MESSAGE_BUDGET_BYTES / 1024} KB`, () => {
      const outcome = sent(full(), compact());
      assert.ok(outcome.bytes <= MESSAGE_BUDGET_BYTES, `${outcome.bytes} bytes (full ${outcome.fullBytes})`);
      if (compacted !== undefined) assert.equal(outcome.compacted, compacted, `full form ${outcome.fullBytes} bytes`);
    });
  }

  for (const point of [1, 2, 3, 4, 5, 6] as const) {
    it(`leader view of a 200-case meeting at point ${point}: the answer fits`, () => {
      const input = leaderViewAtMost(point);
      const answer = cardWithinBudget(leaderViewCard(input), () => compactLeaderViewCard(input), { verb: 'meeting.view', logger: createLogger('silent') });
      const bytes = utf16Bytes({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer });
      assert.ok(bytes <= MESSAGE_BUDGET_BYTES, `${bytes} bytes`);
      const verbs = JSON.stringify(answer);
      assert.ok(verbs.includes('"meeting.point"') || point === 1 || point === 6, 'the leader can still move between points');
    });
  }
});

describe('message budget: the private views after the meeting, at their longest', () => {
  it('the case view of a case decided at twelve meetings, every SBAR field at its maximum: its compact form, with the newest decision in full', () => {
    const logs = captureLogger('warn');
    const answer = cardWithinBudget(caseDetailCard(caseDetailAtMost()), () => caseDetailCard({ ...caseDetailAtMost(), compact: true }), { verb: 'case.view', logger: logs.logger });
    const bytes = utf16Bytes({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer });
    assert.ok(bytes <= MESSAGE_BUDGET_BYTES, `${bytes} bytes`);
    const text = textOf(answer);
    assert.match(text, /Åtgärd med "citat"/, 'the newest decision is there in full');
    assert.match(text, /… och 11 tidigare beslut \(se journalkopian\)/);
    assert.ok(JSON.stringify(answer).includes('"case.journal"'), 'the journal copy is one press away');
    assert.match(String(logs.lines[0]?.msg), /compact form/);
  });

  const answers: [string, () => AdaptiveCard][] = [
    ['the journal copy of the same case', () => journalCard(journalAtMost())],
    ['Mina ärenden with 200 items in every section', () => myCasesCard({ work: myWorkAtMost(), onAnyRoster: true, notice: 'Kvitterat: SA-QQQQQ.' })],
    ['the decisions of a 100-decision meeting', () => meetingDecisionsCard(meetingDecisionsAtMost())],
  ];
  for (const [name, build] of answers) {
    it(`${name}: the full card fits, no compact form needed`, () => {
      const bytes = utf16Bytes({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: build() });
      assert.ok(bytes <= MESSAGE_BUDGET_BYTES, `${bytes} bytes`);
    });
  }

  it('shows the newest decisions and says where the older ones are', () => {
    assert.match(textOf(caseDetailCard(caseDetailAtMost())), /… och 9 tidigare beslut \(se journalkopian\)/);
    const pages = [0, 1, 2, 4, 99].map((page) => textOf(meetingDecisionsCard({ ...meetingDecisionsAtMost(), page })));
    assert.deepEqual(pages.map((text) => /Beslut (\d+–\d+) av 100/.exec(text)?.[1]), ['1–20', '21–40', '41–60', '81–100', '81–100']);
    assert.match(journalText(journalAtMost()), /äldre beslut får inte plats i journalkopian/);
    assert.ok(journalText(journalAtMost()).length <= MAX_JOURNAL_CHARACTERS);
  });
});

describe('message budget: the compact forms stay within it however large the meeting', () => {
  const many = <T>(items: T[], times: number): T[] => Array.from({ length: times }, () => items).flat();

  it('an agenda of 2,000 cases', () => {
    const input = agendaAtMost();
    input.points = input.points.map((entry) => ({ ...entry, cases: many(entry.cases, 10) }));
    assert.ok(outgoingBytes(cardActivity(COMPACT_CARDS.agenda(input)), CHANNEL_REFERENCE) <= MESSAGE_BUDGET_BYTES);
  });

  it('a summary of 1,000 decisions by 200 people, 500 carried over', () => {
    const input = summaryAtMost();
    input.decided = many(input.decided, 10);
    input.carriedOver = many(input.carriedOver, 10);
    assert.ok(outgoingBytes(cardActivity(COMPACT_CARDS.summary(input)), CHANNEL_REFERENCE) <= MESSAGE_BUDGET_BYTES);
  });

  it('a kvittens reminder of 1,000 items, an escalation of 2,000, a reminder to a roster of 500', () => {
    for (const card of [COMPACT_CARDS.ackReminder(ackReminderAtMost(1_000)), COMPACT_CARDS.escalation(escalationAtMost(2_000)), COMPACT_CARDS.submissionReminder(submissionReminderAtMost(500))]) {
      assert.ok(outgoingBytes(cardActivity(card), CHANNEL_REFERENCE) <= MESSAGE_BUDGET_BYTES);
    }
  });
});

describe('message budget: what the compact forms keep', () => {
  it('the compact agenda names every case under its point, with no more than references', () => {
    const input = agendaAtMost();
    const text = textOf(COMPACT_CARDS.agenda(input));
    for (const entry of input.points) for (const line of entry.cases) assert.ok(text.includes(line.reference), line.reference);
    assert.match(text, /2\. Identifierade riskindivider.* – 50 ärenden/);
    assert.ok(!text.includes('Å.Ö.L.') && !text.includes('1931'), 'not even the masked identity');
    assert.match(text, /Samordningstavlan/);
  });

  it('a list cut short says how many more and where they are', () => {
    const input = agendaAtMost();
    input.points = [{ point: 2, cases: Array.from({ length: 350 }, (_, i) => ({ ...input.points[0]!.cases[0]!, reference: `SA-${String(i).padStart(5, '0')}` })) }];
    assert.match(textOf(COMPACT_CARDS.agenda(input)), /SA-00299 och 50 till – se tavlan/);
  });

  it('the compact summary still @mentions each responsible person once, and withholds the rest', () => {
    const input = summaryAtMost();
    input.decided = input.decided.slice(0, 3).map((entry, i) => ({ ...entry, responsible: i === 2 ? input.decided[0]!.responsible : entry.responsible, sipCoordinator: null }));
    const card = COMPACT_CARDS.summary(input);
    const mentioned = ((card.msteams as { entities: { mentioned: { id: string } }[] }).entities ?? []).map((entity) => entity.mentioned.id);
    assert.deepEqual(new Set(mentioned), new Set([input.leader!.id, input.decided[0]!.responsible.id, input.decided[1]!.responsible.id]));
    assert.equal(mentioned.length, new Set(mentioned).size);
  });

  it('the compact leader view keeps a decision button for every case it lists', () => {
    const card = compactLeaderViewCard(leaderViewAtMost(2));
    const decide = JSON.stringify(card).match(/"verb":"case\.decision"/g) ?? [];
    assert.ok(decide.length >= 40, `${decide.length} buttons`);
  });
});

describe('message budget: measuring as Teams counts', () => {
  it('counts UTF-16: two bytes a character, four for one outside the Basic Multilingual Plane', () => {
    assert.equal(utf16Bytes('å'), 3 * 2);
    assert.equal(utf16Bytes('😀'), 4 * 2);
    assert.equal(utf16Bytes({ a: 1 }), 7 * 2);
  });

  it('answers a button with the compact form when the full card is too large, and says so in the log without content', () => {
    const { logger, lines } = captureLogger('warn');
    const input = leaderViewAtMost(1);
    const answer = cardWithinBudget(leaderViewCard(input), () => compactLeaderViewCard(input), { verb: 'meeting.view', logger });
    assert.equal(JSON.stringify(answer), JSON.stringify(compactLeaderViewCard(input)));
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.verb, 'meeting.view');
    assert.ok(!JSON.stringify(lines).includes(input.lateCases![0]!.reference), 'no content in the log');
  });

  it('answers with a pointer to the board when there is no compact form that fits', () => {
    const huge = FULL_CARDS.agenda(agendaAtMost());
    const answer = cardWithinBudget(huge, undefined, { verb: 'meeting.view', logger: createLogger('silent') });
    assert.match(textOf(answer), /för stort för ett meddelande i Teams/);
  });
});
