/* global document */
// Nutrition golden paths: a member answers the safety questions (a blocked case, then a LOW one), follows a
// restrictive plan, ticks off today's meals, reads the week's macros, finds no meal-photo card (no AI here) and
// stops following; a trainer builds a template, starts a plan from it, duplicates that plan, records a
// guardian's consent and generates a plan (the card names the catalogue generator first: no AI here); a member
// with a declared allergy logs a meal from a photo (against a vision stub on loopback), and with that model
// configured the trainer's Generate card names the AI and its fallback, which answers the stub's unusable draft.
// The gym, people and the plan the member follows are the demo data the e2e server seeds on its first start
// (packages/api/src/cli/demo.ts: every demo account has a confirmed e-mail and the demo password); the plan
// is created through the API because the builder is not the subject of the member's path.
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { startServer } from '../server.mjs';
import { apiCall, DEMO_PASSWORD, signIn } from '../lib.mjs';

const TRAINER = 'trainer@demo.pulso.example';

async function login(base, email) {
  const r = await apiCall(base, 'POST', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } });
  const me = await apiCall(base, 'GET', '/api/v1/users/me', { token: r.access_token });
  return { token: r.access_token, gym: me.gyms[0].id };
}

async function foodId(base, who, q) {
  const list = await apiCall(base, 'GET', `/api/v1/nutrition/foods?q=${encodeURIComponent(q)}&limit=1`, who);
  if (!list[0]) throw new Error(`no food for "${q}"`);
  return list[0].id;
}

/** A weight-loss plan (restrictive: following it needs a screening) with three meals on every weekday. */
async function restrictivePlan(base, name) {
  const trainer = await login(base, TRAINER);
  const [oats, milk, rice, chicken, banana] = await Promise.all(
    ['copos de avena', 'leche desnatada', 'arroz blanco de grano largo, cocido', 'pechuga', 'platano'].map(
      (q) => foodId(base, trainer, q),
    ),
  );
  const meals = [
    {
      name: 'Breakfast',
      meal_type: 'breakfast',
      items: [
        { food_id: oats, grams: 50 },
        { food_id: milk, grams: 200 },
      ],
    },
    {
      name: 'Lunch',
      meal_type: 'lunch',
      items: [
        { food_id: rice, grams: 150 },
        { food_id: chicken, grams: 120 },
      ],
    },
    { name: 'Snack', meal_type: 'snack', items: [{ food_id: banana, grams: 120 }] },
  ];
  await apiCall(base, 'POST', '/api/v1/nutrition/plans', {
    ...trainer,
    body: {
      name,
      goal: 'weight_loss',
      type: 'regular',
      target_calories: 1400,
      protein_g: 100,
      days: Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, meals })),
    },
  });
}

