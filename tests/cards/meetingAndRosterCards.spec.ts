import { strict as assert } from 'node:assert';
import { MEETING_SETUP_FIELDS } from '../../services/meetings/meetingService';
import { ROLES } from '../../services/domain/codes';
import { meetingSavedCard, meetingSetupFormCard } from '../../cards/meetingCards';
import { rosterJoinedCard, rosterJoinFormCard } from '../../cards/rosterCards';
import { issueText, ROLE_LABELS } from '../../cards/texts.sv';
import { helpCard, welcomeCard } from '../../cards/welcomeCards';
import { elementAfter, inputById, inputs, ofType, textOf } from './cardWalk';

const verbs = (card: ReturnType<typeof helpCard>) => ofType(card, 'Action.Execute').map((action) => action.verb);

describe('cards/welcomeCards', () => {
  it('welcomes with what Samordna does and the five ways in', () => {
    const card = welcomeCard({ meeting: null });
    assert.deepEqual(verbs(card), ['meeting.form', 'roster.form', 'case.form', 'my.cases', 'help']);
    assert.deepEqual(
      ofType(card, 'Action.Execute').map((action) => action.title),
      ['Ställ in mötet', 'Gå med i deltagarlistan', 'Anmäl ärende (SBAR)', 'Mina ärenden', 'Hjälp'],
    );
    const text = textOf(card);
    assert.match(text, /samtycke/);
    assert.match(text, /12:00/);
    assert.match(text, /initialer och födelseår/);
    assert.match(text, /inte inställt ännu/);
  });

  it('shows the meeting when there is one', () => {
    const text = textOf(welcomeCard({ meeting: { area: 'Norsjö', scheduleLabel: 'varje tisdag kl. 13:00–14:00' } }));
    assert.match(text, /Norsjö/);
    assert.match(text, /varje tisdag kl\. 13:00–14:00/);
    assert.doesNotMatch(text, /inte inställt ännu/);
  });

  it('helps with setup, roster, cases, withdrawal, kvittens, Mina ärenden and @Samordna hjälp', () => {
    const card = helpCard();
    assert.deepEqual(verbs(card), ['meeting.form', 'roster.form', 'case.form', 'my.cases', 'help']);
    const text = textOf(card);
    for (const phrase of [/deltagarlistan/, /samtycke/, /dagen före mötet/, /Återkalla/, /kvitteras senast kl\. 12:00/, /@Samordna mina/, /@Samordna hjälp/]) {
      assert.match(text, phrase);
    }
  });
});

describe('cards/meetingCards meetingSetupFormCard', () => {
  it('has the contract inputs, the Swedish weekdays and submits meeting.setup', () => {
    const card = meetingSetupFormCard({ values: {}, issues: {} });
    // Exactly the fields meeting.setup reads, in the form's order.
    assert.deepEqual(inputs(card).map((input) => input.id), [...MEETING_SETUP_FIELDS]);
    assert.equal(inputById(card, 'paymentDaysFromNoon').value, 4);
    assert.equal(inputById(card, 'area').label, 'Område');
    assert.equal(inputById(card, 'time').type, 'Input.Time');
    assert.equal(inputById(card, 'durationMinutes').type, 'Input.Number');
    assert.equal(inputById(card, 'cutoffTime').value, '23:59');
    assert.deepEqual(inputById(card, 'weekday').choices, [
      { title: 'Måndag', value: '1' },
      { title: 'Tisdag', value: '2' },
      { title: 'Onsdag', value: '3' },
      { title: 'Torsdag', value: '4' },
      { title: 'Fredag', value: '5' },
      { title: 'Lördag', value: '6' },
      { title: 'Söndag', value: '7' },
    ]);
    const [submit] = ofType(card, 'Action.Execute');
    assert.equal(submit!.verb, 'meeting.setup');
    assert.equal(submit!.associatedInputs, 'auto');
  });

  it('keeps the values and puts each issue under its input', () => {
    const issues = { area: issueText('too_long', { max: 100 }), durationMinutes: issueText('out_of_range', { min: 15, max: 480 }) };
    const card = meetingSetupFormCard({
      values: { area: 'Skellefteå centrum', weekday: '3', time: '09:30', durationMinutes: '90', cutoffTime: '16:00' },
      issues,
    });
    assert.equal(inputById(card, 'area').value, 'Skellefteå centrum');
    assert.equal(inputById(card, 'weekday').value, '3');
    assert.equal(inputById(card, 'time').value, '09:30');
    assert.equal(inputById(card, 'durationMinutes').value, 90);
    assert.equal(inputById(card, 'cutoffTime').value, '16:00');
    assert.equal(elementAfter(card, 'area')?.text, issues.area);
    assert.equal(elementAfter(card, 'durationMinutes')?.text, issues.durationMinutes);
    assert.equal(elementAfter(card, 'durationMinutes')?.color, 'attention');
    assert.notEqual(elementAfter(card, 'time')?.color, 'attention');
    assert.match(JSON.stringify(card.body[1]), /Kontrollera de markerade fälten/);
  });

  it('has the further settings under "Fler inställningar", with the routines\' defaults', () => {
    const card = meetingSetupFormCard({ values: {}, issues: {} });
    const headingIndex = card.body.findIndex((element) => element.text === 'Fler inställningar');
    assert.ok(headingIndex > card.body.findIndex((element) => element.id === 'cutoffTime'));
    assert.ok(headingIndex < card.body.findIndex((element) => element.id === 'agendaTime'));
    for (const [id, label, value] of [
      ['agendaTime', 'Dagordningen skickas kl.', '07:00'],
      ['reminderTime', 'Påminnelse dagen före kl.', '09:00'],
      ['ackReminderTime', 'Påminnelse om kvittens kl.', '10:00'],
      ['ackDueTime', 'Kvittens senast kl.', '12:00'],
      ['ackNoticeCutoff', 'Meddelanden före denna tid ska kvitteras samma dag', '08:00'],
    ] as const) {
      const input = inputById(card, id);
      assert.equal(input.type, 'Input.Time', id);
      assert.equal(input.label, label, id);
      assert.equal(input.value, value, id);
      assert.notEqual(input.isRequired, true, id);
    }
    const policy = inputById(card, 'holidayPolicy');
    assert.equal(policy.type, 'Input.ChoiceSet');
    assert.equal(policy.value, 'move');
    assert.deepEqual(policy.choices, [
      { title: 'Flytta till nästa vardag', value: 'move' },
      { title: 'Ställ in mötet den veckan', value: 'skip' },
    ]);
  });

  it('keeps values and shows issues for the further settings like for the others', () => {
    const card = meetingSetupFormCard({
      values: { agendaTime: '06:30', ackDueTime: '11:00', ackNoticeCutoff: '13:00', holidayPolicy: 'skip', reminderTime: 'nio' },
      issues: { ackNoticeCutoff: issueText('out_of_range'), reminderTime: issueText('invalid_time') },
    });
    assert.equal(inputById(card, 'agendaTime').value, '06:30');
    assert.equal(inputById(card, 'ackDueTime').value, '11:00');
    assert.equal(inputById(card, 'ackNoticeCutoff').value, '13:00');
    assert.equal(inputById(card, 'holidayPolicy').value, 'skip');
    assert.equal(inputById(card, 'reminderTime').value, undefined, 'no default in place of what was typed');
    assert.equal(inputById(card, 'ackReminderTime').value, '10:00');
    assert.equal(elementAfter(card, 'ackNoticeCutoff')?.text, issueText('out_of_range'));
    assert.equal(elementAfter(card, 'reminderTime')?.text, issueText('invalid_time'));
    assert.match(JSON.stringify(card.body[1]), /Påminnelse dagen före kl\./);
  });

  it('does not offer a holiday policy the contract does not know', () => {
    const card = meetingSetupFormCard({ values: { holidayPolicy: 'flytta' }, issues: {} });
    assert.equal(inputById(card, 'holidayPolicy').value, undefined);
  });

  it('does not show the default length in place of a length that was not a number', () => {
    const card = meetingSetupFormCard({ values: { durationMinutes: 'en timme' }, issues: { durationMinutes: issueText('invalid_number') } });
    assert.equal(inputById(card, 'durationMinutes').value, undefined);
  });
});

