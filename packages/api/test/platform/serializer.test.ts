import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serializerCompiler } from '../../src/platform/serializer.js';

const compile = (schema: z.ZodType) =>
  serializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' }) as (d: unknown) => string;

describe('response serializer', () => {
  it('writes only the declared fields (a password hash on the row never leaks)', () => {
    const write = compile(z.object({ id: z.number(), email: z.string().nullable() }));
    const out = JSON.parse(write({ id: 1, email: null, passwordHash: '$argon2id$secret' }));
    expect(out).toEqual({ id: 1, email: null });
  });

  it('keeps nested arrays and free-form records', () => {
    const write = compile(
      z.object({
        gyms: z.array(z.object({ id: z.number(), role: z.enum(['owner', 'member']) })),
        metadata: z.record(z.string(), z.unknown()),
      }),
    );
    const data = { gyms: [{ id: 2, role: 'owner', extra: 1 }], metadata: { fields: ['name'], n: 3 } };
    expect(JSON.parse(write(data))).toEqual({
      gyms: [{ id: 2, role: 'owner' }],
      metadata: { fields: ['name'], n: 3 },
    });
  });

  it('refuses a reply that lacks a required field instead of writing a partial body', () => {
    const write = compile(z.object({ id: z.number(), name: z.string() }));
    expect(() => write({ id: 1 })).toThrow(/name/);
  });

  it('falls back to the Zod serializer for schemas without a JSON Schema form', () => {
    const write = compile(z.object({ at: z.date() }));
    // The Zod serializer validates: a Date passes, a string does not.
    expect(write({ at: new Date(0) })).toContain('1970-01-01');
    expect(() => write({ at: 'yesterday' })).toThrow();
  });
});
