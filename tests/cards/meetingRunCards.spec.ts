import { strict as assert } from 'node:assert';
import {
  decisionFormCard,
  DECISION_FIELDS,
  leaderViewCard,
  MAX_SUMMARY_CASES,
  meetingSummaryCard,
  type LeaderViewCase,
  type SummaryCaseLine,
} from '../../cards/meetingRunCards';
import { MAX_AGENDA_CASES_PER_POINT } from '../../cards/agendaCards';
import type { AdaptiveCard } from '../../cards/render';
import { DECISION_TEXTS, decidedCountLine, meetingStepLine, RUN_TEXTS } from '../../cards/texts.sv';
import { allObjects, byteSize, elementAfter, inputById, inputs, ofType, textOf, type Node } from './cardWalk';
import { decisionFormInput, LEADER_ID, leaderViewInput, members, summaryInput } from './samples';

const MEETING = { meetingId: 'meeting-1', meetingDate: '2026-11-24' };

/** The buttons as [title, verb, data, associatedInputs], refresh excluded. */
function buttons(card: AdaptiveCard): [unknown, unknown, unknown, unknown][] {
  const refresh = (card.refresh as { action?: unknown } | undefined)?.action;
  return ofType(card, 'Action.Execute')
    .filter((action) => action !== refresh)
    .map((action) => [action.title, action.verb, action.data, action.associatedInputs]);
}

/** The case blocks of the leader view: [masked line, decision line, button title, caseId]. */
function caseRows(card: AdaptiveCard): string[][] {
  return allObjects(card)
    .filter((node) => node.type === 'Container' && (node.items as Node[] | undefined)?.some((item) => item.type === 'ActionSet'))
    .map((node) => {
      const items = node.items as Node[];
      const line = (items[0]!.inlines as Node[]).map((run) => run.text).join('');
      const button = ((items[2]!.actions as Node[])[0] as Node);
      return [line, String(items[1]!.text), String(button.title), String((button.data as Node).caseId)];
    });
}

const viewCase = (caseId: string, overrides: Partial<LeaderViewCase> = {}): LeaderViewCase => ({
  caseId,
  reference: `SA-${caseId}`,
  initials: 'A.E.',
  birthYear: 1942,
  urgencyLabel: 'Skyndsamt',
  point: 2,
  followUpDue: false,
  dischargeLabel: null,
  decisionLine: null,
  ...overrides,
});

