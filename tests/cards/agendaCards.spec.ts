import { strict as assert } from 'node:assert';
import { agendaCard, holidayNoticeCard, MAX_AGENDA_CASES_PER_POINT, submissionReminderCard, type AgendaCaseLine } from '../../cards/agendaCards';
import type { AdaptiveCard } from '../../cards/render';
import { leaderCard } from '../../cards/leaderCards';
import { allObjects, byteSize, ofType, textOf, type Node } from './cardWalk';
import { agendaInput, leaderInput, people, submissionReminderInput } from './samples';

const POINT_TITLES = [
  '1. Kort genomgång av aktuellt läge i området',
  '2. Identifierade riskindivider – åtgärder, ansvarig och uppföljningsdatum',
  '3. Vid behov – avstämning av pågående ärenden',
  '4. Individer i behov av SIP – utse samordnare',
  '5. Patienter i behov av samordning vid utskrivning',
  '6. Sammanfattning',
];

/** What a TextBlock or RichTextBlock shows, runs joined as the client runs them together. */
const shownText = (item: Node): string =>
  item.type === 'RichTextBlock' ? (item.inlines as Node[]).map((run) => run.text).join('') : String(item.text);

/** The agenda point containers, in order: the containers whose first item is a point title. */
function pointBlocks(card: AdaptiveCard): Node[] {
  return allObjects(card).filter(
    (node) => node.type === 'Container' && Array.isArray(node.items) && POINT_TITLES.includes(shownText(node.items[0] as Node)),
  );
}

/** What one point shows below its title, each line as the client would run its text together. */
function pointLines(block: Node): string[] {
  return (block.items as Node[]).slice(1).map(shownText);
}

const line = (reference: string, overrides: Partial<AgendaCaseLine> = {}): AgendaCaseLine => ({
  reference,
  initials: 'A.E.',
  birthYear: 1942,
  urgencyLabel: 'Skyndsamt',
  followUpDue: false,
  ...overrides,
});

