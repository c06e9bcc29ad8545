// The athlete's golden path: a GPX run imported, opened, the race prediction and the training week.
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
};

export const scenarios = [
  { name: 'athlete-en', locale: 'en-GB', run: athleteGoldenPath(EN) },
  { name: 'athlete-es', locale: 'es-ES', run: athleteGoldenPath(ES) },
];