describe('cards/meetingRunCards leaderViewCard', () => {
  it('says who leads, the meeting and the step, and refreshes for the leader only', () => {
    for (const point of [1, 2, 3, 4, 5, 6] as const) {
      const card = leaderViewCard(leaderViewInput(point));
      const text = textOf(card);
      assert.match(text, /Du leder mötet/);
      assert.match(text, /tisdag 24 november 2026 kl\. 13:00/);
      assert.match(text, /Norsjö/);
      assert.ok(ofType(card, 'TextBlock').some((block) => String(block.text).startsWith(`Punkt ${point} av 6: `)));
      assert.deepEqual(card.refresh, {
        action: { type: 'Action.Execute', verb: 'meeting.view', data: MEETING },
        userIds: [LEADER_ID],
      });
    }
  });

  it('point 1: the area note, kept, and "Spara och gå vidare" to point 2 with the note', () => {
    const card = leaderViewCard(leaderViewInput(1));
    const note = inputById(card, 'areaNote');
    assert.equal(note.type, 'Input.Text');
    assert.equal(note.isMultiline, true);
    assert.equal(note.maxLength, 1000);
    assert.equal(note.label, 'Kort genomgång av aktuellt läge i området (anteckning)');
    assert.equal(note.value, 'Influensan har nått två boenden.');
    assert.equal(inputs(card).length, 1);
    assert.deepEqual(buttons(card), [
      ['Spara och gå vidare', 'meeting.point', { ...MEETING, point: 2 }, 'auto'],
      ['Nästa punkt', 'meeting.point', { ...MEETING, point: 2 }, 'none'],
    ]);
    assert.match(textOf(card), /Punkt 1 av 6: Kort genomgång av aktuellt läge i området/);
    assert.equal(caseRows(card).length, 0);
  });

  it('points 2–5: only the cases of that point, each with its decision and button', () => {
    assert.deepEqual(caseRows(leaderViewCard(leaderViewInput(2))), [
      ['SA-R1SK2 · A.E. (1942) · Skyndsamt', 'Ansvarig: Omar Hassan · uppföljning tisdag 8 december 2026', 'Ändra beslut', 'case-r1'],
      ['SA-R2SK3 · B.N. (1938) · Nästa vardag', 'Inget beslut ännu', 'Besluta', 'case-r2'],
    ]);
    assert.deepEqual(caseRows(leaderViewCard(leaderViewInput(3))), [
      ['SA-F0LL1 · C.D. (1950) · Vid behov · uppföljning', 'Inget beslut ännu', 'Besluta', 'case-f1'],
    ]);
    assert.deepEqual(caseRows(leaderViewCard(leaderViewInput(5))), [
      ['SA-UT5K1 · E.F. (1931) · Nästa dag · utskrivningsklar måndag 23 november 2026 kl. 10:00', 'Inget beslut ännu', 'Besluta', 'case-u1'],
    ]);
    const four = leaderViewCard(leaderViewInput(4));
    assert.deepEqual(caseRows(four), []);
    assert.match(textOf(four), /Inga ärenden under den här punkten/);
    assert.doesNotMatch(textOf(leaderViewCard(leaderViewInput(2))), /Inga ärenden under/);
  });

  it('the case buttons carry the meeting and the case to case.decision', () => {
    const decide = ofType(leaderViewCard(leaderViewInput(2)), 'Action.Execute').filter((action) => action.verb === 'case.decision');
    assert.deepEqual(decide.map((action) => action.data), [
      { ...MEETING, caseId: 'case-r1' },
      { ...MEETING, caseId: 'case-r2' },
    ]);
    assert.equal(inputs(leaderViewCard(leaderViewInput(2))).length, 0);
  });

  it('navigates between neighbouring points, with nothing beyond the ends', () => {
    const navigation = (point: 1 | 2 | 3 | 4 | 5 | 6) =>
      buttons(leaderViewCard(leaderViewInput(point)))
        .filter(([title]) => title === 'Föregående punkt' || title === 'Nästa punkt')
        .map(([title, verb, data, associated]) => [title, verb, (data as { point: number }).point, associated]);
    assert.deepEqual(navigation(1), [['Nästa punkt', 'meeting.point', 2, 'none']]);
    for (const point of [2, 3, 4, 5] as const) {
      assert.deepEqual(navigation(point), [
        ['Föregående punkt', 'meeting.point', point - 1, 'none'],
        ['Nästa punkt', 'meeting.point', point + 1, 'none'],
      ]);
    }
    assert.deepEqual(navigation(6), [['Föregående punkt', 'meeting.point', 5, 'none']]);
  });

  it('point 6: how many have a decision, that the rest move on, and the end button', () => {
    const card = leaderViewCard(leaderViewInput(6));
    const text = textOf(card);
    assert.match(text, /Punkt 6 av 6: Sammanfattning/);
    assert.match(text, /1 av 4 ärenden har beslut/);
    assert.match(text, /Ärenden utan beslut flyttas automatiskt till nästa möte\./);
    const end = ofType(card, 'Action.Execute').filter((action) => action.verb === 'meeting.end');
    assert.equal(end.length, 1);
    assert.equal(end[0]!.title, 'Avsluta mötet och skicka sammanfattningen');
    assert.deepEqual(end[0]!.data, MEETING);
    assert.equal(end[0]!.style, 'positive');
    assert.equal(caseRows(card).length, 0);
    assert.match(textOf(leaderViewCard({ ...leaderViewInput(6), decidedCount: 0, totalCount: 1 })), /0 av 1 ärende har beslut/);
    // Only point 6 ends the meeting.
    for (const point of [1, 2, 3, 4, 5] as const) {
      assert.ok(!ofType(leaderViewCard(leaderViewInput(point)), 'Action.Execute').some((action) => action.verb === 'meeting.end'));
    }
  });

  it('shows a notice only when there is one', () => {
    const noticed = leaderViewCard({ ...leaderViewInput(2), notice: 'Beslutet för SA-R2SK3 är sparat.' });
    const block = ofType(noticed, 'TextBlock').find((node) => node.text === 'Beslutet för SA-R2SK3 är sparat.');
    assert.equal(block?.color, 'good');
    assert.ok(!ofType(leaderViewCard(leaderViewInput(2)), 'TextBlock').some((node) => node.color === 'good' && node.weight === 'bolder'));
  });

  it('masks an identity passed by mistake', () => {
    const card = leaderViewCard({
      ...leaderViewInput(2),
      cases: [viewCase('x', { initials: 'Test Testsson', birthYear: 194201011234 })],
    });
    assert.ok(!JSON.stringify(card).includes('Testsson'));
    assert.ok(!JSON.stringify(card).includes('194201011234'));
    assert.equal(caseRows(card)[0]![0], 'SA-x · T.T. (–) · Skyndsamt');
  });

  it('stays small with very many cases, listing the undecided first so each can be decided', () => {
    const cases = Array.from({ length: 150 }, (_, index) =>
      viewCase(`c${index}`, { decisionLine: index < 120 ? 'Ansvarig: Omar Hassan · avslutas' : null }),
    );
    const card = leaderViewCard({ ...leaderViewInput(2), cases });
    assert.ok(byteSize(card) < 80 * 1024, `${byteSize(card)} bytes`);
    const rows = caseRows(card);
    assert.equal(rows.length, MAX_AGENDA_CASES_PER_POINT);
    assert.deepEqual(rows.slice(0, 30).map((row) => row[3]), Array.from({ length: 30 }, (_, index) => `c${120 + index}`));
    assert.match(textOf(card), /… och 110 ärenden till/);
  });
});

