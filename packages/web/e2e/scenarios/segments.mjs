/* global fetch */
// The route-segments golden path: an athlete imports a GPX run, makes a segment from a stretch of it, sees their
// effort on its leaderboard (found by the server's background matching of the new segment against the workouts
// already imported), reports the road quality, finds the segment nearby and reads their records. The athlete runs a
// gym of their own and shares the segment with it.
import { PASSWORD, register } from '../lib.mjs';

const sample = new URL('../../../api/samples/retiro-loop.gpx', import.meta.url).pathname;
// Near the start of the sample run (Retiro park, Madrid).
const RETIRO = { latitude: 40.4153, longitude: -3.6845 };

async function call(base, method, path, { token, body } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function segmentsGoldenPath(t, { geolocation }) {
  return async ({ base, page, check }) => {
    const email = await register(page, base, t);
    // A gym of their own (created through the API, as its owner), picked up by the app on reload.
    const session = await call(base, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    await call(base, 'POST', '/api/v1/gyms', { token: session.access_token, body: { name: t.gymName } });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: t.today }).waitFor();

    await page.getByRole('link', { name: t.workouts }).click();
    await page.getByTestId('file-input').setInputFiles(sample);
    await page.getByTestId('imported').waitFor({ timeout: 120_000 });

    await page.getByRole('link', { name: t.segments, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.segmentsTitle }).waitFor();
    // The demo data's public segments round the Retiro are listed, newest first.
    await page.getByTestId('segment-list').locator('li').first().waitFor();
    await check('segments');

    // Pick the workout, then the stretch: the default is offered; the end slider moves it from the keyboard.
    await page.getByRole('link', { name: t.newSegment }).click();
    await page.getByTestId('workout-picker').locator('a').first().click();
    await page.getByTestId('stretch-track').waitFor();
    const before = await page.getByTestId('stretch-length').textContent();
    const end = page.getByLabel(new RegExp(t.endAt));
    await end.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    const after = await page.getByTestId('stretch-length').textContent();
    if (after === before) throw new Error(`the end slider did not change the stretch ("${before}")`);
    // Shared with my gym: the choice of gym appears with it, the gym chosen in the header first.
    await page.getByLabel(t.visibilityGym).check();
    const gymSelect = page.getByLabel(t.whichGym);
    await gymSelect.waitFor();
    const chosen = await gymSelect.evaluate((el) => el.options[el.selectedIndex]?.text);
    if (chosen !== t.gymName) throw new Error(`the gym offered is "${chosen}", not "${t.gymName}"`);
    // Saving without a name says so next to the field.
    await page.getByRole('button', { name: t.save }).click();
    await page.getByText(t.nameRequired).waitFor();
    await check('segment-new');
    await page.getByLabel(t.name, { exact: true }).fill(t.segmentName);
    await page.getByRole('button', { name: t.save }).click();

    // The segment's page: the effort of the workout it was made from tops the leaderboard once matching is done.
    await page.getByRole('heading', { level: 1, name: t.segmentName }).waitFor();
    await page.getByText(`${t.sharedWith}${t.gymName}`, { exact: true }).waitFor();
    const board = page.getByTestId('leaderboard');
    await board.waitFor({ timeout: 120_000 });
    await board.getByRole('cell', { name: 'Ana Runner' }).waitFor();
    await check('segment-leaderboard');

    // A road-quality report, with the smoothness scale opened.
    await page.getByText(t.scale).click();
    await page.getByTestId('smoothness-scale').waitFor();
    // The surface scale: eight textures in pictures, each with its meaning and the OSM values it covers.
    await page.getByText(t.surfaceScale).click();
    const surfaces = page.getByTestId('surface-scale');
    await surfaces.getByText(t.pavedMeans).waitFor();
    if ((await surfaces.locator('svg[data-texture]').count()) !== 8)
      throw new Error('the surface scale should draw eight textures');
    await page.getByRole('button', { name: t.sendReport }).click();
    await page.getByText(t.ratingRequired).waitFor();
    await page.getByLabel(t.rating4).check();
    await page.getByLabel(t.surface, { exact: true }).selectOption('asphalt');
    await page.getByTestId('quality-form').locator('svg[data-texture="paved"]').waitFor();
    await page.getByRole('radio', { name: new RegExp(`^${t.good}`) }).check();
    await page.getByLabel(t.pothole).check();
    await page.getByRole('button', { name: t.sendReport }).click();
    await page.getByTestId('report-saved').waitFor();
    await page.getByTestId('quality-badge').waitFor();
    await check('segment-report');

    // Nearby: from the browser's location, or typed.
    await page.getByRole('link', { name: t.segments, exact: true }).click();
    if (geolocation) {
      await page.context().grantPermissions(['geolocation'], { origin: base });
      await page.context().setGeolocation(RETIRO);
      await page.getByRole('button', { name: t.nearMe }).click();
    } else {
      const typed = page.getByLabel(t.nearTyped);
      await typed.fill('Retiro');
      await page.getByRole('button', { name: t.search, exact: true }).click();
      await page.getByText(t.latlonFormat).waitFor();
      await typed.fill(`${RETIRO.latitude}, ${RETIRO.longitude}`);
      await page.getByRole('button', { name: t.search, exact: true }).click();
    }
    await page.getByText(new RegExp(t.away)).first().waitFor();
    await page.getByTestId('segment-list').getByText(t.segmentName).waitFor();
    await check('segments-near');

    await page.getByRole('button', { name: t.map }).click();
    await page.getByTestId('segment-map').locator('path').first().waitFor();
    await check('segments-map');

    await page.getByRole('link', { name: t.records }).click();
    await page.getByTestId('records').getByText(t.segmentName).waitFor();
    await check('segment-records');
  };
}

