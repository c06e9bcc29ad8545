import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Field encryption for special-category personal data (design §6): AES-256-GCM with the key from
 * DATA_ENCRYPTION_KEY. Output: "v1:" + base64url(iv ‖ tag ‖ ciphertext). `aad` binds a value to its row
 * (e.g. "screening:42") so a ciphertext copied to another row does not decrypt.
 */
export function createFieldCipher(key: Buffer) {
  if (key.length !== 32) throw new Error('encryption key must be 32 bytes');
  return {
    encrypt(plain: string, aad = ''): string {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(aad));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return 'v1:' + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
    },
    decrypt(sealed: string, aad = ''): string {
      if (!sealed.startsWith('v1:')) throw new Error('unknown ciphertext version');
      const raw = Buffer.from(sealed.slice(3), 'base64url');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
export type FieldCipher = ReturnType<typeof createFieldCipher>;