describe('cards/agendaCards agendaCard', () => {
  it('shows the six fixed points in order, whatever points were passed', () => {
    for (const points of [agendaInput().points, [], [...agendaInput().points].reverse()]) {
      const blocks = pointBlocks(agendaCard({ ...agendaInput(), points }));
      assert.deepEqual(blocks.map((block) => shownText((block.items as Node[])[0]!)), POINT_TITLES);
    }
  });

  it('lists the masked cases under their points and says "Inga ärenden" where there are none', () => {
    const blocks = pointBlocks(agendaCard(agendaInput()));
    assert.deepEqual(blocks.map(pointLines), [
      [],
      ['SA-R1SK2 · A.E. (1942) · Skyndsamt', 'SA-R2SK3 · B.N. (1938) · Nästa vardag'],
      ['SA-F0LL1 · C.D. (1950) · Vid behov · uppföljning'],
      ['Inga ärenden'],
      ['SA-UT5K1 · E.F. (1931) · Nästa dag'],
      [],
    ]);
  });

  it('marks follow-ups only on the cases that have one', () => {
    const card = agendaCard({ ...agendaInput(), points: [{ point: 3, cases: [line('SA-A'), line('SA-B', { followUpDue: true })] }] });
    const lines = pointLines(pointBlocks(card)[2]!);
    assert.deepEqual(lines, ['SA-A · A.E. (1942) · Skyndsamt', 'SA-B · A.E. (1942) · Skyndsamt · uppföljning']);
  });

  it('keeps the cases of a point passed twice together under that point', () => {
    const card = agendaCard({
      ...agendaInput(),
      points: [
        { point: 4, cases: [line('SA-1')] },
        { point: 2, cases: [line('SA-2')] },
        { point: 4, cases: [line('SA-3')] },
      ],
    });
    const blocks = pointBlocks(card);
    assert.deepEqual(pointLines(blocks[3]!).map((text) => text.split(' ')[0]), ['SA-1', 'SA-3']);
    assert.deepEqual(pointLines(blocks[1]!).map((text) => text.split(' ')[0]), ['SA-2']);
  });

  it('shows meeting time, area, leader and holiday note', () => {
    const text = textOf(agendaCard(agendaInput()));
    assert.match(text, /tisdag 24 november 2026 kl\. 13:00/);
    assert.match(text, /Norsjö/);
    assert.match(text, /Mötesledare: Åsa Öberg/);
    assert.match(text, /Mötet är flyttat från måndag 23 november, som är en helgdag\./);
  });

  it('says when no leader is appointed and leaves out an absent holiday note and slots', () => {
    const card = agendaCard({ ...agendaInput(), leaderLabel: null, holidayNote: null, slots: [] });
    const text = textOf(card);
    assert.match(text, /Mötesledare: ej utsedd ännu/);
    assert.doesNotMatch(text, /helgdag/);
    assert.doesNotMatch(text, /Tider per område/);
    assert.ok(!ofType(card, 'Container').some((container) => container.style === 'warning'));
  });

  it('shows the area time slots with start time and references', () => {
    const card = agendaCard(agendaInput());
    assert.match(textOf(card), /Tider per område/);
    const slots = allObjects(card)
      .filter((node) => node.type === 'Container' && (node.items as Node[] | undefined)?.[0]?.type === 'RichTextBlock')
      .filter((node) => !POINT_TITLES.includes(shownText((node.items as Node[])[0]!)))
      .map((node) => pointLines({ items: [{}, ...(node.items as Node[])] }));
    assert.deepEqual(slots, [
      ['kl. 13:00 – Norsjö centrum', 'SA-R1SK2, SA-F0LL1'],
      ['kl. 13:30 – Bastuträsk', 'Inga ärenden'],
    ]);
  });

  it('offers "Anmäl ärende (SBAR)", "Byt mötesledare" and "Starta mötet" for the meeting', () => {
    const card = agendaCard(agendaInput());
    const buttons = ofType(card, 'Action.Execute');
    assert.deepEqual(buttons.map((button) => [button.title, button.verb, button.data]), [
      ['Anmäl ärende (SBAR)', 'case.form', { meetingId: 'meeting-1' }],
      ['Byt mötesledare', 'leader.form', { meetingId: 'meeting-1' }],
      ['Starta mötet', 'meeting.start', { meetingId: 'meeting-1', meetingDate: '2026-11-24' }],
    ]);
    assert.equal(card.refresh, undefined);
    assert.doesNotMatch(textOf(card), /pågår|avslutat/);
  });

  it('while the meeting runs: marks the current point, offers no start and refreshes for the leader only', () => {
    const card = agendaCard({ ...agendaInput(), running: { point: 3, leaderId: '29:leader' } });
    const titles = allObjects(card).filter(
      (node) => node.type === 'RichTextBlock' && POINT_TITLES.includes(String((node.inlines as Node[])[0]!.text)),
    );
    assert.deepEqual(titles.map(shownText), POINT_TITLES.map((title, index) => (index === 2 ? `${title} ▶ pågår` : title)));
    const containers = allObjects(card).filter((node) => node.type === 'Container' && (node.items as Node[] | undefined)?.[0] !== undefined);
    const current = containers.find((node) => (node.items as Node[])[0] === titles[2]);
    assert.equal(current?.style, 'accent');
    assert.ok(titles.filter((_, index) => index !== 2).every((title) => containers.find((node) => (node.items as Node[])[0] === title)?.style === 'default'));
    assert.match(textOf(card), /Mötet pågår: punkt 3 av 6\./);
    assert.ok(!ofType(card, 'Action.Execute').some((button) => button.verb === 'meeting.start'));
    assert.deepEqual(card.refresh, {
      action: { type: 'Action.Execute', verb: 'meeting.view', data: { meetingId: 'meeting-1', meetingDate: '2026-11-24' } },
      userIds: ['29:leader'],
    });
  });

  it('after the meeting: says it is over, offers no start and marks no point', () => {
    for (const running of [null, { point: 2 as const, leaderId: '29:leader' }]) {
      const card = agendaCard({ ...agendaInput(), ended: true, running });
      assert.match(textOf(card), /Mötet är avslutat\./);
      assert.doesNotMatch(textOf(card), /pågår/);
      assert.ok(!ofType(card, 'Action.Execute').some((button) => button.verb === 'meeting.start'));
      assert.equal(card.refresh, undefined);
      assert.ok(!ofType(card, 'Container').some((container) => container.style === 'accent'));
    }
  });

  it('masks an identity passed by mistake', () => {
    const card = agendaCard({ ...agendaInput(), points: [{ point: 2, cases: [line('SA-X', { initials: 'Test Testsson', birthYear: 194201011234 })] }] });
    const json = JSON.stringify(card);
    assert.ok(!json.includes('Testsson'));
    assert.ok(!json.includes('194201011234'));
    assert.deepEqual(pointLines(pointBlocks(card)[1]!), ['SA-X · T.T. (–) · Skyndsamt']);
  });

  it('stays under 80 KB in a very busy week, saying how many more there are', () => {
    const many = (prefix: string) => Array.from({ length: 150 }, (_, index) => line(`SA-${prefix}${String(index).padStart(4, '0')}`));
    const card = agendaCard({
      ...agendaInput(),
      points: [2, 3, 4, 5].map((point) => ({ point: point as 2 | 3 | 4 | 5, cases: many(String(point)) })),
      slots: Array.from({ length: 10 }, (_, index) => ({ area: `Område ${index}`, startLabel: `kl. 1${index}:00`, references: many('S').map((c) => c.reference) })),
    });
    assert.ok(byteSize(card) < 80 * 1024, `${byteSize(card)} bytes`);
    const lines = pointLines(pointBlocks(card)[1]!);
    assert.equal(lines.length, MAX_AGENDA_CASES_PER_POINT + 1);
    assert.equal(lines.at(-1), `… och ${150 - MAX_AGENDA_CASES_PER_POINT} ärenden till`);
  });
});

