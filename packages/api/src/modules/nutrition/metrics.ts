import { Counter, type Metric } from 'prom-client';

/**
 * The module's Prometheus series, created per app (each app has its own registry) and added to the app's
 * registry through the entry's `metrics`. The AI part adds its own (calls by outcome, tokens, cost, fallbacks).
 */
export function createNutritionMetrics() {
  const screenings = new Counter({
    name: 'nutrition_screenings_total',
    help: 'Safety screenings evaluated, by risk level',
    labelNames: ['level'] as const,
    registers: [],
  });
  const extra: Metric[] = [];
  return {
    screenings,
    /** For the AI part: its series join the module's. */
    add(m: Metric) {
      extra.push(m);
    },
    all: (): Metric[] => [screenings, ...extra],
  };
}
export type NutritionMetrics = ReturnType<typeof createNutritionMetrics>;
