import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, pgCode, safeError } from '../../src/platform/errors.js';

describe('safeError', () => {
  it('logs the driver error, never the query parameters Drizzle puts in its message', () => {
    const driver = Object.assign(
      new Error('duplicate key value violates unique constraint "users_email_unique"'),
      {
        code: '23505',
        detail: 'Key (email)=(ana@example.com) already exists.',
      },
    );
    const wrapped = new DrizzleQueryError(
      'insert into users (email) values ($1)',
      ['ana@example.com'],
      driver,
    );
    expect(wrapped.message).toContain('ana@example.com');
    const logged = safeError(wrapped);
    expect(logged.code).toBe('23505');
    expect(logged.message).toMatch(/users_email_unique/);
    expect(JSON.stringify(logged)).not.toContain('ana@example.com');
  });

  it('tells a database that cannot be reached from other failures', () => {
    const refused = new DrizzleQueryError(
      'select 1',
      [],
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    );
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(pgCode(new DrizzleQueryError('q', [], Object.assign(new Error('dup'), { code: '23505' })))).toBe(
      '23505',
    );
  });
});
