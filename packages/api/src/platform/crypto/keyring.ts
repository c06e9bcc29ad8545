import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/*
 * Field encryption for special-category personal data (GDPR art. 9; design §6): AES-256-GCM (NIST SP 800-38D)
 * with a random 96-bit nonce per value, the size SP 800-38D §8.2.2 recommends for random nonces.
 *
 * A sealed value is text: `v1:<kid>:<nonce>:<ciphertext‖tag>` (base64url, tag 128 bits). The key id travels with
 * the value so a keyring can hold the previous keys during a rotation and a value says which key it needs. The
 * AAD is the header plus a context the caller gives (for a column: table, column and row owner), so a value
 * copied to another row, column or owner does not decrypt, and neither does one whose header was edited.
 */

export const SEALED_VERSION = 'v1';
const KID_LEN = 12;
/** The whole format; anything else in an encrypted column is plaintext (rows from before encryption). */
export const SEALED_PATTERN = `^v1:[0-9a-f]{${KID_LEN}}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,}$`;
const SEALED_RE = new RegExp(SEALED_PATTERN);

/**
 * The key id is derived from the key (a truncated, domain-separated SHA-256), so operators name nothing and two
 * different keys cannot share an id. 48 bits of a hash of a random 256-bit key tell nothing about the key.
 */
export function keyId(key: Buffer): string {
  return createHash('sha256')
    .update('pulso data-encryption key id\0')
    .update(key)
    .digest('hex')
    .slice(0, KID_LEN);
}

export type DecryptionFailure = 'not_encrypted' | 'unknown_key' | 'not_authentic';

/** A value that cannot be decrypted: which one and why, never a garbled value. */
export class DecryptionError extends Error {
  constructor(
    readonly reason: DecryptionFailure,
    readonly context: string,
    message: string,
  ) {
    super(`cannot decrypt ${context}: ${message}`);
    this.name = 'DecryptionError';
  }
}

export interface Keyring {
  /** Id of the key new values are sealed with. */
  readonly currentKid: string;
  readonly kids: readonly string[];
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
  /** The key id of a sealed value, or null when the text is not in the sealed format. */
  kidOf(value: string): string | null;
}

/** `current` seals; `previous` keys only open (values sealed before a rotation, until `pulso rotate-key`). */
export function createKeyring(current: Buffer, previous: readonly Buffer[] = []): Keyring {
  const keys = new Map<string, Buffer>();
  for (const k of [current, ...previous]) {
    if (k.length !== 32) throw new Error('encryption key must be 32 bytes');
    keys.set(keyId(k), k);
  }
  const currentKid = keyId(current);
  const aad = (kid: string, context: string) => Buffer.from(`${SEALED_VERSION}:${kid}:${context}`, 'utf8');
  const kidOf = (value: string) => (SEALED_RE.test(value) ? value.slice(3, 3 + KID_LEN) : null);

  return {
    currentKid,
    kids: [...keys.keys()],
    kidOf,
    seal(plain, context) {
      const nonce = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', current, nonce);
      c.setAAD(aad(currentKid, context));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
      return `${SEALED_VERSION}:${currentKid}:${nonce.toString('base64url')}:${body.toString('base64url')}`;
    },
    open(sealed, context) {
      const kid = kidOf(sealed);
      if (!kid)
        throw new DecryptionError(
          'not_encrypted',
          context,
          'the stored value is not in the encrypted format (run `pulso rotate-key` to encrypt old rows)',
        );
      const key = keys.get(kid);
      if (!key)
        throw new DecryptionError(
          'unknown_key',
          context,
          `it was encrypted with key id ${kid}, which is neither DATA_ENCRYPTION_KEY (${currentKid}) nor in DATA_ENCRYPTION_PREVIOUS_KEYS`,
        );
      const [, , nonce, body] = sealed.split(':') as [string, string, string, string];
      const raw = Buffer.from(body, 'base64url');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      d.setAAD(aad(kid, context));
      d.setAuthTag(raw.subarray(raw.length - 16));
      try {
        return Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]).toString('utf8');
      } catch {
        throw new DecryptionError(
          'not_authentic',
          context,
          `it does not authenticate under key id ${kid}: the value was altered or copied from another row`,
        );
      }
    },
  };
}
