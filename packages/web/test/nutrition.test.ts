import { gs1CheckDigit } from '@pulso/contracts/gtin';
import * as contracts from '@pulso/contracts/nutrition';
import { AiStatus } from '@pulso/contracts/nutrition-ai';
import i18n from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  MEAL_TYPES,
  NUTRITION_GOALS,
  PLAN_TYPES,
  adherencePercent,
  compareToTarget,
  itemTotals,
  parseBarcode,
  planGenerator,
  proposalTicked,
  screeningBody,
  screeningView,
  sumMacros,
  totalsVsTargets,
  weeklyMacros,
} from '../src/lib/nutrition';
import { dayTotals, daysBody, nextDay, per100FromTotals, type DraftDay } from '../src/lib/plan-draft';

describe('totals against targets', () => {
  it('scales per-100 g values by the grams, as the API does for an item', () => {
    // "Rice, white, long-grain, regular, cooked, enriched", USDA FoodData Central (SR Legacy), as in the base
    // catalogue (packages/api/src/modules/foods/data/base-foods.csv): 130 kcal, 2.69 g protein, 28.17 g
    // carbohydrate, 0.28 g fat per 100 g; a 150 g portion is 195 kcal.
    const rice = { kcal: 130, protein_g: 2.69, carbs_g: 28.17, fat_g: 0.28 };
    expect(itemTotals(rice, 150)).toEqual({ kcal: 195, protein_g: 4, carbs_g: 42.3, fat_g: 0.4 });
    expect(itemTotals(rice, 0)).toEqual({ kcal: 0, protein_g: 0, carbs_g: 0, fat_g: 0 });
    expect(itemTotals(rice, Number.NaN).kcal).toBe(0);
  });

  it('adds a day up', () => {
    const a = { kcal: 195, protein_g: 4, carbs_g: 42.3, fat_g: 0.4 };
    const b = { kcal: 330, protein_g: 62, carbs_g: 0, fat_g: 7.2 };
    expect(sumMacros([a, b])).toEqual({ kcal: 525, protein_g: 66, carbs_g: 42.3, fat_g: 7.6 });
    expect(sumMacros([])).toEqual({ kcal: 0, protein_g: 0, carbs_g: 0, fat_g: 0 });
  });

  it('is on target within ±5 %, under or over outside it, and has no status without a target', () => {
    expect(compareToTarget(2000, 2000)).toBe('on');
    expect(compareToTarget(1900, 2000)).toBe('on'); // exactly −5 %
    expect(compareToTarget(2100, 2000)).toBe('on'); // exactly +5 %
    expect(compareToTarget(1899, 2000)).toBe('under');
    expect(compareToTarget(2101, 2000)).toBe('over');
    expect(compareToTarget(50, null)).toBe('none');
    expect(compareToTarget(50, 0)).toBe('none');
  });

  it('gives one row per macro with its ratio', () => {
    const rows = totalsVsTargets(
      { kcal: 1000, protein_g: 150, carbs_g: 100, fat_g: 10 },
      { kcal: 2000, protein_g: 150, carbs_g: null, fat_g: 60 },
    );
    expect(rows.map((r) => [r.key, r.status, r.ratio])).toEqual([
      ['kcal', 'under', 0.5],
      ['protein_g', 'on', 1],
      ['carbs_g', 'none', 0],
      ['fat_g', 'under', 10 / 60],
    ]);
  });
});

describe('screening result presentation', () => {
  it('LOW with no flags: go ahead, no professional, and a calm "nothing to flag" reason', () => {
    const v = screeningView({
      risk_level: 'LOW',
      can_proceed: true,
      requires_professional: false,
      warnings: [],
    });
    expect(v).toEqual({
      headline: 'screening.headline_LOW',
      next: 'screening.next_go',
      tone: 'go',
      professional: false,
      reasons: [{ key: 'screening.no_reasons' }],
    });
  });

  it('MEDIUM that may proceed but needs a professional (e.g. a 16-year-old): care, with the API reasons', () => {
    const v = screeningView({
      risk_level: 'MEDIUM',
      can_proceed: true,
      requires_professional: true,
      warnings: ['Under 18'],
    });
    expect([v.tone, v.next, v.professional]).toEqual(['care', 'screening.next_care', true]);
    expect(v.reasons).toEqual([{ text: 'Under 18' }]);
  });

  it('HIGH and CRITICAL cannot proceed: a pause (never an alarm tone) that names the professional', () => {
    for (const level of ['HIGH', 'CRITICAL'] as const) {
      const v = screeningView({
        risk_level: level,
        can_proceed: false,
        requires_professional: true,
        warnings: ['a', 'b', 'c'],
      });
      expect(v.tone).toBe('pause');
      expect(v.next).toBe('screening.next_pause');
      expect(v.headline).toBe(`screening.headline_${level}`);
      expect(v.professional).toBe(true);
      expect(v.reasons).toHaveLength(3);
    }
  });

  it('sends only what was answered: empty numbers left out, decimal commas read', () => {
    const body = screeningBody({
      age: '34',
      weight_kg: '70,5',
      height_cm: '',
      conditions: ['kidney_disease'],
      is_pregnant: false,
      is_breastfeeding: true,
      takes_medications: false,
      has_eating_disorder_history: false,
    });
    expect(body).toEqual({
      age: 34,
      weight_kg: 70.5,
      medical_conditions: ['kidney_disease'],
      is_pregnant: false,
      is_breastfeeding: true,
      takes_medications: false,
      has_eating_disorder_history: false,
      allergies: [],
    });
  });

  it('sends each declared allergen once, in the catalogue order', () => {
    const body = screeningBody({
      age: '16',
      weight_kg: '',
      height_cm: '',
      conditions: [],
      is_pregnant: false,
      is_breastfeeding: false,
      takes_medications: false,
      has_eating_disorder_history: false,
      allergies: ['sesame', 'milk', 'gluten', 'milk'],
    });
    expect(body.allergies).toEqual(['gluten', 'milk', 'sesame']);
    expect(body).not.toHaveProperty('weight_kg');
  });
});

