import assert from 'node:assert/strict';
import { parseIdentityNumber } from '../../services/cases/identityNumber';
import { withCheckDigit } from '../support/identityNumbers';

const today = '2026-11-22';

describe('personnummer and samordningsnummer', () => {
  it('accepts the 12-digit form with or without a separator and stores 12 digits', () => {
    for (const input of ['19121212-1212', '191212121212', '19121212+1212', ' 19121212 1212 ']) {
      const result = parseIdentityNumber(input, today);
      assert.ok(result.ok, input);
      assert.equal(result.value.normalized, '191212121212');
    }
  });

  it('resolves the century of a 10-digit number from "today", with + meaning 100 or older', () => {
    const young = parseIdentityNumber('121212-1212', today);
    assert.ok(young.ok);
    assert.equal(young.value.normalized, '201212121212');
    const old = parseIdentityNumber('121212+1212', today);
    assert.ok(old.ok);
    assert.equal(old.value.normalized, '191212121212');
    // Born on 1926-12-31 is still under 100 on 2026-11-22, so '-' means 1926, not 2026.
    const tail = withCheckDigit('261231123').slice(6);
    const lateBirthday = parseIdentityNumber(`261231-${tail}`, today);
    assert.ok(lateBirthday.ok);
    assert.equal(lateBirthday.value.normalized.slice(0, 4), '1926');
  });

  it('accepts a samordningsnummer (day + 60) and reports its real birth date', () => {
    const result = parseIdentityNumber('701063-2391', today);
    assert.ok(result.ok);
    assert.equal(result.value.normalized, '197010632391');
    assert.equal(result.value.birthDate, '1970-10-03');
    assert.equal(result.value.coordinationNumber, true);
  });

  it('rejects a wrong check digit, an impossible date and garbage', () => {
    for (const input of ['19121212-1213', '19121332-1212', '1212121212121', 'abc', '', '19121212-12']) {
      const result = parseIdentityNumber(input, today);
      assert.deepEqual(result, { ok: false, code: 'invalid_personnummer' }, input);
    }
  });

  it('rejects a birth date in the future', () => {
    const future = `2027${withCheckDigit('270115123').slice(2, 6)}${withCheckDigit('270115123').slice(6)}`;
    assert.deepEqual(parseIdentityNumber(future, today), { ok: false, code: 'future_birth_date' });
    const tomorrow = withCheckDigit('261123123');
    assert.deepEqual(parseIdentityNumber(`20${tomorrow}`, today), { ok: false, code: 'future_birth_date' });
    const todayBorn = withCheckDigit('261122123');
    assert.ok(parseIdentityNumber(`20${todayBorn}`, today).ok);
  });
});
