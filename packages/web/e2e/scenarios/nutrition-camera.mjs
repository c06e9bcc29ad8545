/* global window, document, navigator, DOMException, DOMRectReadOnly, HTMLVideoElement, setInterval, clearInterval */
// The food diary's camera entry: someone of the demo gym scans its protein bar and logs it.
//
// Why a stand-in: the diary offers the camera only where the browser has the Barcode Detection API
// (`window.BarcodeDetector`, Chromium on Android and macOS), and the Chromium this runs in, Debian's on Linux,
// has none, so without one the scan button never shows and the path cannot be walked. The browser API is the
// third party here: the init script below stands in for it (it "reads" one known code once the page has put
// the camera's picture into the video) and for the camera (a canvas stream), so nothing about the browser's
// launch changes. What is under test is the app's side: it asks for the camera, hands the detector the video,
// checks the code's GS1 digit, looks it up in the gym's catalogue and logs the food.
// The food is the demo data the e2e server seeds (packages/api/src/modules/foods/demo.ts: the demo gym's
// protein bar), read here through the API so the scenario follows the seed.

import { apiCall, DEMO_PASSWORD, signIn } from '../lib.mjs';

const DEMO_GYM = 'Demo Gym';
const BAR_NAME = 'Gym protein bar, chocolate';

/** The demo gym's own food with a barcode, as the member's catalogue has it. */
async function demoBar(base, email) {
  const r = await apiCall(base, 'POST', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } });
  const me = await apiCall(base, 'GET', '/api/v1/users/me', { token: r.access_token });
  const gym = me.gyms.find((g) => g.name === DEMO_GYM);
  if (!gym) throw new Error(`${email} is not in ${DEMO_GYM}`);
  const found = await apiCall(
    base,
    'GET',
    `/api/v1/nutrition/foods?q=${encodeURIComponent(BAR_NAME)}&limit=5`,
    {
      token: r.access_token,
      gym: gym.id,
    },
  );
  const bar = found.find((f) => f.name_en === BAR_NAME && f.barcode);
  if (!bar) throw new Error(`no "${BAR_NAME}" with a barcode in ${DEMO_GYM}'s catalogue`);
  return bar;
}

/**
 * Runs in the page before the app. `code` is the only value the detector ever reports. The detector answers
 * nothing until the video plays a picture (as a real one finds no code in a black frame), and counts the
 * cameras opened and stopped so the scenario can see the app closes what it opens.
 */
function fakeCameraAndDetector(code) {
  const camera = { opened: 0, stopped: 0 };
  window.__camera = camera;
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const paint = () => {
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#000';
    for (let x = 40; x < 280; x += 6) g.fillRect(x, 60, x % 4 ? 2 : 4, 120);
  };
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    if (!constraints || !constraints.video) throw new DOMException('video only', 'NotSupportedError');
    paint();
    const stream = canvas.captureStream(10);
    camera.opened++;
    for (const track of stream.getTracks()) {
      const stop = track.stop.bind(track);
      track.stop = () => {
        if (track.readyState === 'live') camera.stopped++;
        stop();
      };
    }
    // A canvas stream sends a frame only when the canvas is drawn on.
    const timer = setInterval(() => {
      if (stream.getTracks().every((t) => t.readyState === 'ended')) clearInterval(timer);
      else paint();
    }, 100);
    return stream;
  };
  window.BarcodeDetector = class BarcodeDetector {
    constructor(options = {}) {
      this.formats = options.formats ?? [];
    }
    static async getSupportedFormats() {
      return ['ean_13', 'ean_8', 'upc_a', 'upc_e'];
    }
    async detect(source) {
      const playing =
        source instanceof HTMLVideoElement &&
        source.readyState >= 2 &&
        source.videoWidth > 0 &&
        !source.paused;
      if (!playing) return [];
      const format = code.length === 8 ? 'ean_8' : 'ean_13';
      if (this.formats.length && !this.formats.includes(format)) return [];
      return [
        { rawValue: code, format, boundingBox: new DOMRectReadOnly(40, 60, 240, 120), cornerPoints: [] },
      ];
    }
  };
}

