/**
 * US dollars per million tokens (input, output), as OpenAI publishes them on https://openai.com/api/pricing/
 * (standard tier, read 2025-04-15): gpt-4o-mini $0.15 / $0.60 (unchanged since its launch on 2024-07-18),
 * gpt-4o $2.50 / $10.00 (since gpt-4o-2024-08-06), gpt-4.1 $2.00 / $8.00, gpt-4.1-mini $0.40 / $1.60 and
 * gpt-4.1-nano $0.10 / $0.40 (launched 2025-04-14). Cached-input discounts are ignored, so costs err high.
 * A model not listed (a dated snapshot is matched by its prefix) is priced as the dearest one here: the
 * budget may then be spent early, never overspent.
 */
export const PRICES_PER_MTOK: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
};
const DEAREST = { input: 2.5, output: 10 };

export function priceOf(model: string): { input: number; output: number } {
  if (PRICES_PER_MTOK[model]) return PRICES_PER_MTOK[model];
  // Longest listed prefix: "gpt-4o-mini-2024-07-18" is gpt-4o-mini, not gpt-4o.
  const match = Object.keys(PRICES_PER_MTOK)
    .filter((k) => model.startsWith(k + '-'))
    .sort((a, b) => b.length - a.length)[0];
  return match ? PRICES_PER_MTOK[match]! : DEAREST;
}

/** Cost in micro-dollars (integers, rounded up) of a call's tokens. */
export function costMicros(model: string, promptTokens: number, completionTokens: number): number {
  const p = priceOf(model);
  // $ per Mtok × tokens = µ$ exactly: 1 $/Mtok is 1 µ$ per token.
  return Math.ceil(p.input * promptTokens + p.output * completionTokens);
}