const EN = {
  name: 'Name',
  email: 'E-mail',
  password: 'Password',
  create: 'Create account',
  today: 'Today',
  workouts: 'Workouts',
  segments: 'Segments',
  segmentsTitle: 'Route segments',
  newSegment: 'New segment from a workout',
  endAt: '^End: at',
  save: 'Save segment',
  nameRequired: 'Give the segment a name.',
  segmentName: 'Retiro stretch',
  gymName: 'Retiro Runners',
  visibilityGym: 'The members of one of my gyms',
  whichGym: 'Which gym',
  sharedWith: 'Gym: ',
  scale: 'What the smoothness grades mean',
  surfaceScale: 'What the surfaces mean',
  pavedMeans: /^Paved — smooth and hard/,
  sendReport: 'Send report',
  ratingRequired: 'Choose how the road was overall.',
  rating4: '4 · Good',
  surface: 'Surface',
  good: 'Good',
  pothole: 'Potholes',
  nearMe: 'Segments near me',
  nearTyped: 'Or near a place (latitude, longitude)',
  search: 'Search',
  latlonFormat: 'Write it as latitude, longitude',
  away: '\\d k?m away',
  map: 'Map',
  records: 'My records',
};

const ES = {
  name: 'Nombre',
  email: 'Correo electrónico',
  password: 'Contraseña',
  create: 'Crear cuenta',
  today: 'Hoy',
  workouts: 'Entrenamientos',
  segments: 'Segmentos',
  segmentsTitle: 'Segmentos de ruta',
  newSegment: 'Nuevo segmento desde un entrenamiento',
  endAt: '^Final: a',
  save: 'Guardar segmento',
  nameRequired: 'Ponle un nombre al segmento.',
  segmentName: 'Tramo del Retiro',
  gymName: 'Corredores del Retiro',
  visibilityGym: 'Quienes son miembros de uno de mis gimnasios',
  whichGym: 'Qué gimnasio',
  sharedWith: 'Gimnasio: ',
  scale: 'Qué significa cada grado de regularidad',
  surfaceScale: 'Qué significa cada superficie',
  pavedMeans: /^Pavimentado — liso y duro/,
  sendReport: 'Enviar informe',
  ratingRequired: 'Elige cómo estaba el camino en general.',
  rating4: '4 · Bueno',
  surface: 'Superficie',
  good: 'Buena',
  pothole: 'Baches',
  nearMe: 'Segmentos cerca de mí',
  nearTyped: 'O cerca de un lugar (latitud, longitud)',
  search: 'Buscar',
  latlonFormat: 'Escríbelo como latitud, longitud',
  away: '^a \\d',
  map: 'Mapa',
  records: 'Mis marcas',
};

export const scenarios = [
  { name: 'segments-en', locale: 'en-GB', run: segmentsGoldenPath(EN, { geolocation: true }) },
  { name: 'segments-es', locale: 'es-ES', run: segmentsGoldenPath(ES, { geolocation: false }) },
];
