// The athlete's golden path: a GPX run imported, opened, found in the calendar; zones, guides, progress; the race
// prediction and the training week.
import { register } from '../lib.mjs';

const sample = new URL('../../../api/samples/retiro-loop.gpx', import.meta.url).pathname;

/** An athlete imports a GPX run, opens it, reads the race prediction and the training week. */
function athleteGoldenPath(t) {
  return async ({ base, page, check }) => {
    await page.goto(`${base}/sign-in`);
    await page.getByRole('heading', { name: t.signInTitle }).waitFor();
    await check('sign-in');
    await register(page, base, t);
    await page.getByTestId('readiness-score').waitFor();
    await check('dashboard');

    await page.getByRole('link', { name: t.workouts }).click();
    await page.getByText(t.emptyWorkouts).waitFor();
    await check('workouts-empty');
    await page.getByTestId('file-input').setInputFiles(sample);
    await page.getByTestId('imported').waitFor({ timeout: 120_000 });
    const row = page.locator('main ul li a').first();
    await row.waitFor();
    await check('workouts');

    await row.click();
    await page.getByRole('img', { name: t.track }).waitFor();
    await page.getByTestId('splits').waitFor();
    // Hovering the pace chart puts a dot on the track.
    const chart = page.locator('.uplot .u-over').first();
    await chart.waitFor();
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    // Two moves: uPlot tracks the cursor from mousemove events over its overlay.
    await chart.scrollIntoViewIfNeeded();
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await page.getByTestId('track-dot').waitFor();
    await check('workout');

    // The calendar: the switch from the list, then the sample's month (a deep link: the session survives the
    // reload through its cookie). The run is on Monday 5 October 2026 (its GPX times).
    await page.getByRole('link', { name: t.workouts }).click();
    await page.getByRole('link', { name: t.calendar, exact: true }).click();
    await page.getByRole('grid').waitFor();
    await page.goto(`${base}/workouts?view=calendar&month=2026-10`);
    const cell = page.locator('[data-date="2026-10-05"]');
    await cell.click();
    await page.getByTestId('calendar-day').getByRole('link').first().waitFor();
    // Keyboard: the arrows move the focus between days; Enter opens the day's workout.
    await cell.press('ArrowRight');
    await page.locator('[data-date="2026-10-06"]:focus').waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.locator('[data-date="2026-10-05"]:focus').waitFor();
    await check('calendar');
    await page.keyboard.press('Enter');
    await page.getByRole('img', { name: t.track }).waitFor();

    // A new athlete has no maximum heart rate or birth date: the page asks for the heart rates.
    await page.getByRole('link', { name: t.zones, exact: true }).click();
    await page.getByText(t.zonesNeedHr).waitFor();
    await page.getByLabel(t.maxHr).fill('190');
    await page.getByLabel(t.restingHr).fill('50');
    await page.getByRole('button', { name: t.showZones }).click();
    await page.getByTestId('zones').waitFor();
    await page.getByTestId('zones-derivation').waitFor();
    await check('zones');
    await page.getByTestId('guide-zones').click();
    await page.getByRole('heading', { level: 2, name: t.zonesGuide }).waitFor();
    await check('guides');

    await page.getByRole('link', { name: t.progress, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.progress }).waitFor();
    await page.getByTestId('progress-summary').waitFor();
    await check('progress');

    await page.getByRole('link', { name: t.race }).click();
    await page.getByRole('button', { name: t.predict }).click();
    const time = await page.getByTestId('predicted-time').textContent();
    if (!/^\d+:\d\d(:\d\d)?$/.test(time.trim())) throw new Error(`predicted time "${time}"`);
    await page.getByText(t.predicted).waitFor();
    await check('race');

    await page.getByRole('link', { name: t.plan, exact: true }).click();
    await page.getByText(t.emptyPlan).waitFor();
    await page.getByRole('button', { name: t.createPlan }).click();
    await page.getByTestId('week').waitFor();
    await page.getByRole('heading', { name: new RegExp(t.weekHeading) }).waitFor();
    await page.getByTestId('adaptation').waitFor();
    await check('plan');

    await page.getByRole('link', { name: 'Ana Runner' }).click();
    await page.getByRole('heading', { name: t.profile }).waitFor();
    await check('profile');
  };
}

const EN = {
  name: 'Name',
  email: 'E-mail',
  password: 'Password',
  create: 'Create account',
  today: 'Today',
  signInTitle: 'Sign in to Pulso',
  workouts: 'Workouts',
  emptyWorkouts: 'No workouts yet',
  track: 'Track',
  race: 'Race predictor',
  predict: 'Predict',
  predicted: 'Predicted time',
  plan: 'Training week',
  emptyPlan: 'No training plan yet',
  createPlan: 'Create a plan',
  weekHeading: '^Week \\d+',
  profile: 'Profile',
  calendar: 'Calendar',
  zones: 'Zones',
  zonesGuide: 'Heart-rate and pace zones',
  zonesNeedHr: 'Your zones need your maximum heart rate',
  maxHr: 'Maximum heart rate (bpm)',
  restingHr: 'Resting heart rate (bpm, optional)',
  showZones: 'Show my zones',
  progress: 'Progress',
};

const ES = {
  name: 'Nombre',
  email: 'Correo electrónico',
  password: 'Contraseña',
  create: 'Crear cuenta',
  today: 'Hoy',
  signInTitle: 'Inicia sesión en Pulso',
  workouts: 'Entrenamientos',
  emptyWorkouts: 'Aún no hay entrenamientos',
  track: 'Recorrido',
  race: 'Predictor de carrera',
  predict: 'Predecir',
  predicted: 'Tiempo previsto',
  plan: 'Semana de entrenamiento',
  emptyPlan: 'Aún no tienes plan de entrenamiento',
  createPlan: 'Crear un plan',
  weekHeading: '^Semana \\d+',
  profile: 'Perfil',
  calendar: 'Calendario',
  zones: 'Zonas',
  zonesGuide: 'Zonas de pulso y de ritmo',
  zonesNeedHr: 'Tus zonas necesitan tu frecuencia cardiaca máxima',
  maxHr: 'Frecuencia cardiaca máxima (ppm)',
  restingHr: 'Frecuencia cardiaca en reposo (ppm, opcional)',
  showZones: 'Ver mis zonas',
  progress: 'Progreso',
};

export const scenarios = [
  { name: 'athlete-en', locale: 'en-GB', run: athleteGoldenPath(EN) },
  { name: 'athlete-es', locale: 'es-ES', run: athleteGoldenPath(ES) },
];
