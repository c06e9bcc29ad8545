import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../src/platform/crypto.js';
import { pickLang } from '../../src/platform/i18n.js';

describe('createFieldCipher (AES-256-GCM)', () => {
  const cipher = createFieldCipher(randomBytes(32));

  it.each(['', 'hola', 'Lesión de rodilla — 膝の怪我 🦵', 'x'.repeat(100_000)])('round-trips %#', (plain) => {
    const sealed = cipher.encrypt(plain, 'screening:1');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(sealed).not.toContain(plain || '\u0000');
    expect(cipher.decrypt(sealed, 'screening:1')).toBe(plain);
  });

  it('round-trips without aad', () => {
    expect(cipher.decrypt(cipher.encrypt('no aad'))).toBe('no aad');
  });

  it('uses a fresh IV every time', () => {
    const sealed = Array.from({ length: 50 }, () => cipher.encrypt('same text', 'row:1'));
    expect(new Set(sealed).size).toBe(50);
    const ivs = sealed.map((s) => Buffer.from(s.slice(3), 'base64url').subarray(0, 12).toString('hex'));
    expect(new Set(ivs).size).toBe(50);
    for (const s of sealed) expect(cipher.decrypt(s, 'row:1')).toBe('same text');
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const sealed = cipher.encrypt('secret diagnosis', 'row:7');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    for (const at of [0, 12, 28, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[at] = bad[at]! ^ 0x01;
      expect(() => cipher.decrypt('v1:' + bad.toString('base64url'), 'row:7')).toThrow();
    }
    // Truncated.
    expect(() =>
      cipher.decrypt('v1:' + raw.subarray(0, raw.length - 1).toString('base64url'), 'row:7'),
    ).toThrow();
    expect(() => cipher.decrypt('v1:', 'row:7')).toThrow();
  });

  it('refuses the wrong aad (a value copied to another row)', () => {
    const sealed = cipher.encrypt('secret', 'screening:1');
    expect(() => cipher.decrypt(sealed, 'screening:2')).toThrow();
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('refuses another key', () => {
    const sealed = cipher.encrypt('secret', 'a');
    expect(() => createFieldCipher(randomBytes(32)).decrypt(sealed, 'a')).toThrow();
  });

  it('refuses an unknown version prefix', () => {
    const sealed = cipher.encrypt('secret');
    expect(() => cipher.decrypt('v2:' + sealed.slice(3))).toThrow(/version/);
    expect(() => cipher.decrypt('plain text')).toThrow(/version/);
  });

  it.each([0, 16, 31, 33, 64])('refuses a key of %i bytes', (n) => {
    expect(() => createFieldCipher(randomBytes(n))).toThrow(/32 bytes/);
  });
});

describe('pickLang', () => {
  it.each([
    ['es-ES,es;q=0.9', 'es'],
    ['es', 'es'],
    ['ES-mx', 'es'],
    ['en-US', 'en'],
    ['en-US,en;q=0.9,es;q=0.8', 'en'],
    ['fr, es;q=0.5', 'es'],
    ['fr-CA, de;q=0.9', 'en'],
    ['en;q=0.4, es;q=0.6', 'es'],
    ['es;q=0, en', 'en'],
    ['es;q=0', 'en'],
    ['es;q=0.0, fr', 'en'],
    ['*', 'en'],
    ['', 'en'],
    [' , ;q=1', 'en'],
    ['es; q=0.8, en;q=0.7', 'es'],
  ])('%j → %s', (header, lang) => {
    expect(pickLang(header)).toBe(lang);
  });

  it('falls back to English without a header', () => {
    expect(pickLang(undefined)).toBe('en');
  });
});
