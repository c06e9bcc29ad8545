/**
 * Hooper index (Hooper S.L. & Mackinnon L.T., "Monitoring overtraining in athletes", Sports Med
 * 1995;20(5):321–327): the sum of four 1–7 self-ratings — sleep quality, stress, fatigue and muscle soreness —
 * where 1 is "very, very good / low" and 7 "very, very bad / high". Range 4–28; higher is worse.
 */
export function hooperIndex(r: { sleep: number; stress: number; fatigue: number; soreness: number }): number {
  return r.sleep + r.stress + r.fatigue + r.soreness;
}

/**
 * How a Hooper index reads. Hooper's thresholds are individual; as a population guide an index ≥ 20 (mean item ≥ 5,
 * "bad") is a warning and ≥ 14 (mean item > 3, worse than "normal") is worth watching.
 */
export function hooperLevel(index: number): 'good' | 'watch' | 'warning' {
  if (index >= 20) return 'warning';
  if (index >= 14) return 'watch';
  return 'good';
}