async function openPlan(page, t, name) {
  await page.getByRole('link', { name: t.plansNav, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: t.plansNav }).waitFor();
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

function memberGoldenPath(t, email) {
  return async ({ base, page, check }) => {
    const plan = `${t.planPrefix} ${randomUUID().slice(0, 6)}`;
    await restrictivePlan(base, plan);
    await signIn(page, base, t, email);

    // A restrictive plan asks for the safety questions first.
    await openPlan(page, t, plan);
    await page.getByRole('button', { name: t.follow }).click();
    await page.getByTestId('follow-refusal').getByText(t.required).waitFor();
    await check('plan-needs-screening');

    // The blocked case: 16 and pregnant (issue 13's seed case: CRITICAL, at least three reasons).
    await page.getByRole('link', { name: t.answer }).click();
    await page.getByRole('heading', { level: 1, name: t.screeningTitle }).waitFor();
    await check('screening-form');
    await page.getByLabel(t.age, { exact: true }).fill('16');
    await page.getByLabel(t.pregnant).check();
    await page.getByRole('button', { name: t.submit }).click();
    const blocked = page.getByTestId('screening-result');
    await blocked.waitFor();
    if ((await blocked.getAttribute('data-level')) !== 'CRITICAL') throw new Error('expected CRITICAL');
    await blocked.getByText(t.pauseHeadline).waitFor();
    await page.getByTestId('screening-professional').waitFor();
    const reasons = await page.getByTestId('screening-reasons').locator('li').count();
    if (reasons < 3) throw new Error(`expected at least 3 reasons, got ${reasons}`);
    await check('screening-blocked');

    // The plan now explains the pause and who can help.
    await openPlan(page, t, plan);
    await page.getByRole('button', { name: t.follow }).click();
    await page.getByTestId('follow-refusal').getByText(t.blocked).waitFor();
    await check('plan-blocked');

    // The LOW case.
    await page.getByRole('link', { name: t.answer }).click();
    await page.getByRole('button', { name: t.again }).click();
    await page.getByLabel(t.age, { exact: true }).fill('34');
    await page.getByLabel(t.weight).fill('70');
    await page.getByLabel(t.height).fill('175');
    // A declared allergy does not change the result; it only flags foods in meal photos (the photo path).
    await page.getByRole('checkbox', { name: t.milk, exact: true }).check();
    await page.getByRole('button', { name: t.submit }).click();
    await page.locator('[data-testid="screening-result"][data-level="LOW"]').waitFor();
    await page.getByText(t.goHeadline, { exact: true }).waitFor();
    await check('screening-low');

    // Follow, then tick off today's meals.
    await openPlan(page, t, plan);
    await page.getByRole('button', { name: t.follow }).click();
    await page.getByTestId('follow-status').waitFor();
    await page.getByRole('button', { name: t.unfollow }).waitFor();
    await check('plan-followed');
    await page.getByRole('link', { name: t.goToday }).click();
    await page.getByTestId('today-meals').locator('li').first().waitFor();
    const ticks = page.getByRole('button', { name: t.tickPattern });
    const n = await ticks.count();
    if (n !== 3) throw new Error(`expected 3 meals to tick off, found ${n}`);
    for (let left = n; left > 0; left--) {
      await ticks.first().click();
      await page.waitForFunction(
        (want) =>
          [...document.querySelectorAll('[data-testid="today-meals"] li[data-done="false"]')].length === want,
        left - 1,
      );
    }
    await page.getByTestId('tick-status').getByText(t.allDone).waitFor();
    await page.getByTestId('weekly-charts').waitFor();
    await check('meals-ticked');

    // The week's protein, carbohydrates and fat: a chart, and its figures as a table. Every meal of today is
    // ticked off, so today (the last row) has eaten as many grams of each as were planned.
    const macros = page.getByTestId('macro-chart');
    await macros.getByRole('heading', { name: t.macrosHeading }).waitFor();
    await macros.getByRole('img', { name: t.macrosChart }).waitFor();
    await macros.getByText(t.macroTable).click();
    const todayRow = macros.getByTestId('macro-table').locator('tbody tr').last();
    await todayRow.waitFor();
    const rows = await macros.getByTestId('macro-table').locator('tbody tr').count();
    if (rows !== 7) throw new Error(`expected 7 days in the macro table, found ${rows}`);
    for (const key of ['protein_g', 'carbs_g', 'fat_g']) {
      const cell = (await todayRow.locator(`td[data-key="${key}"]`).textContent())?.trim() ?? '';
      const m = /^(\d+) \/ (\d+)$/.exec(cell);
      if (!m || m[1] !== m[2] || m[1] === '0')
        throw new Error(`today's ${key}: "${cell}", want eaten = planned`);
    }
    await check('macro-chart');

    // The food diary: an accent-free search finds "Plátano"; a mistyped barcode is caught by its check digit.
    // This server has no AI model, so the meal-photo card is not offered (the photo path has one).
    const aiStatus = page.waitForResponse((r) => r.url().includes('/api/v1/nutrition/ai/status'));
    await page.getByRole('link', { name: t.diary }).click();
    await page.getByRole('heading', { level: 1, name: t.diary }).waitFor();
    const ai = await (await aiStatus).json();
    if (ai.photo_analysis !== false) throw new Error(`AI status without AI: ${JSON.stringify(ai)}`);
    await page.getByRole('searchbox', { name: t.findFood }).fill('platano');
    await page.getByRole('search').getByRole('button').click();
    await page.getByRole('button', { name: t.pickBanana }).first().click();
    await page.getByRole('button', { name: t.addToday }).click();
    await page.getByTestId('diary-today').locator('li').first().waitFor();
    await page.getByLabel(t.barcodeHint).fill('4006381333932');
    await page.getByRole('button', { name: t.lookUp }).click();
    await page.getByText(t.checkDigit).waitFor();
    if (await page.getByText(t.photoCard).count()) throw new Error('photo card shown without AI');
    if (await page.getByLabel(t.photoPick).count()) throw new Error('photo input shown without AI');
    await check('diary');

    // Stop following: the plan says so, and offers to follow it again.
    await openPlan(page, t, plan);
    await page.getByText(t.followingNow, { exact: true }).waitFor();
    await page.getByRole('button', { name: t.unfollow }).click();
    await page.getByTestId('follow-status').getByText(t.unfollowed).waitFor();
    await page.getByRole('button', { name: t.follow }).waitFor();
    if (await page.getByText(t.followingNow, { exact: true }).count())
      throw new Error('still says the plan is followed');
    if (await page.getByRole('button', { name: t.unfollow }).count())
      throw new Error('unfollow still offered');
    await check('plan-unfollowed');
  };
}

function trainerGoldenPath(t) {
  return async ({ base, page, check }) => {
    const plan = `${t.builtPrefix} ${randomUUID().slice(0, 6)}`;
    await signIn(page, base, t, TRAINER);
    await page.getByRole('link', { name: t.builderNav }).click();
    await page.getByRole('heading', { level: 1, name: t.builderNav }).waitFor();
    await page.getByLabel(t.name, { exact: true }).fill(plan);
    // A template, so that the builder's Templates card offers it below.
    await page.getByLabel(t.kind, { exact: true }).selectOption({ label: t.template });
    await page.getByLabel(t.protein).fill('120');
    await page.getByRole('button', { name: t.addMeal }).click();
    await page.getByLabel(t.mealName).fill(t.breakfast);

    // Accent-insensitive search in either language: "platano" finds "Plátano" / "Banana".
    const addFood = async (query, pick, grams) => {
      const search = page.getByRole('search').last();
      await search.getByRole('searchbox').fill(query);
      await search.getByRole('button').click();
      await page.getByRole('button', { name: pick }).first().click();
      await page.getByRole('textbox', { name: t.gramsOf }).last().fill(String(grams));
    };
    await addFood('avena', t.pickOats, 80);
    await addFood('platano', t.pickBanana, 120);
    // Oats 389 kcal and banana 89 kcal per 100 g (USDA FoodData Central, the base catalogue): 311.2 + 106.8.
    const kcalRow = page.getByTestId('builder-totals').locator('li[data-key="kcal"]');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="builder-totals"] li[data-key="kcal"]')?.dataset.actual ===
        '418',
    );
    if ((await kcalRow.getAttribute('data-status')) !== 'under') throw new Error('418 of 2000 kcal is under');
    await check('builder');

    await page.getByRole('button', { name: t.save }).click();
    await page.getByRole('heading', { level: 1, name: plan }).waitFor();
    const saved = Number(
      await page.getByTestId('plan-day-totals').locator('li[data-key="kcal"]').getAttribute('data-actual'),
    );
    if (Math.abs(saved - 418) > 1) throw new Error(`saved day total ${saved} kcal, built 418`);
    await page.getByText(t.followersHeading, { exact: true }).waitFor();
    await check('plan-detail');
    const trainer = await login(base, TRAINER);
    const planId = Number(new URL(page.url()).pathname.split('/').pop());

    // Start a new plan from the template: the builder opens a copy of it, named and totalled as the template.
    const kcalOf = async (testId) =>
      Number(await page.getByTestId(testId).locator('li[data-key="kcal"]').getAttribute('data-actual'));
    const builderId = () => Number(new URL(page.url()).searchParams.get('id'));
    await page.getByRole('link', { name: t.builderNav }).click();
    await page.getByRole('heading', { level: 1, name: t.builderNav }).waitFor();
    await page.getByRole('button', { name: t.useTemplate(plan) }).click();
    await page.getByRole('heading', { level: 1, name: t.editPlan }).waitFor();
    const fromTemplate = builderId();
    if (!fromTemplate || fromTemplate === planId) throw new Error(`template copy id ${fromTemplate}`);
    const nameBox = page.getByLabel(t.name, { exact: true });
    await page.waitForFunction(
      (want) => [...document.querySelectorAll('input')].some((i) => i.value === want),
      plan,
    );
    if ((await nameBox.inputValue()) !== plan)
      throw new Error('the template copy is not named as the template');
    if (Math.abs((await kcalOf('builder-totals')) - 418) > 1) throw new Error('template copy totals differ');
    const weekPlan = `${t.weekPrefix} ${randomUUID().slice(0, 6)}`;
    await nameBox.fill(weekPlan);
    await page.getByRole('button', { name: t.save }).click();
    await page.getByRole('heading', { level: 1, name: weekPlan }).waitFor();
    if (Math.abs((await kcalOf('plan-day-totals')) - 418) > 1) throw new Error('plan from template totals');
    await check('plan-from-template');

    // Duplicate it from its page: the copy opens in the builder, same name and totals, a plan of its own.
    await page.getByRole('button', { name: t.duplicate }).click();
    await page.getByRole('heading', { level: 1, name: t.editPlan }).waitFor();
    await page.waitForFunction(
      (want) => [...document.querySelectorAll('input')].some((i) => i.value === want),
      weekPlan,
    );
    const copyId = builderId();
    if (!copyId || copyId === fromTemplate || copyId === planId) throw new Error(`duplicate id ${copyId}`);
    if (Math.abs((await kcalOf('builder-totals')) - 418) > 1) throw new Error('duplicate totals differ');
    await check('plan-duplicated');
    const [orig, copy] = await Promise.all(
      [fromTemplate, copyId].map((id) => apiCall(base, 'GET', `/api/v1/nutrition/plans/${id}`, trainer)),
    );
    if (copy.name !== weekPlan || copy.type !== orig.type)
      throw new Error(`copy ${copy.name} (${copy.type})`);
    const dayKcal = (p) => p.days.map((d) => Math.round(d.totals.kcal)).join();
    if (dayKcal(copy) !== dayKcal(orig) || dayKcal(copy) !== '418')
      throw new Error(`copy day totals ${dayKcal(copy)}, original ${dayKcal(orig)}`);

    await page.getByRole('link', { name: t.analyticsNav }).click();
    await page.getByRole('heading', { level: 1, name: t.analyticsNav }).waitFor();
    await page.getByText(t.livePlans, { exact: true }).waitFor();

    // A guardian's consent for a member under 18, recorded by staff (audited, so the owner can read it).
    await page.getByLabel(t.consentMember, { exact: true }).selectOption({ label: 'Mateo Member' });
    await page.getByTestId('member-screening').waitFor();
    await page.getByLabel(t.guardianName).fill('Rosa Member');
    await page.getByLabel(t.relationship).fill(t.mother);
    await page.getByRole('button', { name: t.recordConsent }).click();
    await page.getByRole('status').getByText(t.consentRecorded).waitFor();
    await check('analytics');
    const owner = await login(base, 'owner@demo.pulso.example');
    const audit = await apiCall(
      base,
      'GET',
      '/api/v1/audit-logs?action=nutrition.guardian_consent&limit=100',
      owner,
    );
    if (!audit.length) throw new Error('no audit row for the recorded consent');

    // AI generation needs the author's own screening; without AI configured the fallback builds the plan,
    // and the page says so before the button is pressed and again with the answer.
    await page.getByRole('link', { name: t.nutritionNav, exact: true }).click();
    await page.getByRole('link', { name: t.screeningLink }).click();
    await page.getByLabel(t.age, { exact: true }).fill('35');
    await page.getByRole('button', { name: t.submit }).click();
    await page.locator('[data-testid="screening-result"][data-level="LOW"]').waitFor();
    await page.getByRole('link', { name: t.builderNav }).click();
    await expectGeneratorAhead(page, t, 'catalogue');
    await check('generate-without-ai');
    await page.getByRole('button', { name: t.generate }).click();
    const gen = page.getByTestId('generation');
    await gen.waitFor({ timeout: 120_000 });
    if ((await gen.getAttribute('data-source')) !== 'fallback') throw new Error('expected the fallback');
    await gen.getByText(t.fallbackSource).waitFor();
    await check('generated');
  };
}

