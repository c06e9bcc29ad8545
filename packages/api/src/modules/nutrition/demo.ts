import type { PlanBody } from '@pulso/contracts/nutrition';
import { addDays, todayOf } from '../../platform/dates.js';
import type { DemoContext } from '../../platform/module.js';
import type { NutritionService } from './service.js';

const meals = (names: [string, PlanBody['days'][number]['meals'][number]['meal_type']][]) =>
  names.map(([name, meal_type]) => ({ name, meal_type, items: [] }));

/**
 * Demo nutrition for the demo gym: a maintenance plan by weekday (training and rest days) and a live
 * 4-week muscle-gain plan started a week ago, authored by the trainer; the second member follows the
 * maintenance plan and ticked most meals of the last days. Items are left for the catalogue (foods module).
 */
export async function seedNutritionDemo(s: NutritionService, demo: DemoContext) {
  const today = todayOf(demo.now);
  const week = meals([
    ['Desayuno', 'breakfast'],
    ['Almuerzo', 'lunch'],
    ['Merienda', 'snack'],
    ['Cena', 'dinner'],
  ]);
  const maintenance = await s.createPlan(demo.gymId, demo.trainerId, {
    name: 'Mantenimiento mediterráneo',
    description: 'Four meals a day; more carbohydrates on training days.',
    goal: 'maintenance',
    type: 'regular',
    target_calories: 2200,
    protein_g_per_kg: 1.6,
    days: Array.from({ length: 7 }, (_, i) => ({
      weekday: i + 1,
      kind: i % 2 === 0 ? ('training' as const) : ('rest' as const),
      meals: week,
    })),
  });
  await s.createPlan(demo.gymId, demo.trainerId, {
    name: 'Volumen 4 semanas (en directo)',
    goal: 'muscle_gain',
    type: 'live',
    target_calories: 2800,
    protein_g: 150,
    start_date: addDays(today, -7),
    days: Array.from({ length: 28 }, (_, i) => ({ day_number: i + 1, meals: week })),
  });
  const follower = demo.memberIds[1] ?? demo.memberIds[0]!;
  const actor = { gymId: demo.gymId, userId: follower, role: 'member' as const, ip: '127.0.0.1' };
  await s.follow(actor, maintenance.id, 'demo');
  // The follow starts today; the completions are for today's meals.
  const todayMeals = (await s.planToday(demo.gymId, follower, maintenance.id)).day?.meals ?? [];
  for (const m of todayMeals.slice(0, 2)) await s.completeMeal(actor, m.id, { date: today, satisfaction: 4 });
}