function cameraPath(t, email) {
  return async ({ base, page, check }) => {
    const bar = await demoBar(base, email);
    const barName = t.lang === 'es' ? bar.name_es : bar.name_en;
    await page.addInitScript(fakeCameraAndDetector, bar.barcode);

    await signIn(page, base, t, email);
    await page.getByTestId('gym-switcher').selectOption({ label: DEMO_GYM });
    await page.getByRole('link', { name: t.nutritionNav, exact: true }).click();
    await page.getByRole('link', { name: t.diary }).click();
    await page.getByRole('heading', { level: 1, name: t.diary }).waitFor();

    // With a detector the diary offers the camera beside the typed entry.
    await page.getByRole('button', { name: t.scan }).click();
    // The scan ends by itself once the code is read: the camera view goes and the food is chosen.
    const addForm = page.locator('form').filter({ has: page.getByRole('button', { name: t.addToday }) });
    await addForm.getByText(barName, { exact: true }).waitFor();
    await page.getByLabel(t.camera).waitFor({ state: 'detached' });
    const typed = await page.getByLabel(t.barcodeHint).inputValue();
    if (typed !== bar.barcode) throw new Error(`the scanned code shows as "${typed}", not ${bar.barcode}`);
    await check('diary-scanned');

    // One bar (60 g) at breakfast.
    await addForm.getByLabel(t.grams).fill('60');
    await addForm.getByLabel(t.meal).selectOption({ label: t.breakfast });
    // The app's client sends bodies as streams, which the browser does not show to playwright: the entry the
    // API answers with is what was stored.
    const posted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/nutrition/diary',
    );
    await addForm.getByRole('button', { name: t.addToday }).click();
    const entryJson = await (await posted).json();
    if (entryJson.food_id !== bar.id || entryJson.grams !== 60 || entryJson.meal_type !== 'breakfast')
      throw new Error(`diary entry stored as ${JSON.stringify(entryJson)}`);
    await page.getByTestId('diary-status').getByText(t.added(barName)).waitFor();
    const entry = page.getByTestId('diary-today').locator('li').filter({ hasText: barName });
    await entry.getByText(`60 ${t.g}`, { exact: false }).waitFor();
    await entry.getByText(t.breakfast, { exact: false }).waitFor();

    // The camera the app opened is closed again (one scan, one stream).
    const camera = await page.evaluate(() => window.__camera);
    if (camera.opened !== 1 || camera.stopped !== 1)
      throw new Error(`camera opened ${camera.opened} time(s), stopped ${camera.stopped}`);
    await check('diary-scanned-logged');
  };
}

const EN = {
  lang: 'en',
  email: 'E-mail',
  password: 'Password',
  signIn: 'Sign in',
  today: 'Today',
  nutritionNav: 'Nutrition',
  diary: 'Food diary',
  scan: 'Scan with the camera',
  camera: 'Camera view for scanning a barcode',
  barcodeHint: 'The digits under the bars.',
  grams: 'Grams',
  meal: 'Meal',
  breakfast: 'Breakfast',
  addToday: 'Add to today',
  added: (name) => `${name} added to today’s diary.`,
  g: 'g',
};

const ES = {
  lang: 'es',
  email: 'Correo electrónico',
  password: 'Contraseña',
  signIn: 'Iniciar sesión',
  today: 'Hoy',
  nutritionNav: 'Nutrición',
  diary: 'Diario de comidas',
  scan: 'Escanear con la cámara',
  camera: 'Imagen de la cámara para escanear un código de barras',
  barcodeHint: 'Los números bajo las barras.',
  grams: 'Gramos',
  meal: 'Comida',
  breakfast: 'Desayuno',
  addToday: 'Añadir a hoy',
  added: (name) => `${name} añadido al diario de hoy.`,
  g: 'g',
};

export const scenarios = [
  // Demo accounts whose day no other scenario checks: the member scenarios compare today's eaten with planned,
  // which a bar logged here would change (every scenario shares one server).
  { name: 'nutrition-camera-en', locale: 'en-GB', run: cameraPath(EN, 'admin@demo.pulso.example') },
  { name: 'nutrition-camera-es', locale: 'es-ES', run: cameraPath(ES, 'owner@demo.pulso.example') },
];