/**
 * The Generate card says which generator will answer before it is asked: `want` is 'catalogue' or 'ai', and
 * the button is described by that sentence, so a screen reader hears it on the button too.
 */
async function expectGeneratorAhead(page, t, want) {
  const note = page.getByTestId('generator-ahead');
  await note.getByText(want === 'ai' ? t.aheadAi : t.aheadCatalogue).waitFor();
  if ((await note.getAttribute('data-generator')) !== want) throw new Error(`expected the ${want} generator`);
  const other = want === 'ai' ? t.aheadCatalogue : t.aheadAi;
  if (await page.getByText(other).count()) throw new Error(`the card also names the other generator`);
  const described = await page.getByRole('button', { name: t.generate }).getAttribute('aria-describedby');
  if (described !== (await note.getAttribute('id'))) throw new Error(`Generate described by "${described}"`);
}

/**
 * An OpenAI-compatible vision stub on loopback: every chat completion proposes `items` (what the model "sees").
 * The API under test is configured to use it, as an operator would point it at a real provider.
 */
async function visionStub(items) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          id: 'chatcmpl-e2e',
          object: 'chat.completion',
          created: 0,
          model: 'e2e-vision',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: { role: 'assistant', content: JSON.stringify({ items }), refusal: null },
            },
          ],
          usage: { prompt_tokens: 900, completion_tokens: 100, total_tokens: 1000 },
        }),
      );
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** A 1×1 PNG: the stub does not look at it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A member who declared a milk allergy logs a meal from a photo: the milk is flagged and left unticked. */
function photoGoldenPath(t) {
  return async ({ page, check }) => {
    // Names from the base catalogue (USDA FoodData Central), so the API matches them to its foods.
    const milkName = 'Milk, nonfat (skim)';
    const riceName = 'Rice, white, long-grain, regular, cooked, enriched';
    const stub = await visionStub([
      { food: milkName, grams: 200, confidence: 0.9 },
      { food: riceName, grams: 150, confidence: 0.8 },
    ]);
    const server = await startServer({
      env: { AI_API_KEY: 'sk-e2e', AI_BASE_URL: stub.url, AI_DEADLINE_MS: '20000' },
    });
    try {
      const base = server.base;
      const member = await login(base, 'member2@demo.pulso.example');
      const milk = (
        await apiCall(base, 'GET', `/api/v1/nutrition/foods?q=${encodeURIComponent('milk')}&limit=50`, member)
      ).find((f) => f.name_en === milkName);
      if (!milk?.allergens.includes('milk')) throw new Error(`no catalogue milk: ${JSON.stringify(milk)}`);
      await apiCall(base, 'POST', '/api/v1/nutrition/safety/screenings', {
        ...member,
        body: { age: 30, allergies: ['milk'] },
      });
      await signIn(page, base, t, 'member2@demo.pulso.example');
      await page.getByRole('link', { name: t.nutritionNav, exact: true }).click();
      await page.getByRole('link', { name: t.diary }).click();
      await page.getByRole('heading', { level: 1, name: t.diary }).waitFor();
      await page
        .getByLabel(t.photoPick)
        .setInputFiles({ name: 'meal.png', mimeType: 'image/png', buffer: PNG });
      await page.getByTestId('photo-warnings').waitFor();
      const milkBox = page.getByRole('checkbox', { name: milkName });
      const riceBox = page.getByRole('checkbox', { name: riceName });
      await milkBox.waitFor();
      if (await milkBox.isChecked()) throw new Error('the declared allergen started ticked');
      if (!(await riceBox.isChecked())) throw new Error('the plain food started unticked');
      await page.getByText(t.containsMilk).waitFor();
      await check('diary-photo');
      await page.getByRole('button', { name: t.logTicked }).click();
      await page.getByText(t.loggedOne).waitFor();
      // Rice alone: 150 g × 130 kcal / 100 g (the base catalogue's USDA figure); with the milk it would be 263.
      const today = await apiCall(base, 'GET', '/api/v1/nutrition/progress/today', member);
      if (Math.round(today.eaten.kcal) !== 195) throw new Error(`eaten ${today.eaten.kcal} kcal, not 195`);

      // With a model configured, the builder's Generate card says an AI drafts the plan and the catalogue
      // generator steps in if it fails; this stub only ever answers with photo items, not a plan, so it does.
      const trainer = await login(base, TRAINER);
      await apiCall(base, 'POST', '/api/v1/nutrition/safety/screenings', { ...trainer, body: { age: 35 } });
      await page.getByRole('button', { name: t.signOut }).click();
      await signIn(page, base, t, TRAINER);
      await page.getByRole('link', { name: t.builderNav }).click();
      await page.getByRole('heading', { level: 1, name: t.builderNav }).waitFor();
      await expectGeneratorAhead(page, t, 'ai');
      await check('generate-with-ai');
      await page.getByRole('button', { name: t.generate }).click();
      const gen = page.getByTestId('generation');
      await gen.waitFor({ timeout: 120_000 });
      if ((await gen.getAttribute('data-source')) !== 'fallback') throw new Error('expected the fallback');
      await gen.getByText(t.fallbackUnusable).waitFor();
      await check('generated-ai-fallback');
    } finally {
      await server.stop();
      await stub.close();
    }
  };
}

