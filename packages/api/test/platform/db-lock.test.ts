import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseLockedError, openDatabase } from '../../src/platform/db/index.js';

describe('embedded database lock', () => {
  it('refuses a data dir held by a live process and takes over one left by a dead process', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pulso-lock-'));
    // A live process that is not us owns the lock.
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(path.join(dir, 'pglite.lock'), String(holder.pid));
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DatabaseLockedError);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    // Its owner died without cleaning up (as after kill -9): the lock is stale and is taken over.
    const db = await openDatabase({ dataDir: dir });
    try {
      expect(await db.ping()).toBeGreaterThanOrEqual(0);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    } finally {
      await db.close();
    }
  });
});
