/** The central parts of the OpenAPI document (platform/openapi.ts) on a bare Fastify: no database needed. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { operationIdOf, platformErrors, registerOpenApi } from '../../src/platform/openapi.js';

describe('operationIdOf', () => {
  it('is camelCase from the method and the path, without the API prefix', () => {
    expect(operationIdOf('GET', '/api/v1/schedule/sessions/:id/bookings')).toBe(
      'getScheduleSessionsByIdBookings',
    );
    expect(operationIdOf('DELETE', '/api/v1/members/:user_id')).toBe('deleteMembersByUserId');
    expect(operationIdOf('GET', '/api/v1/schedule/calendar.ics')).toBe('getScheduleCalendarIcs');
    expect(operationIdOf('POST', '/api/v1/overtraining/check-in')).toBe('postOvertrainingCheckIn');
    expect(operationIdOf('GET', '/health/ready')).toBe('getHealthReady');
  });
});

describe('platformErrors', () => {
  const facts = { method: 'GET', rateLimited: true, hasBody: false, validates: false, hasParams: false };
  it('follows the access rule: public routes cannot answer 401, gym routes add 400, 403 and 404', () => {
    expect(platformErrors({ ...facts, access: 'public' }).sort()).toEqual([
      'internal',
      'rate_limited',
      'unavailable',
    ]);
    expect(platformErrors({ ...facts, access: 'user' })).toContain('unauthorized');
    expect(platformErrors({ ...facts, access: 'user' })).not.toContain('forbidden');
    expect(platformErrors({ ...facts, access: { gym: ['owner'] } })).toEqual(
      expect.arrayContaining(['bad_request', 'unauthorized', 'forbidden', 'not_found']),
    );
  });
  it('adds 400/413/415 for a body, 422 for validation, 404 for a path parameter, nothing for 429 when unlimited', () => {
    const post = platformErrors({
      ...facts,
      access: 'public',
      method: 'POST',
      hasBody: true,
      validates: true,
    });
    expect(post).toEqual(
      expect.arrayContaining(['bad_request', 'payload_too_large', 'unsupported_media_type', 'validation']),
    );
    expect(platformErrors({ ...facts, access: 'public', hasParams: true, validates: true })).toContain(
      'not_found',
    );
    expect(platformErrors({ ...facts, access: 'public', rateLimited: false })).not.toContain('rate_limited');
  });
});

describe('registerOpenApi', () => {
  async function app() {
    const a = Fastify();
    await registerOpenApi(a, { version: 'test' });
    return a;
  }

  it('keeps an operationId a route sets, and derives the others', async () => {
    const a = await app();
    a.get(
      '/api/v1/things/:id',
      { config: { access: 'public' }, schema: { operationId: 'readThing' } },
      () => ({}),
    );
    a.get('/api/v1/things', { config: { access: 'public' } }, () => []);
    await a.ready();
    const doc = a.swagger() as { paths: Record<string, { get: { operationId: string } }> };
    expect(doc.paths['/api/v1/things/{id}']!.get.operationId).toBe('readThing');
    expect(doc.paths['/api/v1/things']!.get.operationId).toBe('getThings');
    await a.close();
  });

  it('refuses two routes with one operationId', async () => {
    const a = await app();
    a.get('/api/v1/a-b', { config: { access: 'public' } }, () => ({}));
    expect(() => a.get('/api/v1/a/b', { config: { access: 'public' } }, () => ({}))).toThrow(
      /operationId getAB/,
    );
    await a.close();
  });
});
