import { strict as assert } from 'node:assert';
import { AGENDA_ITEMS, RISK_GROUPS, ROLES, URGENCIES } from '../../services/domain/codes';
import {
  ackAlreadyConfirmed,
  ackStateText,
  agendaItemLabel,
  agendaPointLabel,
  caseCountLabel,
  formatInstant,
  HOLIDAY_POLICY_LABELS,
  JOB_TEXTS,
  leaderLine,
  MEETING_SETTING_LABELS,
  notYourAckRole,
  cutoffInstantLabel,
  cutoffLabel,
  formatLocalDate,
  formatMeetingTime,
  ISSUE_CODES,
  issueMessages,
  issueText,
  meetingTimeLabel,
  RISK_GROUP_LABELS,
  ROLE_LABELS,
  scheduleLabel,
  URGENCY_LABELS,
  weekdayName,
} from '../../cards/texts.sv';

describe('cards/texts.sv', () => {
  it('has a Swedish message for every issue code', () => {
    const seen = new Set<string>();
    for (const code of ISSUE_CODES) {
      const text = issueText(code, { min: 1, max: 9 });
      assert.ok(text.length > 10, code);
      assert.ok(!text.includes('undefined'), code);
      assert.ok(!seen.has(text), `${code} reuses another code's message`);
      seen.add(text);
    }
  });

  it('puts the parameters into the messages that have them', () => {
    assert.match(issueText('too_long', { max: 2000 }), /2000/);
    assert.ok(!/undefined/.test(issueText('too_long')));
    assert.match(issueText('out_of_range', { min: 15, max: 480 }), /mellan 15 och 480/);
    assert.match(issueText('out_of_range', { min: 15 }), /minst 15/);
    assert.match(issueText('out_of_range', { max: 480 }), /högst 480/);
    assert.ok(!/undefined/.test(issueText('out_of_range')));
  });

  it('maps services field issues to a field → message record, first issue per field', () => {
    assert.deepEqual(
      issueMessages([
        { field: 'situation', code: 'too_long', params: { max: 2000 } },
        { field: 'situation', code: 'required' },
        { field: 'consent', code: 'consent_required' },
      ]),
      { situation: issueText('too_long', { max: 2000 }), consent: issueText('consent_required') },
    );
  });

  it('names every role, urgency, agenda item and risk group', () => {
    for (const role of ROLES) assert.ok(ROLE_LABELS[role]);
    assert.equal(ROLE_LABELS.hc_nurse, 'Sjuksköterska/distriktssköterska, hälsocentral');
    assert.equal(ROLE_LABELS.manager, 'Chef / MLA / MAS / MAR');
    assert.deepEqual(
      URGENCIES.map((urgency) => URGENCY_LABELS[urgency]),
      ['Skyndsamt', 'Nästa dag', 'Nästa vardag', 'Vid behov'],
    );
    assert.deepEqual(AGENDA_ITEMS.map(agendaItemLabel), [
      '2. Identifierade riskindivider',
      '3. Avstämning av pågående ärenden',
      '4. Behov av SIP',
      '5. Samordning vid utskrivning',
    ]);
    for (const group of RISK_GROUPS) assert.ok(RISK_GROUP_LABELS[group]);
  });

  it('names the weekdays in Swedish, Monday first', () => {
    assert.deepEqual(
      ([1, 2, 3, 4, 5, 6, 7] as const).map(weekdayName),
      ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
    );
  });

  it('formats local dates and meeting times', () => {
    assert.equal(formatLocalDate('2026-11-24'), 'tisdag 24 november 2026');
    assert.equal(formatLocalDate('2026-03-29'), 'söndag 29 mars 2026'); // spring-forward Sunday
    assert.equal(formatLocalDate('2026-01-01'), 'torsdag 1 januari 2026');
    assert.equal(formatLocalDate('2028-02-29'), 'tisdag 29 februari 2028');
    assert.equal(formatMeetingTime('2026-11-24', '13:00'), 'tisdag 24 november 2026 kl. 13:00');
    assert.equal(meetingTimeLabel('2026-12-31', '08:30'), 'torsdag 31 december 2026 kl. 08:30');
    assert.equal(cutoffInstantLabel({ date: '2026-11-23', time: '23:59' }), 'måndag 23 november 2026 kl. 23:59');
  });

  it('refuses dates and times that do not exist', () => {
    assert.throws(() => formatLocalDate('2026-02-30'), RangeError);
    assert.throws(() => formatLocalDate('24/11/2026'), RangeError);
    assert.throws(() => formatMeetingTime('2026-11-24', '24:00'), RangeError);
    assert.throws(() => formatMeetingTime('2026-11-24', '9:00'), RangeError);
  });

  it('describes the weekly schedule and the cut-off rule', () => {
    assert.equal(scheduleLabel({ weekday: 2, time: '13:00', durationMinutes: 60 }), 'varje tisdag kl. 13:00–14:00');
    assert.equal(scheduleLabel({ weekday: 5, time: '23:30', durationMinutes: 45 }), 'varje fredag kl. 23:30–00:15');
    assert.equal(cutoffLabel({ weekday: 2, cutoffTime: '23:59' }), 'måndag kl. 23:59, dagen före mötet');
    assert.equal(cutoffLabel({ weekday: 1, cutoffTime: '16:00' }), 'söndag kl. 16:00, dagen före mötet');
  });

  it('formats stored instants as Stockholm wall-clock time, summer and winter', () => {
    assert.equal(formatInstant(new Date('2026-11-24T09:12:00Z')), 'tisdag 24 november 2026 kl. 10:12');
    assert.equal(formatInstant(new Date('2026-07-01T09:12:00Z')), 'onsdag 1 juli 2026 kl. 11:12');
    assert.equal(formatInstant(new Date('2026-12-31T23:30:00Z')), 'fredag 1 januari 2027 kl. 00:30');
  });

  it('names the six agenda points as the routine does', () => {
    assert.deepEqual(([1, 2, 3, 4, 5, 6] as const).map(agendaPointLabel), [
      '1. Kort genomgång av aktuellt läge i området',
      '2. Identifierade riskindivider – åtgärder, ansvarig och uppföljningsdatum',
      '3. Vid behov – avstämning av pågående ärenden',
      '4. Individer i behov av SIP – utse samordnare',
      '5. Patienter i behov av samordning vid utskrivning',
      '6. Sammanfattning',
    ]);
    assert.equal(leaderLine(null), 'Mötesledare: ej utsedd ännu');
    assert.equal(leaderLine('  '), 'Mötesledare: ej utsedd ännu');
    assert.equal(leaderLine('Åsa Öberg'), 'Mötesledare: Åsa Öberg');
  });

  it('counts cases in correct Swedish', () => {
    assert.deepEqual([0, 1, 2, 11].map(caseCountLabel), ['0 ärenden', '1 ärende', '2 ärenden', '11 ärenden']);
  });

  it('words each kvittens state and the refusals', () => {
    assert.equal(ackStateText('open', null, null), 'Väntar på kvittens');
    assert.equal(ackStateText('overdue', null, null), 'Ej kvitterad – försenad');
    assert.equal(ackStateText('confirmed', 'Bo Ek', 'idag kl. 09:12'), 'Kvitterad av Bo Ek idag kl. 09:12');
    assert.equal(ackStateText('confirmed_late', 'Bo Ek', 'idag kl. 12:40'), 'Kvitterad av Bo Ek idag kl. 12:40 – sen kvittens');
    assert.equal(ackStateText('confirmed', null, null), 'Kvitterad');
    assert.equal(ackAlreadyConfirmed('Bo Ek', 'idag kl. 09:12'), 'Redan kvitterat av Bo Ek idag kl. 09:12');
    assert.equal(ackAlreadyConfirmed('', ''), 'Redan kvitterat');
    assert.match(notYourAckRole('Socialsekreterare'), /^Du har inte den roll som ska kvittera\..*Socialsekreterare\.$/);
  });

  it('labels the further meeting settings and the holiday policies', () => {
    assert.equal(MEETING_SETTING_LABELS.heading, 'Fler inställningar');
    assert.deepEqual(HOLIDAY_POLICY_LABELS, { move: 'Flytta till nästa vardag', skip: 'Ställ in mötet den veckan' });
  });

  it('has job summaries that say nothing about the patient and nothing undefined', () => {
    const summaries = [
      JOB_TEXTS.agendaSummary('Norsjö', 'tisdag 24 november 2026 kl. 13:00'),
      JOB_TEXTS.submissionReminderSummary('måndag 23 november 2026 kl. 23:59'),
      JOB_TEXTS.ackReminderSummary(1),
      JOB_TEXTS.ackReminderSummary(3),
      JOB_TEXTS.escalationSummary(1),
      JOB_TEXTS.escalationSummary(2),
      JOB_TEXTS.caseEscalatedSummary('SA-K7QX4'),
      JOB_TEXTS.holidayMovedSummary('fredag 25 december 2026 kl. 13:00'),
      JOB_TEXTS.holidaySkippedSummary('fredag 25 december 2026 kl. 13:00'),
      JOB_TEXTS.followUpSummary('SA-K7QX4'),
      JOB_TEXTS.ackConfirmedSummary('SA-K7QX4'),
    ];
    for (const summary of summaries) assert.ok(!/undefined|null|NaN/.test(summary), summary);
    assert.equal(JOB_TEXTS.ackReminderSummary(1), 'Påminnelse: 1 ärende väntar på kvittens');
    assert.equal(JOB_TEXTS.escalationSummary(2), '2 ärenden har inte kvitterats i tid');
  });
});
