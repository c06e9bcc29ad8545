/**
 * The registry of refusal reasons (platform/problems.ts): every module's reasons, each id once, each with its
 * texts. In a file of its own: the probe reason it defines would otherwise show up in the published lists the
 * other tests compare.
 */
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules/index.js';
import { defineMessages } from '../../src/platform/catalogue.js';
import { defineReasons, reason } from '../../src/platform/errors.js';
import { reasonIds, reasonOf } from '../../src/platform/problems.js';

describe('the registry of reasons', () => {
  it('has the reasons of every module, each defined once, and refuses a duplicate or a reason without texts', () => {
    expect(MODULES.length).toBeGreaterThan(0);
    const ids = reasonIds();
    for (const id of ['already_booked', 'last_owner', 'email_taken', 'activity_imported', 'self_only'])
      expect(ids).toContain(id);
    const texts = defineMessages('problems-test', {
      en: { 'probe_reason.title': 'Probe', 'probe_reason.detail': 'Probe {n, number}' },
      es: { 'probe_reason.title': 'Sonda', 'probe_reason.detail': 'Sonda {n, number}' },
    });
    const { refuse } = defineReasons(texts, {
      probe_reason: reason<{ n: number }>({ status: 409, args: (p) => p, example: { n: 1 } }),
    });
    const err = refuse('probe_reason', { n: 1500 });
    expect([err.status, err.detail]).toEqual([409, 'Probe 1,500']);
    expect(reasonOf('probe_reason')!.render({ n: 1500 }, 'es').detail).toBe('Sonda 1500');
    expect(() => defineReasons(texts, { already_booked: reason({ status: 409, example: {} }) })).toThrow(
      /already_booked.*defined by reservations and problems-test/,
    );
    expect(() => defineReasons(texts, { untold: reason({ status: 409, example: {} }) })).toThrow(
      /"untold" has no "untold.title"/,
    );
  });
});