describe('cards/meetingCards meetingSavedCard', () => {
  it('confirms the meeting and leads on to the roster and the form', () => {
    const card = meetingSavedCard({
      area: 'Norsjö',
      scheduleLabel: 'varje tisdag kl. 13:00–14:00',
      cutoffLabel: 'måndag kl. 23:59, dagen före mötet',
      nextMeetingLabel: 'tisdag 24 november 2026 kl. 13:00',
    });
    const text = textOf(card);
    for (const part of ['Norsjö', 'varje tisdag kl. 13:00–14:00', 'måndag kl. 23:59, dagen före mötet', 'tisdag 24 november 2026 kl. 13:00']) {
      assert.ok(text.includes(part), part);
    }
    assert.deepEqual(verbs(card), ['roster.form', 'case.form']);
  });
});

describe('cards/rosterCards', () => {
  it('asks for role and organisation and submits roster.join', () => {
    const card = rosterJoinFormCard({ area: 'Norsjö', values: {}, issues: {} });
    assert.deepEqual(inputs(card).map((input) => input.id), ['role', 'organization']);
    assert.deepEqual(
      (inputById(card, 'role').choices as { title: string; value: string }[]),
      ROLES.map((role) => ({ title: ROLE_LABELS[role], value: role })),
    );
    assert.equal(inputById(card, 'organization').label, 'Verksamhet/enhet');
    const [submit] = ofType(card, 'Action.Execute');
    assert.equal(submit!.verb, 'roster.join');
    assert.deepEqual(submit!.data, {});
    assert.match(textOf(card), /Norsjö/);
  });

  it('keeps values, shows issues and carries the meeting id when given', () => {
    const card = rosterJoinFormCard({
      meetingId: 'meeting-1',
      area: 'Norsjö',
      values: { role: 'physician', organization: 'Hälsocentralen Norsjö' },
      issues: { organization: issueText('too_long', { max: 200 }) },
    });
    assert.equal(inputById(card, 'role').value, 'physician');
    assert.equal(inputById(card, 'organization').value, 'Hälsocentralen Norsjö');
    assert.equal(elementAfter(card, 'organization')?.text, issueText('too_long', { max: 200 }));
    assert.deepEqual(ofType(card, 'Action.Execute')[0]!.data, { meetingId: 'meeting-1' });
  });

  it('confirms the membership and leads on to the form', () => {
    const card = rosterJoinedCard({
      meetingId: 'meeting-1',
      name: 'Åsa Öberg',
      roleLabel: 'Socialsekreterare',
      organization: 'Socialtjänsten Norsjö',
      area: 'Norsjö',
    });
    const text = textOf(card);
    for (const part of ['Åsa Öberg', 'Socialsekreterare', 'Socialtjänsten Norsjö', 'Norsjö']) assert.ok(text.includes(part), part);
    const [next] = ofType(card, 'Action.Execute');
    assert.equal(next!.verb, 'case.form');
    assert.deepEqual(next!.data, { meetingId: 'meeting-1' });
  });
});
