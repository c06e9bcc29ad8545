import { AiPlanDraft } from '@pulso/contracts/nutrition-ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAiClient,
  type Meter,
  type StructuredRequest,
} from '../../../../src/modules/nutrition/ai/client.js';
import { costMicros, priceOf } from '../../../../src/modules/nutrition/ai/pricing.js';
import { startStub, type Stub } from './stub.js';

const draft = {
  days: [
    {
      day: 1,
      meals: [
        { name: 'Lunch', meal_type: 'lunch' as const, items: [{ food: 'Rice, white, cooked', grams: 200 }] },
      ],
    },
  ],
};

/** A meter with a fixed budget in micro-dollars, keeping what was reserved and spent. */
function meter(budget = 1_000_000) {
  const m = {
    reserved: 0,
    spent: 0,
    reservations: 0,
    async reserve(x: number) {
      if (m.spent + m.reserved + x > budget) return false;
      m.reserved += x;
      m.reservations++;
      return true;
    },
    async settle(r: number, actual: number) {
      m.reserved -= r;
      m.spent += actual;
    },
  };
  return m satisfies Meter;
}

let stub: Stub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
  stub.script();
});

const client = (deadlineMs = 5000) =>
  createAiClient({ baseUrl: stub.url, apiKey: 'sk-test', deadlineMs, backoffBaseMs: 20, backoffCapMs: 100 });

const ask = (m: Meter, over: Partial<StructuredRequest<AiPlanDraft>> = {}, deadlineMs?: number) =>
  client(deadlineMs).structured({
    model: 'gpt-4o-mini',
    name: 'plan',
    schema: AiPlanDraft,
    messages: [{ role: 'user', content: 'a plan' }],
    maxTokens: 2000,
    meter: m,
    ...over,
  });