describe('cards/meetingRunCards decisionFormCard', () => {
  it('has exactly the decision inputs, with the contract ids', () => {
    const card = decisionFormCard(decisionFormInput());
    assert.deepEqual(inputs(card).map((input) => input.id), [...DECISION_FIELDS]);
    assert.deepEqual(DECISION_FIELDS, ['actions', 'responsible', 'followUpDate', 'sipNeeded', 'sipCoordinator', 'escalate', 'escalationReason']);
    const expect: Record<string, [string, string]> = {
      actions: ['Input.Text', 'Åtgärder'],
      responsible: ['Input.ChoiceSet', 'Ansvarig'],
      followUpDate: ['Input.Date', 'Uppföljningsdatum – lämna tomt om ärendet kan avslutas'],
      sipNeeded: ['Input.Toggle', 'Behov av SIP'],
      sipCoordinator: ['Input.ChoiceSet', 'SIP-samordnare (kallar till SIP-mötet)'],
      escalate: ['Input.Toggle', 'Eskalera till chef/MLA/MAS/MAR'],
      escalationReason: ['Input.Text', 'Skäl till eskalering'],
    };
    for (const [id, [type, label]] of Object.entries(expect)) {
      const input = inputById(card, id);
      assert.equal(input.type, type, id);
      assert.equal(input.label ?? input.title, label, id);
    }
    assert.equal(inputById(card, 'actions').isMultiline, true);
    assert.equal(inputById(card, 'actions').maxLength, 2000);
    assert.equal(inputById(card, 'actions').isRequired, true);
    assert.equal(inputById(card, 'responsible').isRequired, true);
    assert.notEqual(inputById(card, 'sipCoordinator').isRequired, true);
    assert.notEqual(inputById(card, 'followUpDate').isRequired, true);
    assert.equal(inputById(card, 'escalationReason').maxLength, 500);
    for (const id of ['sipNeeded', 'escalate']) {
      assert.equal(inputById(card, id).valueOn, 'true');
      assert.equal(inputById(card, id).valueOff, 'false');
    }
  });

  it('offers the roster as responsible and SIP coordinator, by Teams user id', () => {
    const card = decisionFormCard(decisionFormInput());
    const expected = members().map((member) => ({ title: `${member.name} (${member.roleLabel})`, value: member.id }));
    assert.deepEqual(inputById(card, 'responsible').choices, expected);
    assert.deepEqual(inputById(card, 'sipCoordinator').choices, expected);
  });

  it('lets the follow-up date start tomorrow, across month and year ends', () => {
    const min = (today: string) => inputById(decisionFormCard({ ...decisionFormInput(), today }), 'followUpDate').min;
    assert.equal(min('2026-11-24'), '2026-11-25');
    assert.equal(min('2026-11-30'), '2026-12-01');
    assert.equal(min('2026-12-31'), '2027-01-01');
    assert.equal(min('2028-02-28'), '2028-02-29');
    assert.throws(() => decisionFormCard({ ...decisionFormInput(), today: '24/11/2026' }));
  });

  it('sends the decision to case.decide and goes back without the inputs', () => {
    assert.deepEqual(buttons(decisionFormCard(decisionFormInput())), [
      ['Spara beslut', 'case.decide', { ...MEETING, caseId: 'case-r2' }, 'auto'],
      ['Tillbaka', 'meeting.view', MEETING, 'none'],
    ]);
  });

  it('shows the case masked, with its agenda point', () => {
    const card = decisionFormCard({ ...decisionFormInput(), initials: 'Test Testsson', birthYear: 194201011234 });
    const text = textOf(card);
    assert.match(text, /Beslut för ärende SA-R2SK3/);
    assert.match(text, /T\.T\. \(–\) · 2\. Identifierade riskindivider/);
    assert.ok(!JSON.stringify(card).includes('Testsson'));
  });

  it('keeps what was typed and puts each message under its input', () => {
    const card = decisionFormCard({
      ...decisionFormInput(),
      values: {
        actions: 'Hembesök av sjuksköterska.',
        responsible: '29:1a2b3c-omar',
        followUpDate: '2026-12-08',
        sipNeeded: 'true',
        sipCoordinator: '29:1a2b3c-cia',
        escalate: 'true',
        escalationReason: '',
      },
      issues: { escalationReason: DECISION_TEXTS.escalationReasonRequired, responsible: 'Personen finns inte i mötets deltagarlista.' },
    });
    assert.equal(inputById(card, 'actions').value, 'Hembesök av sjuksköterska.');
    assert.equal(inputById(card, 'responsible').value, '29:1a2b3c-omar');
    assert.equal(inputById(card, 'followUpDate').value, '2026-12-08');
    assert.equal(inputById(card, 'sipNeeded').value, 'true');
    assert.equal(inputById(card, 'sipCoordinator').value, '29:1a2b3c-cia');
    assert.equal(inputById(card, 'escalate').value, 'true');
    assert.equal(elementAfter(card, 'escalationReason')?.text, 'Skriv varför ärendet eskaleras.');
    assert.equal(elementAfter(card, 'escalationReason')?.color, 'attention');
    assert.equal(elementAfter(card, 'responsible')?.text, 'Personen finns inte i mötets deltagarlista.');
    assert.match(textOf(card), /Kontrollera de markerade fälten/);
  });

  it('starts empty, with both toggles off, and without messages', () => {
    const card = decisionFormCard(decisionFormInput());
    assert.equal(inputById(card, 'actions').value, undefined);
    assert.equal(inputById(card, 'responsible').value, undefined);
    assert.equal(inputById(card, 'sipNeeded').value, 'false');
    assert.equal(inputById(card, 'escalate').value, 'false');
    assert.ok(!ofType(card, 'TextBlock').some((block) => block.color === 'attention'));
  });
});

