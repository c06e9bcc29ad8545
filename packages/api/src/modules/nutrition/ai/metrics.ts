import { Counter, type Metric } from 'prom-client';

/** The AI part's Prometheus series, made per app and added to the nutrition module's (`metrics.add`). */
export function createAiMetrics() {
  const calls = new Counter({
    name: 'nutrition_ai_calls_total',
    help: 'Calls to the AI model by kind (plan, photo) and outcome (ok, server_error, rate_limited, timeout, …)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [],
  });
  const tokens = new Counter({
    name: 'nutrition_ai_tokens_total',
    help: 'Tokens used by AI calls, by direction (prompt, completion)',
    labelNames: ['direction'] as const,
    registers: [],
  });
  const cost = new Counter({
    name: 'nutrition_ai_cost_usd_total',
    help: 'What AI calls cost, US dollars (from their token use and the per-model price table)',
    registers: [],
  });
  const generations = new Counter({
    name: 'nutrition_ai_generations_total',
    help: 'Plan generations by source (ai, fallback) and, for the fallback, why',
    labelNames: ['source', 'reason'] as const,
    registers: [],
  });
  return { calls, tokens, cost, generations, all: (): Metric[] => [calls, tokens, cost, generations] };
}
export type AiMetrics = ReturnType<typeof createAiMetrics>;