describe('meal photo proposals', () => {
  it('ticks a matched food with grams and nothing I declared', () => {
    expect(proposalTicked({ food_id: 12, grams: 150, declared_allergens: [] })).toBe(true);
  });
  it('leaves unticked a food holding an allergen I declared, an unmatched one, or one of 0 g', () => {
    expect(proposalTicked({ food_id: 12, grams: 150, declared_allergens: ['milk'] })).toBe(false);
    expect(proposalTicked({ food_id: null, grams: 150, declared_allergens: [] })).toBe(false);
    expect(proposalTicked({ food_id: 12, grams: 0, declared_allergens: [] })).toBe(false);
  });
});

describe('barcode entry', () => {
  it('accepts the GS1 examples with their check digits', () => {
    // The GS1 check digit method (GS1 General Specifications, "check digit calculation"); the codes are the
    // worked examples of Wikipedia's EAN-13, UPC and EAN-8 articles: 4006381333931, 036000291452, 73513537.
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(gs1CheckDigit('03600029145')).toBe(2);
    expect(gs1CheckDigit('7351353')).toBe(7);
    expect(parseBarcode('4006381333931')).toEqual({ ok: true, code: '4006381333931' });
    expect(parseBarcode('0 36000 29145 2')).toEqual({ ok: true, code: '036000291452' });
    expect(parseBarcode('7351-3537')).toEqual({ ok: true, code: '73513537' });
    // GTIN-14 of the EAN-13 above with packaging indicator 1: check digit recomputed over 13 digits.
    expect(parseBarcode(`1400638133393${gs1CheckDigit('1400638133393')}`).ok).toBe(true);
  });

  it('says why a code is refused', () => {
    expect(parseBarcode('  ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseBarcode('40063813339a1')).toEqual({ ok: false, reason: 'digits' });
    expect(parseBarcode('123456789')).toEqual({ ok: false, reason: 'length' });
    expect(parseBarcode('4006381333932')).toEqual({ ok: false, reason: 'check_digit' });
  });
});

describe('adherence', () => {
  it('turns fractions into whole percentages, leaving unplanned days as gaps', () => {
    expect(adherencePercent([{ adherence: 0.5 }, { adherence: null }, { adherence: 2 / 3 }])).toEqual([
      50,
      null,
      67,
    ]);
  });
});

describe('weekly macros', () => {
  const day = (date: string, meals: number, eaten: number[], planned: number[]) => ({
    date,
    meals_planned: meals,
    eaten: { protein_g: eaten[0]!, carbs_g: eaten[1]!, fat_g: eaten[2]! },
    planned: { protein_g: planned[0]!, carbs_g: planned[1]!, fat_g: planned[2]! },
  });

  it('gives whole grams eaten and planned per day, and the chart columns in the same order', () => {
    const w = weeklyMacros([
      day('2026-03-02', 3, [61.44, 180.5, 40.06], [100, 150.4, 45]),
      day('2026-03-03', 3, [0, 0, 0], [100, 150.4, 45]),
    ]);
    expect(w.rows).toEqual([
      {
        date: '2026-03-02',
        eaten: { protein_g: 61, carbs_g: 181, fat_g: 40 },
        planned: { protein_g: 100, carbs_g: 150, fat_g: 45 },
      },
      {
        date: '2026-03-03',
        eaten: { protein_g: 0, carbs_g: 0, fat_g: 0 },
        planned: { protein_g: 100, carbs_g: 150, fat_g: 45 },
      },
    ]);
    expect(w.series.protein_g).toEqual({ eaten: [61, 0], planned: [100, 100] });
    expect(w.series.carbs_g).toEqual({ eaten: [181, 0], planned: [150, 150] });
    expect(w.series.fat_g).toEqual({ eaten: [40, 0], planned: [45, 45] });
  });

  it('leaves planned grams out on a day with no meal planned, but keeps what was eaten from the diary', () => {
    const w = weeklyMacros([day('2026-03-04', 0, [12.3, 30, 5], [0, 0, 0])]);
    expect(w.rows[0]!.planned).toEqual({ protein_g: null, carbs_g: null, fat_g: null });
    expect(w.rows[0]!.eaten).toEqual({ protein_g: 12, carbs_g: 30, fat_g: 5 });
    expect(w.series.fat_g.planned).toEqual([null]);
  });

  it('is empty for no days', () => {
    expect(weeklyMacros([])).toEqual({
      rows: [],
      series: {
        protein_g: { eaten: [], planned: [] },
        carbs_g: { eaten: [], planned: [] },
        fat_g: { eaten: [], planned: [] },
      },
    });
  });
});

describe('plan generation card, before Generate is pressed', () => {
  const off = AiStatus.parse({ photo_analysis: false, plan_generation: false });
  const on = AiStatus.parse({ photo_analysis: true, plan_generation: true });

  it('names the generator that will answer from the AI status, and none while that is unknown', () => {
    expect(planGenerator(off)).toBe('catalogue');
    expect(planGenerator(on)).toBe('ai');
    // The photo half of the status says nothing about plans.
    expect(planGenerator({ ...on, plan_generation: false })).toBe('catalogue');
    expect(planGenerator({ ...off, plan_generation: true })).toBe('ai');
    expect(planGenerator(undefined)).toBeNull();
  });

  // The card shows `builder.generator.<planGenerator(status)>` from the nutrition namespace (the e2e reads it
  // on the page, without AI and with an AI stub): each state's text in each language says what happens.
  it('says so in English and Spanish: the catalogue generator within ±5 % without AI, AI with a fallback', async () => {
    await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {} });
    await import('../src/i18n/nutrition');
    const say = (lang: string, status: AiStatus) =>
      i18n.getFixedT(lang, 'nutrition')(`builder.generator.${planGenerator(status)}`);

    const enOff = say('en', off);
    expect(enOff).toMatch(/^No AI model is available/);
    expect(enOff).toMatch(/Pulso’s own generator will build the plan from the food catalogue/);
    expect(enOff).toContain('±5 % of the targets');
    const esOff = say('es', off);
    expect(esOff).toMatch(/no tiene un modelo de IA disponible/);
    expect(esOff).toMatch(/el generador propio de Pulso hará el plan con el catálogo de alimentos/);
    expect(esOff).toContain('±5 % de los objetivos');

    const enOn = say('en', on);
    expect(enOn).toMatch(/^An AI model drafts the plan/);
    expect(enOn).toMatch(/If it fails.*Pulso’s own generator builds it/);
    const esOn = say('es', on);
    expect(esOn).toMatch(/^Un modelo de IA prepara el plan/);
    expect(esOn).toMatch(/Si falla.*el generador propio de Pulso/);
  });
});