describe('cards/meetingRunCards meetingSummaryCard', () => {
  type Entity = { type: string; text: string; mentioned: { id: string; name: string } };
  const entities = (card: AdaptiveCard): Entity[] => (card.msteams as { entities?: Entity[] } | undefined)?.entities ?? [];
  const line = (reference: string, overrides: Partial<SummaryCaseLine> = {}): SummaryCaseLine => ({
    reference,
    initials: 'A.E.',
    birthYear: 1942,
    agendaLabel: '3. Vid behov – avstämning av pågående ärenden',
    responsible: { id: '29:omar', name: 'Omar Hassan' },
    followUpLabel: null,
    sipCoordinator: null,
    escalated: false,
    ...overrides,
  });

  it('lists each decision masked, with responsible, follow-up, SIP coordinator and escalation', () => {
    const card = meetingSummaryCard(summaryInput());
    const texts = ofType(card, 'TextBlock').map((block) => String(block.text));
    for (const expected of [
      'Mötesledare: <at>Åsa Öberg</at>',
      'Beslut (2 ärenden)',
      'SA-R1SK2 · A.E. (1942) · 2. Identifierade riskindivider – åtgärder, ansvarig och uppföljningsdatum',
      'Ansvarig: <at>Omar Hassan</at> · uppföljning tisdag 8 december 2026 · SIP-samordnare: <at>Cia Lind</at>',
      'SA-UT5K1 · E.F. (1931) · 5. Patienter i behov av samordning vid utskrivning',
      'Ansvarig: <at>Åsa Öberg</at> · ingen uppföljning – ärendet avslutas',
      'Flyttas till nästa möte (tisdag 1 december 2026 kl. 13:00):',
      'SA-R2SK3 · B.N. (1938)',
      'SA-F0LL1 · C.D. (1950)',
      'Varje ansvarig får en kvittens att bekräfta.',
    ]) {
      assert.ok(texts.includes(expected), expected);
    }
    const escalated = ofType(card, 'TextBlock').filter((block) => block.text === 'Eskalerat till chef/MLA/MAS/MAR');
    assert.equal(escalated.length, 1, 'only the escalated case is marked');
    assert.equal(escalated[0]!.color, 'attention');
    assert.match(textOf(card), /Visa besluten/);
    const [open] = ofType(card, 'Action.Execute');
    assert.deepEqual([open?.verb, open?.data], ['meeting.decisions', { meetingId: 'meeting-1', meetingDate: '2026-11-24' }], 'the decisions open privately from the summary');
  });

  it('mentions leader, responsible people and SIP coordinators once each, matching the texts', () => {
    const card = meetingSummaryCard(summaryInput());
    assert.deepEqual(
      entities(card).map((entity) => [entity.text, entity.mentioned.id, entity.mentioned.name]),
      [
        ['<at>Åsa Öberg</at>', '29:1a2b3c-asa', 'Åsa Öberg'],
        ['<at>Omar Hassan</at>', '29:1a2b3c-omar', 'Omar Hassan'],
        ['<at>Cia Lind</at>', '29:1a2b3c-cia', 'Cia Lind'],
      ],
    );
    const shown = ofType(card, 'TextBlock').flatMap((block) => String(block.text).match(/<at>[^<>]*<\/at>/g) ?? []);
    assert.deepEqual(new Set(shown), new Set(entities(card).map((entity) => entity.text)));
  });

  it('has no field for the free-text actions, and shows none passed along', () => {
    const decided = summaryInput().decided[0]!;
    assert.deepEqual(Object.keys(decided).sort(), [
      'agendaLabel', 'birthYear', 'escalated', 'followUpLabel', 'initials', 'reference', 'responsible', 'sipCoordinator',
    ]);
    // The type has no room for them either (tsc checks the tests).
    const typed: SummaryCaseLine = {
      ...decided,
      // @ts-expect-error the decided actions are free text and are not part of the summary
      actions: 'x',
    };
    assert.ok(typed);
    const secret = 'Hembesök, ökad dos furosemid';
    const card = meetingSummaryCard({
      ...summaryInput(),
      decided: [{ ...decided, actions: secret, escalationReason: secret, patientName: 'Test Testsson' } as SummaryCaseLine],
    });
    assert.ok(!JSON.stringify(card).includes(secret));
    assert.ok(!JSON.stringify(card).includes('Testsson'));
  });

  it('masks identities passed by mistake', () => {
    const card = meetingSummaryCard({
      ...summaryInput(),
      decided: [line('SA-1', { initials: 'Test Testsson', birthYear: 194201011234 })],
      carriedOver: [{ reference: 'SA-2', initials: 'Test Testsson', birthYear: 194201011234 }],
    });
    const json = JSON.stringify(card);
    assert.ok(!json.includes('Testsson') && !json.includes('194201011234'));
    const texts = ofType(card, 'TextBlock').map((block) => String(block.text));
    assert.ok(texts.includes('SA-1 · T.T. (–) · 3. Vid behov – avstämning av pågående ärenden'));
    assert.ok(texts.includes('SA-2 · T.T. (–)'));
  });

  it('says when nothing was decided and nothing moves on, without a leader or mentions', () => {
    const card = meetingSummaryCard({ ...summaryInput(), leader: null, decided: [], carriedOver: [] });
    const text = textOf(card);
    assert.match(text, /Inga beslut fattades på mötet\./);
    assert.match(text, /Mötesledare: ej utsedd ännu/);
    assert.doesNotMatch(text, /Flyttas till nästa möte|kvittens|<at>/);
    assert.equal(card.msteams, undefined);
    assert.equal(ofType(card, 'Action.Execute').length, 0);
  });

  it('stays under 80 KB for a very long meeting, saying how many more there are', () => {
    const many = Array.from({ length: 200 }, (_, index) =>
      line(`SA-${String(index).padStart(5, '0')}`, {
        responsible: { id: `29:r${index}`, name: `Person Med Ett Långt Namn ${index}` },
        sipCoordinator: { id: `29:s${index}`, name: `Samordnare ${index}` },
        followUpLabel: 'tisdag 8 december 2026',
        escalated: true,
      }),
    );
    const card = meetingSummaryCard({
      ...summaryInput(),
      decided: many,
      carriedOver: many.map(({ reference, initials, birthYear }) => ({ reference, initials, birthYear })),
    });
    assert.ok(byteSize(card) < 80 * 1024, `${byteSize(card)} bytes`);
    assert.match(textOf(card), new RegExp(`… och ${200 - MAX_SUMMARY_CASES} ärenden till`));
    assert.match(textOf(card), /Beslut \(200 ärenden\)/);
    // Mentions only for people whose lines are shown.
    assert.equal(entities(card).length, 1 + 2 * MAX_SUMMARY_CASES);
  });
});

