import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring, DecryptionError, keyId } from '../../src/platform/crypto/keyring.js';
import { pickLang } from '../../src/platform/i18n.js';

describe('keyring (AES-256-GCM)', () => {
  const kr = createKeyring(randomBytes(32));
  const parts = (s: string) => s.split(':') as [string, string, string, string];

  it.each(['', 'hola', 'Lesión de rodilla — 膝の怪我 🦵', 'x'.repeat(100_000)])('round-trips %#', (plain) => {
    const sealed = kr.seal(plain, 'screening.answers:1');
    expect(sealed.startsWith(`v1:${kr.currentKid}:`)).toBe(true);
    expect(kr.kidOf(sealed)).toBe(kr.currentKid);
    expect(sealed).not.toContain(plain || '\u0000');
    expect(kr.open(sealed, 'screening.answers:1')).toBe(plain);
  });

  it('uses a fresh 96-bit nonce every time', () => {
    const sealed = Array.from({ length: 50 }, () => kr.seal('same text', 'row:1'));
    expect(new Set(sealed).size).toBe(50);
    const nonces = sealed.map((s) => Buffer.from(parts(s)[2], 'base64url'));
    for (const n of nonces) expect(n).toHaveLength(12);
    expect(new Set(nonces.map((n) => n.toString('hex'))).size).toBe(50);
    for (const s of sealed) expect(kr.open(s, 'row:1')).toBe('same text');
  });

  it('refuses a tampered ciphertext, tag, nonce or header', () => {
    const sealed = kr.seal('secret diagnosis', 'row:7');
    const [v, kid, nonce, body] = parts(sealed);
    const raw = Buffer.from(body, 'base64url');
    for (const at of [0, raw.length - 17, raw.length - 16, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[at] = bad[at]! ^ 0x01;
      expect(() => kr.open(`${v}:${kid}:${nonce}:${bad.toString('base64url')}`, 'row:7')).toThrow(
        /does not authenticate/,
      );
    }
    const badNonce = Buffer.from(nonce, 'base64url');
    badNonce[0] = badNonce[0]! ^ 0x01;
    expect(() => kr.open(`${v}:${kid}:${badNonce.toString('base64url')}:${body}`, 'row:7')).toThrow(
      /does not authenticate/,
    );
    // Truncated (shorter than a tag) and other versions are not the sealed format at all.
    expect(() =>
      kr.open(`${v}:${kid}:${nonce}:${raw.subarray(0, 15).toString('base64url')}`, 'row:7'),
    ).toThrow(/not in the encrypted format/);
    expect(() => kr.open(`v2:${kid}:${nonce}:${body}`, 'row:7')).toThrow(/not in the encrypted format/);
    expect(() => kr.open('plain text', 'row:7')).toThrow(/not in the encrypted format/);
  });

  it('refuses another context (a value copied to another row or column)', () => {
    const sealed = kr.seal('secret', 'screening.answers:1');
    expect(() => kr.open(sealed, 'screening.answers:2')).toThrow(DecryptionError);
    expect(() => kr.open(sealed, 'screening.notes:1')).toThrow(/does not authenticate/);
  });

  it('opens values of previous keys and seals with the current one', () => {
    const oldKey = randomBytes(32);
    const old = createKeyring(oldKey);
    const sealed = old.seal('secret', 'a');
    const rotated = createKeyring(randomBytes(32), [oldKey]);
    expect(rotated.kids).toEqual([rotated.currentKid, old.currentKid]);
    expect(rotated.open(sealed, 'a')).toBe('secret');
    expect(rotated.kidOf(rotated.seal('secret', 'a'))).toBe(rotated.currentKid);
    const without = createKeyring(randomBytes(32));
    expect(() => without.open(sealed, 'a')).toThrow(new RegExp(`key id ${old.currentKid}`));
  });

  it('derives distinct key ids from keys', () => {
    const a = randomBytes(32);
    expect(keyId(a)).toMatch(/^[0-9a-f]{12}$/);
    expect(keyId(a)).toBe(keyId(Buffer.from(a)));
    expect(keyId(randomBytes(32))).not.toBe(keyId(a));
  });

  it.each([0, 16, 31, 33, 64])('refuses a key of %i bytes', (n) => {
    expect(() => createKeyring(randomBytes(n))).toThrow(/32 bytes/);
    expect(() => createKeyring(randomBytes(32), [randomBytes(n)])).toThrow(/32 bytes/);
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
