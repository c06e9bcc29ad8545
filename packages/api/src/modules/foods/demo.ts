import type { Role } from '@pulso/contracts';
import type { DemoContext } from '../../platform/module.js';
import type { FoodsService } from './service.js';

/**
 * The demo gym's own foods (a protein bar and the café's sandwich, as a gym's shop sells them) and two
 * recipes made from the base catalogue: a chicken and rice bowl and overnight oats.
 */
export async function seedFoodsDemo(s: FoodsService, demo: DemoContext) {
  const actor = { userId: demo.ownerId, gymId: demo.gymId, role: 'owner' as Role, ip: '127.0.0.1' };
  await s.create(actor, {
    name_en: 'Gym protein bar, chocolate',
    name_es: 'Barrita de proteínas del gimnasio, chocolate',
    per_100g: {
      kcal: 370,
      protein_g: 33,
      carbs_g: 35,
      sugars_g: 8,
      fat_g: 11,
      saturated_fat_g: 5,
      fibre_g: 6,
      sodium_mg: 240,
    },
    servings: [{ unit: 'bar', grams: 60 }],
    // GS1's 20–29 prefixes are for a shop's own in-store products; the last digit is the GS1 check digit, which
    // the app verifies before it looks a typed or scanned code up (20000017 failed it, so the bar was unreachable).
    barcode: '20000011',
    vegan: false,
    vegetarian: true,
    allergens: ['milk', 'soybeans', 'nuts'],
  });
  await s.create(actor, {
    name_en: 'Café turkey and cheese sandwich',
    name_es: 'Sándwich de pavo y queso de la cafetería',
    per_100g: {
      kcal: 235,
      protein_g: 15,
      carbs_g: 24,
      sugars_g: 3,
      fat_g: 8.5,
      saturated_fat_g: 3.5,
      fibre_g: 2.5,
      sodium_mg: 620,
    },
    servings: [{ unit: 'sandwich', grams: 180 }],
    barcode: null,
    vegan: false,
    vegetarian: false,
    allergens: ['gluten', 'milk'],
  });
  const pick = async (names: string[]) => {
    const found = await s.findByNames(demo.gymId, names);
    return found.map((f, i) => {
      if (!f) throw new Error(`demo foods: no ${names[i]} in the base catalogue`);
      return f.id;
    });
  };
  const [chicken, rice, broccoli, oil] = await pick([
    'Chicken, broilers or fryers, breast, meat only, roasted',
    'Rice, white, long-grain, regular, cooked, enriched',
    'Broccoli, cooked, boiled, without salt',
    'Oil, olive, salad or cooking',
  ]);
  await s.createRecipe(actor, {
    name: 'Chicken, rice and broccoli bowl',
    description: 'Meal-prep classic: four lunch boxes.',
    portions: 4,
    ingredients: [
      { food_id: chicken!, grams: 600 },
      { food_id: rice!, grams: 800 },
      { food_id: broccoli!, grams: 400 },
      { food_id: oil!, grams: 27 },
    ],
  });
  const [oats, milk, banana, chia] = await pick([
    'Oats, raw',
    'Milk, reduced fat, 2% milkfat',
    'Banana, raw',
    'Seeds, chia seeds, dried',
  ]);
  await s.createRecipe(actor, {
    name: 'Overnight oats with banana',
    description: 'Mix the night before; keeps three days in the fridge.',
    portions: 2,
    ingredients: [
      { food_id: oats!, grams: 80 },
      { food_id: milk!, grams: 300 },
      { food_id: banana!, grams: 120 },
      { food_id: chia!, grams: 20 },
    ],
  });
}