describe('cards/texts.sv meeting run texts', () => {
  it('words the decision line, the step and the counts', () => {
    assert.equal(RUN_TEXTS.decisionLine('Omar Hassan', 'tisdag 8 december 2026', false, false), 'Ansvarig: Omar Hassan · uppföljning tisdag 8 december 2026');
    assert.equal(RUN_TEXTS.decisionLine('Omar Hassan', null, true, true), 'Ansvarig: Omar Hassan · avslutas · SIP · eskalerat');
    assert.equal(meetingStepLine(4), 'Punkt 4 av 6: Individer i behov av SIP – utse samordnare');
    assert.equal(decidedCountLine(2, 5), '2 av 5 ärenden har beslut');
    assert.equal(
      RUN_TEXTS.endedSummary(1, 2, 'tisdag 1 december 2026 kl. 13:00'),
      '1 ärende har beslut. 2 ärenden flyttas till nästa möte, tisdag 1 december 2026 kl. 13:00. Sammanfattningen är skickad till kanalen.',
    );
    assert.equal(RUN_TEXTS.endedSummary(0, 0, 'x'), '0 ärenden har beslut. Sammanfattningen är skickad till kanalen.');
  });
});

describe('cards/meetingRunCards late cases', () => {
  const late = [{ caseId: 'late-1', reference: 'SA-LATE1', initials: 'B.C.', birthYear: 1950, urgencyLabel: 'Skyndsamt' }];

  it('offers the leader to take up a late case at point 1, masked', () => {
    const card = leaderViewCard({ ...leaderViewInput(1), lateCases: late });
    assert.match(textOf(card), /Sent inkomna ärenden/);
    assert.match(textOf(card), /SA-LATE1 · B\.C\. \(1950\) · Skyndsamt/);
    const accept = ofType(card, 'Action.Execute').filter((button) => button.verb === 'case.accept');
    assert.deepEqual(accept.map((button) => (button.data as Node).caseId), ['late-1']);
  });

  it('shows them only at point 1', () => {
    const card = leaderViewCard({ ...leaderViewInput(2), lateCases: late });
    assert.doesNotMatch(textOf(card), /Sent inkomna/);
  });
});
