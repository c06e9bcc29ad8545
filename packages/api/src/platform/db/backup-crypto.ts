import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/*
 * Encrypted backups: AES-256-GCM over the gzip'd backup, in chunks, so neither side holds a whole backup in
 * memory and nothing unauthenticated reaches the restore (each chunk is checked before it is passed on).
 *
 * The layout follows the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár, "Online
 * Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance" (CRYPTO 2015), as the age file format also
 * uses it: the nonce of chunk i is prefix ‖ i ‖ last-flag, so chunks cannot be reordered, dropped or the file
 * cut after a chunk boundary without a tag failing.
 *
 *   header  "PULSOENC" ‖ version 1 ‖ kdf (0 key, 1 scrypt) ‖ log2 N ‖ r ‖ p ‖ salt[16] ‖ nonce prefix[7]
 *   chunk   length (uint32 BE, of what follows) ‖ ciphertext ‖ tag[16]     (plaintext ≤ 64 KiB; the header is
 *                                                                          every chunk's associated data)
 *
 * A key (32 bytes) is stretched per file with HKDF-SHA256 over the file's random salt; a passphrase goes through
 * scrypt (RFC 7914) with that salt, N = 2^15, r = 8, p = 1 (32 MiB of memory, once per backup or restore); the
 * parameters are in the header, so a later release can raise them and still read older files.
 */

export type BackupSecret = { key: Buffer } | { passphrase: string };

export const ENCRYPTED_MAGIC = Buffer.from('PULSOENC');
const VERSION = 1;
const HEADER_LENGTH = 8 + 1 + 1 + 3 + 16 + 7;
const CHUNK = 64 * 1024;
const TAG = 16;
const SCRYPT = { logN: 15, r: 8, p: 1 };

export class BackupDecryptError extends Error {}

function fileKey(secret: BackupSecret, kdf: number, salt: Buffer, logN: number, r: number, p: number) {
  if ('key' in secret) {
    if (kdf !== 0) throw new BackupDecryptError('the backup was encrypted with a passphrase, not a key');
    return Buffer.from(hkdfSync('sha256', secret.key, salt, 'pulso-backup v1', 32));
  }
  if (kdf !== 1) throw new BackupDecryptError('the backup was encrypted with a key, not a passphrase');
  if (logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16)
    throw new BackupDecryptError('the backup header has unusable scrypt parameters');
  return scryptSync(secret.passphrase.normalize('NFC'), salt, 32, {
    N: 2 ** logN,
    r,
    p,
    maxmem: 256 * 2 ** logN * r + 1024 * 1024,
  });
}

function nonce(prefix: Buffer, counter: number, last: boolean) {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(counter, 7);
  n[11] = last ? 1 : 0;
  return n;
}

/** A Transform that encrypts what passes through it. */
export function encryptStream(secret: BackupSecret): Transform {
  const salt = randomBytes(16);
  const prefix = randomBytes(7);
  const kdf = 'key' in secret ? 0 : 1;
  const header = Buffer.concat([
    ENCRYPTED_MAGIC,
    Buffer.from([VERSION, kdf, SCRYPT.logN, SCRYPT.r, SCRYPT.p]),
    salt,
    prefix,
  ]);
  const key = fileKey(secret, kdf, salt, SCRYPT.logN, SCRYPT.r, SCRYPT.p);
  let counter = 0;
  let pending: Buffer = Buffer.alloc(0);
  const seal = (plain: Buffer, last: boolean) => {
    if (counter === 0xffffffff) throw new Error('backup too large for one encrypted file');
    const c = createCipheriv('aes-256-gcm', key, nonce(prefix, counter++, last));
    c.setAAD(header);
    const body = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    return Buffer.concat([len, body]);
  };
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        if (!started) {
          this.push(header);
          started = true;
        }
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        // Only a chunk known not to be the last is sealed here: more bytes follow it.
        while (pending.length > CHUNK) {
          this.push(seal(pending.subarray(0, CHUNK), false));
          pending = pending.subarray(CHUNK);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!started) this.push(header);
        this.push(seal(pending, true));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/** A Transform that checks and decrypts a stream written by encryptStream; any tampering is an error. */
export function decryptStream(secret: BackupSecret): Transform {
  let buf: Buffer = Buffer.alloc(0);
  let header: Buffer | undefined;
  let key: Buffer | undefined;
  let prefix: Buffer | undefined;
  let counter = 0;
  // The last complete chunk read: whether it is the file's last is known only when another one follows.
  let held: Buffer | undefined;
  const open = (body: Buffer, last: boolean) => {
    if (body.length < TAG) throw new BackupDecryptError('the encrypted backup is damaged');
    const d = createDecipheriv('aes-256-gcm', key!, nonce(prefix!, counter++, last));
    d.setAAD(header!);
    d.setAuthTag(body.subarray(body.length - TAG));
    try {
      return Buffer.concat([d.update(body.subarray(0, body.length - TAG)), d.final()]);
    } catch {
      throw new BackupDecryptError(
        last
          ? 'cannot decrypt the backup: wrong key or passphrase, or the file was cut short or altered'
          : 'cannot decrypt the backup: wrong key or passphrase, or the file was altered',
      );
    }
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        if (!header) {
          if (buf.length < HEADER_LENGTH) return done();
          header = Buffer.from(buf.subarray(0, HEADER_LENGTH));
          if (!header.subarray(0, 8).equals(ENCRYPTED_MAGIC))
            throw new BackupDecryptError('not an encrypted Pulso backup');
          if (header[8] !== VERSION)
            throw new BackupDecryptError(`the encrypted backup is in an unknown version (${header[8]})`);
          const [kdf, logN, r, p] = [header[9]!, header[10]!, header[11]!, header[12]!];
          key = fileKey(secret, kdf, header.subarray(13, 29), logN, r, p);
          prefix = header.subarray(29, 36);
          buf = buf.subarray(HEADER_LENGTH);
        }
        for (;;) {
          if (buf.length < 4) break;
          const len = buf.readUInt32BE(0);
          if (len > CHUNK + TAG) throw new BackupDecryptError('the encrypted backup is damaged');
          if (buf.length < 4 + len) break;
          if (held) this.push(open(held, false));
          held = Buffer.from(buf.subarray(4, 4 + len));
          buf = buf.subarray(4 + len);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!header || !held || buf.length)
          throw new BackupDecryptError('the encrypted backup is cut short or damaged');
        this.push(open(held, true));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