const EN = {
  email: 'E-mail',
  password: 'Password',
  signIn: 'Sign in',
  today: 'Today',
  plansNav: 'Meal plans',
  planPrefix: 'Lighter weeks',
  follow: 'Follow this plan',
  unfollow: 'Stop following',
  followingNow: 'You follow this plan.',
  unfollowed: 'You no longer follow this plan.',
  macrosHeading: 'Protein, carbohydrates and fat',
  macrosChart: /^Grams of protein, carbohydrates and fat eaten/,
  macroTable: 'Show the grams per day',
  photoCard: 'From a photo of the meal',
  required: /we first ask a few short health questions/,
  blocked: /started with a health professional/,
  answer: 'Answer the questions',
  screeningTitle: 'Safety questions',
  age: 'Age',
  weight: 'Weight (kg, optional)',
  height: 'Height (cm, optional)',
  pregnant: 'I am pregnant',
  submit: 'See my result',
  again: 'Answer again',
  pauseHeadline: 'Let’s start this with a professional',
  goHeadline: 'You can go ahead',
  goToday: 'See today’s meals',
  tickPattern: /^Done: /,
  allDone: 'Every meal of today ticked off. Well done!',
  builderNav: 'Plan builder',
  builtPrefix: 'Built in the browser',
  name: 'Name',
  protein: 'Protein (g a day, optional)',
  addMeal: 'Add a meal',
  mealName: 'Meal name',
  breakfast: 'Breakfast',
  pickOats: /^Add Oats, raw/,
  pickBanana: /^Add Banana, raw/,
  gramsOf: /^Grams of /,
  save: 'Save the plan',
  kind: 'Kind',
  template: 'Template',
  useTemplate: (name) => `Use “${name}”`,
  editPlan: 'Edit plan',
  weekPrefix: 'Week from a template',
  duplicate: 'Duplicate',
  followersHeading: 'Followers',
  diary: 'Food diary',
  findFood: 'Find a food',
  addToday: 'Add to today',
  barcodeHint: 'The digits under the bars.',
  lookUp: 'Look up',
  checkDigit: /One digit looks mistyped/,
  analyticsNav: 'Nutrition analytics',
  livePlans: 'Live plans',
  nutritionNav: 'Nutrition',
  screeningLink: 'Safety questions',
  generate: 'Generate a plan',
  fallbackSource: /^Built by Pulso’s own generator \(no AI is configured\)/,
  fallbackUnusable: /^Built by Pulso’s own generator \(the AI answer was not usable\)/,
  aheadCatalogue:
    /^No AI model is available to this gym right now, so Pulso’s own generator will build the plan from the food catalogue .*within ±5 % of the targets\.$/,
  aheadAi:
    /^An AI model drafts the plan from the food catalogue\. If it fails.*Pulso’s own generator builds it/,
  signOut: 'Sign out',
  milk: 'Milk',
  consentMember: 'Member',
  guardianName: 'Guardian’s full name',
  relationship: 'Relationship (optional, e.g. mother)',
  mother: 'Mother',
  recordConsent: 'Record consent',
  consentRecorded: 'Consent from Rosa Member recorded for Mateo Member.',
  photoPick: 'Choose a photo',
  containsMilk: /^Contains milk, which you told us you react to/,
  logTicked: 'Log the ticked foods',
  loggedOne: '1 food logged.',
};

