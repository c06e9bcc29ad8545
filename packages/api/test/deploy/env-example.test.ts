/**
 * deploy/.env.production.example lists every variable the server reads (config.ts), each with a comment, and
 * its values pass the server's own validation once the CHANGE-ME placeholders are filled in.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const root = new URL('../../../../', import.meta.url);
const example = readFileSync(new URL('deploy/.env.production.example', root), 'utf8');
const configSource = readFileSync(new URL('packages/api/src/config.ts', root), 'utf8');

/** The keys of EnvSchema, read from the source: a variable added there and not here fails this test. */
function configVariables(): string[] {
  const schema = /const EnvSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(configSource);
  if (!schema) throw new Error('EnvSchema not found in config.ts');
  return [...schema[1]!.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
}

/**
 * `NAME=value` lines, set or commented out (`# NAME=default`), with the comment above each (variables of one
 * group, written one after the other, share the comment above the group).
 */
function exampleEntries() {
  const lines = example.split('\n');
  const entries = new Map<string, { value: string; set: boolean; comment: string }>();
  lines.forEach((line, i) => {
    const m = /^(# )?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) return;
    let j = i - 1;
    while (j >= 0 && /^(# )?[A-Z][A-Z0-9_]*=/.test(lines[j]!)) j--;
    entries.set(m[2]!, { value: m[3]!, set: !m[1], comment: j >= 0 ? lines[j]! : '' });
  });
  return entries;
}

describe('.env.production.example', () => {
  const vars = configVariables();
  const entries = exampleEntries();

  it('reads the variables of config.ts (the parser itself finds them)', () => {
    expect(vars.length).toBeGreaterThan(30);
    expect(vars).toContain('DATABASE_URL');
    expect(vars).toContain('BACKUP_ENCRYPTION_KEY');
  });

  it('lists every variable of config.ts, and nothing config.ts does not read', () => {
    expect([...entries.keys()].sort()).toEqual([...vars].sort());
  });

  it('explains every variable with a comment above it', () => {
    for (const [name, e] of entries) expect(e.comment, name).toMatch(/^# \S/);
  });

  it('passes the server’s validation once the placeholders are filled in', () => {
    const env: Record<string, string> = {};
    for (const [name, e] of entries) if (e.set) env[name] = e.value;
    env.JWT_SECRET = 'x'.repeat(48);
    env.DATA_ENCRYPTION_KEY = 'a'.repeat(64);
    env.BACKUP_ENCRYPTION_KEY = 'b'.repeat(64);
    env.DATABASE_URL = env.DATABASE_URL!.replace('CHANGE-ME', 'secret');
    env.SMTP_URL = env.SMTP_URL!.replace('CHANGE-ME', 'secret');
    const config = loadConfig(env);
    expect(config.env).toBe('production');
    expect(config.trustProxy).toBe(true);
    expect(config.backupSecret).toEqual({ key: Buffer.from('b'.repeat(64), 'hex') });
    expect(config.demoData).toBe(false);
  });
});