describe('enums', () => {
  it('agree with the contracts', () => {
    expect(NUTRITION_GOALS).toEqual(contracts.NUTRITION_GOALS);
    expect(PLAN_TYPES).toEqual(contracts.PLAN_TYPES);
    expect(MEAL_TYPES).toEqual(contracts.MEAL_TYPES);
  });
});

describe('plan builder draft', () => {
  const rice = { kcal: 130, protein_g: 2.69, carbs_g: 28.17, fat_g: 0.28 };
  const day: DraftDay = {
    key: 'd',
    day_number: 1,
    weekday: null,
    kind: null,
    meals: [
      {
        key: 'm',
        name: 'Lunch',
        meal_type: 'lunch',
        time: null,
        items: [
          { key: 'a', kind: 'food', ref: 7, name: 'Rice', per100g: rice, grams: 150 },
          {
            key: 'b',
            kind: 'recipe',
            ref: 3,
            name: 'Stew',
            per100g: { kcal: 100, protein_g: 10, carbs_g: 5, fat_g: 4 },
            grams: 200,
          },
          { key: 'c', kind: 'food', ref: 8, name: 'Nothing yet', per100g: rice, grams: 0 },
        ],
      },
    ],
  };

  it('totals a day live from grams and values per 100 g', () => {
    expect(dayTotals(day)).toEqual({ kcal: 395, protein_g: 24, carbs_g: 52.3, fat_g: 8.4 });
  });

  it('reads values per 100 g back from a saved item', () => {
    expect(per100FromTotals({ kcal: 195, protein_g: 4, carbs_g: 42.3, fat_g: 0.4 }, 150).kcal).toBeCloseTo(
      130,
    );
  });

  it('writes the API body, leaving out items without grams', () => {
    expect(daysBody([day])).toEqual([
      {
        day_number: 1,
        meals: [
          {
            name: 'Lunch',
            meal_type: 'lunch',
            items: [
              { food_id: 7, grams: 150 },
              { recipe_id: 3, grams: 200 },
            ],
          },
        ],
      },
    ]);
  });

  it('adds the next day by number, or the next free weekday', () => {
    expect(nextDay([day]).day_number).toBe(2);
    expect(nextDay([{ ...day, day_number: null, weekday: 1 }]).weekday).toBe(2);
    expect(nextDay([]).day_number).toBe(1);
  });
});