const ES = {
  ...EN,
  email: 'Correo electrónico',
  password: 'Contraseña',
  signIn: 'Iniciar sesión',
  today: 'Hoy',
  plansNav: 'Planes de comidas',
  planPrefix: 'Semanas ligeras',
  follow: 'Seguir este plan',
  unfollow: 'Dejar de seguir',
  followingNow: 'Sigues este plan.',
  unfollowed: 'Ya no sigues este plan.',
  macrosHeading: 'Proteínas, hidratos de carbono y grasas',
  macrosChart: /^Gramos de proteínas, hidratos de carbono y grasas comidos/,
  macroTable: 'Ver los gramos por día',
  photoCard: 'Desde una foto de la comida',
  required: /antes te hacemos unas preguntas breves de salud/,
  blocked: /conviene empezar este plan con un profesional de la salud/,
  answer: 'Responder las preguntas',
  screeningTitle: 'Preguntas de seguridad',
  age: 'Edad',
  weight: 'Peso (kg, opcional)',
  height: 'Altura (cm, opcional)',
  pregnant: 'Estoy embarazada',
  submit: 'Ver mi resultado',
  again: 'Responder de nuevo',
  pauseHeadline: 'Mejor empezar con un profesional',
  goHeadline: 'Puedes empezar',
  goToday: 'Ver las comidas de hoy',
  tickPattern: /^Hecho: /,
  allDone: 'Todas las comidas de hoy marcadas. ¡Enhorabuena!',
  diary: 'Diario de comidas',
  findFood: 'Busca un alimento',
  addToday: 'Añadir a hoy',
  barcodeHint: 'Los números bajo las barras.',
  lookUp: 'Buscar el código',
  checkDigit: /Parece que hay un número mal escrito/,
  pickBanana: /^Añadir Plátano crudo/,
  milk: 'Leche',
};

export const scenarios = [
  // Two demo members: each answers twice, within the three screenings a day a person may do.
  { name: 'nutrition-member-en', locale: 'en-GB', run: memberGoldenPath(EN, 'member3@demo.pulso.example') },
  { name: 'nutrition-member-es', locale: 'es-ES', run: memberGoldenPath(ES, 'member1@demo.pulso.example') },
  { name: 'nutrition-trainer-en', locale: 'en-GB', run: trainerGoldenPath(EN) },
  { name: 'nutrition-photo-en', locale: 'en-GB', run: photoGoldenPath(EN) },
];
