import { hash, verify } from '@node-rs/argon2';

// OWASP Password Storage Cheat Sheet (2023+): argon2id, m=19 MiB, t=2, p=1. ~13 ms per hash here (design §9).
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolated modules cannot import).
const PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, PARAMS);

let dummy: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash. With no hash (unknown e-mail, external-only account) it still
 * spends one argon2 verification, so response time does not tell which e-mails have accounts.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword('no-such-account-placeholder');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