describe('cards/agendaCards submissionReminderCard', () => {
  it('@mentions the whole roster', () => {
    const card = submissionReminderCard(submissionReminderInput());
    assert.match(textOf(card), /<at>Åsa Öberg<\/at>, <at>Bo Ek<\/at>, <at>Cia Lind \(HC Norsjö\)<\/at>/);
    const entities = (card.msteams as { entities: { text: string; mentioned: { id: string; name: string } }[] }).entities;
    assert.deepEqual(
      entities.map((entity) => [entity.text, entity.mentioned.id, entity.mentioned.name]),
      people().map((person) => [`<at>${person.name}</at>`, person.id, person.name]),
    );
  });

  it('says the cut-off and the counts so far per agenda point', () => {
    const card = submissionReminderCard(submissionReminderInput());
    const text = textOf(card);
    assert.match(text, /Skicka in ärenden senast måndag 23 november 2026 kl\. 23:59\./);
    assert.match(text, /tisdag 24 november 2026 kl\. 13:00/);
    const facts = ofType(card, 'FactSet').flatMap((set) => set.facts as { title: string; value: string }[]);
    for (const [title, value] of [
      ['2. Identifierade riskindivider', '2 ärenden'],
      ['3. Avstämning av pågående ärenden', '1 ärende'],
      ['4. Behov av SIP', '0 ärenden'],
      ['5. Samordning vid utskrivning', '1 ärende'],
    ]) {
      assert.ok(facts.some((fact) => fact.title === title && fact.value === value), `${title}: ${value}`);
    }
    assert.match(text, /Totalt 4 ärenden\./);
  });

  it('says when nothing is submitted yet, and works without anyone to mention', () => {
    const card = submissionReminderCard({ ...submissionReminderInput(), counts: [], total: 0, people: [] });
    assert.match(textOf(card), /Inga ärenden är anmälda ännu\./);
    assert.doesNotMatch(textOf(card), /<at>/);
    assert.equal(card.msteams, undefined);
  });

  it('offers "Anmäl ärende (SBAR)" for the meeting', () => {
    const buttons = ofType(submissionReminderCard(submissionReminderInput()), 'Action.Execute');
    assert.deepEqual(buttons.map((button) => [button.title, button.verb, button.data]), [
      ['Anmäl ärende (SBAR)', 'case.form', { meetingId: 'meeting-1' }],
    ]);
  });
});

describe('cards/agendaCards holidayNoticeCard', () => {
  const input = {
    area: 'Norsjö',
    holidayName: 'juldagen',
    originalLabel: 'fredag 25 december 2026 kl. 13:00',
    policy: 'move' as const,
    newLabel: 'måndag 28 december 2026 kl. 13:00',
  };

  it('says the meeting falls on the holiday and where it moves', () => {
    const text = textOf(holidayNoticeCard(input));
    assert.match(text, /Mötet flyttas/);
    assert.match(text, /Mötet fredag 25 december 2026 kl\. 13:00 infaller på juldagen\./);
    assert.match(text, /Mötet flyttas till måndag 28 december 2026 kl\. 13:00\./);
    assert.match(text, /Norsjö/);
    assert.doesNotMatch(text, /ställs in/);
  });

  it('says a skipped meeting is cancelled this week and cases go to the next meeting', () => {
    const text = textOf(holidayNoticeCard({ ...input, policy: 'skip', newLabel: null }));
    assert.match(text, /ställs in den här veckan/);
    assert.match(text, /tas upp på nästa möte/);
    assert.doesNotMatch(text, /flyttas/);
  });

  it('still says something true when a moved meeting has no new time yet', () => {
    const text = textOf(holidayNoticeCard({ ...input, newLabel: null }));
    assert.match(text, /Mötet flyttas till nästa vardag\./);
    assert.doesNotMatch(text, /null/);
  });
});

describe('cards/leaderCards leaderCard', () => {
  const input = leaderInput;

  it('lets the leader or a manager hand over or skip, with the meeting day in the data', () => {
    const buttons = ofType(leaderCard(input()), 'Action.Execute');
    assert.deepEqual(buttons.map((button) => [button.verb, button.data]), [
      ['leader.handover', { meetingId: 'meeting-1', meetingDate: '2026-11-24' }],
      ['leader.skip', { meetingId: 'meeting-1', meetingDate: '2026-11-24' }],
    ]);
    assert.match(textOf(leaderCard(input())), /Tisdag 24 november 2026 kl\. 13:00: Rita Region/);
    assert.match(textOf(leaderCard(input())), /Mona Kommun \(Socialsekreterare\)/);
  });

  it('shows others who leads, without controls', () => {
    const card = leaderCard({ ...input(), mayChange: false });
    assert.equal(ofType(card, 'Action.Execute').length, 0);
    assert.match(textOf(card), /Mötesledaren själv eller en chef/);
  });
});
