import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Keyring } from '../../services/crypto/keyring';

describe('keyring (AES-256-GCM)', () => {
  const keyring = new Keyring(randomBytes(32));

  it('seals and opens text, with a fresh IV every time', () => {
    const a = keyring.seal('Astrid Lindqvist 191212121212');
    const b = keyring.seal('Astrid Lindqvist 191212121212');
    assert.notEqual(a.iv, b.iv);
    assert.notEqual(a.data, b.data);
    assert.ok(!JSON.stringify(a).includes('Astrid'));
    assert.equal(keyring.open(a), 'Astrid Lindqvist 191212121212');
  });

  it('detects tampering', () => {
    const sealed = keyring.seal('hemligt');
    const flipped = Buffer.from(sealed.data, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    assert.throws(() => keyring.open({ ...sealed, data: flipped.toString('base64') }));
  });

  it('reads values sealed with a previous key and refuses unknown keys', () => {
    const oldKey = randomBytes(32);
    const sealedWithOld = new Keyring(oldKey).seal('gammalt');
    assert.equal(new Keyring(randomBytes(32), [oldKey]).open(sealedWithOld), 'gammalt');
    assert.throws(() => new Keyring(randomBytes(32)).open(sealedWithOld), /no encryption key/);
  });

  it('derives a stable subject key that hides the personnummer', () => {
    const key = randomBytes(32);
    assert.equal(new Keyring(key).subjectKey('191212121212'), new Keyring(key).subjectKey('191212121212'));
    assert.notEqual(new Keyring(key).subjectKey('191212121212'), new Keyring(key).subjectKey('201212121212'));
    assert.ok(!new Keyring(key).subjectKey('191212121212').includes('1212121212'));
  });
});
