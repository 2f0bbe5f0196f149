import assert from 'node:assert/strict';
import { parseDischargeInstant, validateSbar } from '../../services/cases/sbarInput';
import { validSbar } from '../support/sbarFixtures';

const now = new Date('2026-11-22T10:00:00Z');
const today = '2026-11-22';
const issuesOf = (data: Record<string, unknown>) => {
  const result = validateSbar(data, now, today);
  assert.equal(result.ok, false, 'expected the form to be refused');
  return result.ok ? [] : result.issues;
};

describe('SBAR form validation', () => {
  it('accepts a complete form and normalises it', () => {
    const result = validateSbar(validSbar(), now, today);
    assert.ok(result.ok);
    assert.equal(result.value.sensitive.personnummer, '191212121212');
    assert.deepEqual(result.value.riskGroups, ['frequent_visitor', 'frail_elderly']);
    assert.deepEqual(result.value.recipients, ['home_health_nurse', 'home_care']);
    assert.equal(result.value.cfs, 6);
    assert.equal(result.value.medicationListCurrent, true);
    assert.equal(result.value.sampleReferral, false);
    assert.equal(result.value.transferDate, '2026-11-20');
  });

  it('refuses without consent and says so separately', () => {
    for (const consent of ['false', '', undefined, 'yes', true]) {
      const result = validateSbar(validSbar({ consent }), now, today);
      assert.ok(!result.ok);
      assert.equal(result.consentMissing, true, String(consent));
    }
  });

  it('requires S, B, A and R and caps them at 2,000 characters', () => {
    for (const field of ['situation', 'background', 'assessment', 'recommendation']) {
      assert.deepEqual(issuesOf(validSbar({ [field]: '   ' })), [{ field, code: 'required' }]);
      assert.deepEqual(issuesOf(validSbar({ [field]: 'x'.repeat(2001) })), [{ field, code: 'too_long', params: { max: 2000 } }]);
      assert.ok(validateSbar(validSbar({ [field]: 'x'.repeat(2000) }), now, today).ok);
    }
  });

  it('checks enums, code lists and CFS', () => {
    assert.deepEqual(issuesOf(validSbar({ urgency: 'asap' })), [{ field: 'urgency', code: 'required' }]);
    assert.deepEqual(issuesOf(validSbar({ agendaItem: 'summary' })), [{ field: 'agendaItem', code: 'required' }]);
    assert.deepEqual(issuesOf(validSbar({ recipients: 'home_care,doctor' })), [{ field: 'recipients', code: 'invalid_choice' }]);
    assert.deepEqual(issuesOf(validSbar({ riskGroups: 'lonely' })), [{ field: 'riskGroups', code: 'invalid_choice' }]);
    assert.deepEqual(issuesOf(validSbar({ cfs: '10' })), [{ field: 'cfs', code: 'out_of_range' }]);
    assert.deepEqual(issuesOf(validSbar({ cfs: '3.5' })), [{ field: 'cfs', code: 'invalid_number' }]);
    assert.deepEqual(issuesOf(validSbar({ medicationListCurrent: 'ja' })), [{ field: 'medicationListCurrent', code: 'invalid_choice' }]);
  });

  it('checks dates: transfer date valid and not ahead, discharge time required for discharge cases', () => {
    assert.deepEqual(issuesOf(validSbar({ transferDate: '2026-02-30' })), [{ field: 'transferDate', code: 'invalid_date' }]);
    assert.deepEqual(issuesOf(validSbar({ transferDate: '2026-11-23' })), [{ field: 'transferDate', code: 'invalid_date' }]);
    assert.deepEqual(issuesOf(validSbar({ agendaItem: 'discharge' })), [{ field: 'readyForDischargeAt', code: 'required' }]);
    assert.deepEqual(issuesOf(validSbar({ agendaItem: 'discharge', readyForDischargeAt: 'i morgon' })), [
      { field: 'readyForDischargeAt', code: 'invalid_instant' },
    ]);
    const discharge = validateSbar(validSbar({ agendaItem: 'discharge', readyForDischargeAt: '2026-11-21 11:59' }), now, today);
    assert.ok(discharge.ok);
    assert.equal(discharge.value.readyForDischargeAt?.toISOString(), '2026-11-21T10:59:00.000Z');
  });

  it('names every problem at once and keeps what was typed', () => {
    const result = validateSbar(validSbar({ personnummer: '19121212-1213', situation: '', cfs: 'x' }), now, today);
    assert.ok(!result.ok);
    assert.deepEqual(result.issues.map((issue) => issue.field).sort(), ['cfs', 'personnummer', 'situation']);
    assert.equal(result.values.personnummer, '19121212-1213');
    assert.equal(result.values.patientName, 'Astrid Lindqvist');
  });

  it('treats non-string values as missing instead of crashing', () => {
    const result = validateSbar(validSbar({ patientName: { $gt: '' }, situation: ['a'], cfs: 7 }), now, today);
    assert.ok(!result.ok);
    assert.deepEqual(result.issues.map((issue) => issue.field).sort(), ['patientName', 'situation']);
  });

  it('parses ISO instants and local "YYYY-MM-DD HH:MM" times for discharge', () => {
    assert.equal(parseDischargeInstant('2026-07-01 12:00')?.toISOString(), '2026-07-01T10:00:00.000Z');
    assert.equal(parseDischargeInstant('2026-07-01T12:00:00+02:00')?.toISOString(), '2026-07-01T10:00:00.000Z');
    assert.equal(parseDischargeInstant('2026-07-01'), null);
    assert.equal(parseDischargeInstant('2026-02-30 10:00'), null);
  });
});