describe('pricing', () => {
  it('prices tokens by the published per-million rates', () => {
    // gpt-4o-mini: $0.15 / Mtok input, $0.60 / Mtok output (openai.com/api/pricing): 1,000 in + 500 out is
    // 150 µ$ + 300 µ$.
    expect(costMicros('gpt-4o-mini', 1000, 500)).toBe(450);
    expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual(priceOf('gpt-4o-mini'));
    expect(priceOf('gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 });
    // Unknown models are priced as the dearest listed one.
    expect(priceOf('some-local-model')).toEqual({ input: 2.5, output: 10 });
  });
});

describe('structured calls against the stub', () => {
  it('asks for strict structured output with the draft schema and returns the validated answer', async () => {
    stub.script({ kind: 'json', content: draft, usage: { prompt: 1000, completion: 500 } });
    const m = meter();
    const r = await ask(m);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(draft);
    expect(r).toMatchObject({ attempts: 1, promptTokens: 1000, completionTokens: 500, costMicros: 450 });
    expect(m).toMatchObject({ reserved: 0, spent: 450 });
    const sent = stub.requests[0]!;
    expect(sent.authorization).toBe('Bearer sk-test');
    expect(sent.body.model).toBe('gpt-4o-mini');
    expect(sent.body.response_format?.type).toBe('json_schema');
    expect(sent.body.response_format?.json_schema?.strict).toBe(true);
    expect(sent.body.response_format?.json_schema?.schema).toMatchObject({
      type: 'object',
      required: ['days'],
      additionalProperties: false,
    });
  });

  it('retries a 500 and then succeeds', async () => {
    stub.script({ kind: 'status', status: 500 }, { kind: 'json', content: draft });
    const r = await ask(meter());
    expect(r.ok).toBe(true);
    expect(r.attempts).toBe(2);
    expect(r.failures).toEqual(['server_error']);
  });

  it('waits the Retry-After of a 429 before the next attempt', async () => {
    stub.script({ kind: 'status', status: 429, retryAfter: 1 }, { kind: 'json', content: draft });
    const t0 = performance.now();
    const r = await ask(meter());
    expect(r.ok).toBe(true);
    expect(r.failures).toEqual(['rate_limited']);
    // A lower bound on the wait (the server asked for one second), not a speed target.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After is beyond the deadline', async () => {
    stub.script({ kind: 'status', status: 429, retryAfter: 60 }, { kind: 'json', content: draft });
    const r = await ask(meter(), {}, 2000);
    expect(r).toMatchObject({ ok: false, reason: 'failed', attempts: 1, failures: ['rate_limited'] });
    expect(stub.requests).toHaveLength(1);
  });

  it('stops at the overall deadline when the server hangs, and counts the call as spent', async () => {
    stub.script({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    const m = meter();
    const r = await ask(m, {}, 1200);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('failed');
    expect(r.failures[0]).toBe('timeout');
    // One attempt took the whole deadline: no second attempt was started past it.
    expect(r.attempts).toBe(1);
    expect(m.reserved).toBe(0);
    expect(m.spent).toBeGreaterThan(0);
  });

  it('retries an answer that is not JSON, then one that breaks the schema, and gives up as invalid', async () => {
    stub.script(
      { kind: 'text', content: 'Here is your plan: {days: …' },
      { kind: 'json', content: { days: [{ day: 1, meals: [] }] } },
      { kind: 'json', content: { plan: 'no' } },
    );
    const m = meter();
    const r = await ask(m);
    expect(r).toMatchObject({ ok: false, reason: 'invalid', attempts: 3 });
    expect(r.failures).toEqual(['invalid_json', 'schema', 'schema']);
    // Bad answers still cost their tokens (stub usage 900 + 400 each).
    expect(m.spent).toBe(3 * costMicros('gpt-4o-mini', 900, 400));
  });

  it('sends a correction after an answer with unknown foods and accepts the corrected one', async () => {
    const bad = {
      days: [
        {
          day: 1,
          meals: [
            { name: 'Lunch', meal_type: 'lunch' as const, items: [{ food: 'Unicorn steak', grams: 100 }] },
          ],
        },
      ],
    };
    stub.script({ kind: 'json', content: bad }, { kind: 'json', content: draft });
    const known = new Set(['rice, white, cooked']);
    const r = await ask(meter(), {
      check: (v: AiPlanDraft) => {
        const unknown = v.days
          .flatMap((d) => d.meals.flatMap((m) => m.items.map((i) => i.food)))
          .filter((f) => !known.has(f.toLowerCase()));
        return unknown.length
          ? { failure: 'unknown_foods', correction: `Unknown foods: ${unknown.join(', ')}` }
          : null;
      },
    });
    expect(r.ok).toBe(true);
    expect(r.failures).toEqual(['unknown_foods']);
    const second = stub.requests[1]!.body.messages;
    expect(second.at(-1)).toEqual({ role: 'user', content: 'Unknown foods: Unicorn steak' });
    expect(second.at(-2)?.role).toBe('assistant');
  });

  it('does not retry a refusal (401)', async () => {
    stub.script({ kind: 'status', status: 401 }, { kind: 'json', content: draft });
    const r = await ask(meter());
    expect(r).toMatchObject({ ok: false, reason: 'failed', attempts: 1, failures: ['refused'] });
  });

  it('makes no call when the budget cannot cover the worst case', async () => {
    stub.script({ kind: 'json', content: draft });
    const m = meter(100);
    const r = await ask(m);
    expect(r).toMatchObject({ ok: false, reason: 'budget', attempts: 0 });
    expect(stub.requests).toHaveLength(0);
    expect(m.spent).toBe(0);
  });

  it('stops after three failing attempts', async () => {
    stub.script(
      { kind: 'status', status: 503 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 500 },
      { kind: 'json', content: draft },
    );
    const r = await ask(meter());
    expect(r).toMatchObject({ ok: false, reason: 'failed', attempts: 3 });
    expect(stub.requests).toHaveLength(3);
  });
});
