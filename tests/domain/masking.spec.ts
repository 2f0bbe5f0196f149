import assert from 'node:assert/strict';
import { birthYearOf, initialsOf } from '../../services/domain/masking';

describe('masked identity', () => {
  it('shows initials of the first and last name only', () => {
    assert.equal(initialsOf('Astrid Lindqvist'), 'A.L.');
    assert.equal(initialsOf('Anna-Karin af Ekström'), 'A.E.');
    assert.equal(initialsOf('  åke   öberg '), 'Å.Ö.');
    assert.equal(initialsOf('Cher'), 'C.');
    assert.equal(initialsOf('Per Olof Eriksson'), 'P.E.');
  });

  it('takes the birth year from the 12-digit number', () => {
    assert.equal(birthYearOf('191212121212'), 1912);
  });
});
