/* global fetch */
// The rehabilitation golden path: a patient pairs a device (the device side is this script, speaking RFC 8628 to
// the API), logs sessions in the guided exercise view with pain after 6 three times in a row, and their physio sees the alert.
// The clinic, the physio and the patient are set up through the API (the UI is not the subject there) with the
// demo accounts the server seeds on a fresh data directory: their e-mails are confirmed, which accepting an
// invitation to the new clinic requires.
import { randomUUID } from 'node:crypto';

const DEMO_PASSWORD = 'pulso-demo-2026';

async function call(base, method, path, { token, gym, body } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(gym ? { 'x-gym-id': String(gym) } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function must(p, status, what) {
  const r = await p;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

const login = (base, email) =>
  must(
    call(base, 'POST', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } }),
    200,
    `login ${email}`,
  );

/** A new clinic with the demo physio and one demo member as the patient; `prescribe()` gives a programme due today. */
async function setUpClinic(base, patientEmail) {
  const owner = await login(base, 'owner@demo.pulso.example');
  const physio = await login(base, 'physio@demo.pulso.example');
  const patient = await login(base, patientEmail);
  const clinicName = `Clínica ${randomUUID().slice(0, 6)}`;
  const gym = await must(
    call(base, 'POST', '/api/v1/gyms', { token: owner.access_token, body: { name: clinicName } }),
    201,
    'create clinic',
  );
  for (const [who, role] of [
    [physio, 'physio'],
    [patient, 'member'],
  ]) {
    const inv = await must(
      call(base, 'POST', '/api/v1/members', {
        token: owner.access_token,
        gym: gym.id,
        body: { email: who.user.email, role },
      }),
      202,
      `invite ${role}`,
    );
    await must(
      call(base, 'POST', `/api/v1/users/me/invitations/${inv.invitation.id}/accept`, {
        token: who.access_token,
      }),
      200,
      `accept ${role}`,
    );
  }
  const as = { token: physio.access_token, gym: gym.id };
  const record = await must(
    call(base, 'POST', '/api/v1/rehab/patients', {
      ...as,
      body: {
        user_id: patient.user.id,
        diagnosis: 'Reconstrucción LCA rodilla derecha',
        side: 'right',
        physio_id: physio.user.id,
      },
    }),
    201,
    'open record',
  );
  const knee = await must(
    call(base, 'GET', '/api/v1/rehab/exercises?body_region=knee&limit=100', as),
    200,
    'catalogue',
  );
  const exercise = knee.find((e) => e.measured_by === 'reps') ?? knee[0];
  // The programme comes later, so the patient first sees the pages of a record without one.
  const prescribe = () =>
    must(
      call(base, 'POST', `/api/v1/rehab/patients/${record.id}/programs`, {
        ...as,
        // Every day, two sets of three: short enough to count in the browser.
        body: { exercises: [{ exercise_id: exercise.id, sets: 2, reps: 3, frequency_per_week: 7 }] },
      }),
      201,
      'programme',
    );
  return { clinicName, exercise, patientName: patient.user.name, prescribe };
}

/** The headset's side of RFC 8628: ask for codes now; later, poll for the token once the patient confirmed. */
async function deviceAsks(base) {
  return must(
    call(base, 'POST', '/api/v1/rehab/devices/authorize', { body: { client_name: 'Quest e2e' } }),
    200,
    'device authorize',
  );
}
async function devicePolls(base, deviceCode) {
  const r = await call(base, 'POST', '/api/v1/rehab/devices/token', {
    body: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode },
  });
  if (r.status !== 200) throw new Error(`device token: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.access_token;
}

async function signIn(page, base, t, email) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel(t.email).fill(email);
  await page.getByLabel(t.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: t.signIn, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: t.today }).waitFor();
}

async function chooseGym(page, name) {
  await page.getByTestId('gym-switcher').selectOption({ label: name });
}

function rehabGoldenPath(t, patientEmail) {
  return async ({ base, page, check }) => {
    const { clinicName, exercise, patientName, prescribe } = await setUpClinic(base, patientEmail);
    const lang = t.lang;

    // The patient signs in before any programme: their progress page says what happens next.
    await signIn(page, base, t, patientEmail);
    await chooseGym(page, clinicName);
    await page.getByRole('link', { name: t.navMy }).click();
    await page.getByRole('heading', { level: 1, name: t.myTitle }).waitFor();
    await page.getByRole('link', { name: t.myProgress }).click();
    await page.getByRole('heading', { level: 1, name: t.progressTitle }).waitFor();
    await page.getByTestId('progress-empty').getByText(t.whatNext).waitFor();
    await check('rehab-progress-empty');

    // Once the physio prescribes, the programme shows (after a reload: the page does not poll for it).
    await prescribe();
    await page.getByRole('link', { name: t.backToProgram }).first().click();
    await page.getByRole('heading', { level: 1, name: t.myTitle }).waitFor();
    await page.reload();
    await page.getByText(exercise.name[lang]).first().waitFor();
    await check('rehab-programme');

    // The device shows a code; the patient follows its link and confirms.
    const auth = await deviceAsks(base);
    await page.goto(`${base}/rehab/pair?user_code=${encodeURIComponent(auth.user_code)}`);
    await page.getByRole('heading', { level: 1, name: t.pairTitle }).waitFor();
    await chooseGym(page, clinicName);
    const codeInput = page.getByLabel(t.userCode);
    if ((await codeInput.inputValue()) === '') await codeInput.fill(auth.user_code);
    await page.getByRole('button', { name: t.confirmPair }).click();
    await page.getByTestId('pair-result').getByText(t.paired).waitFor();
    const token = await devicePolls(base, auth.device_code);
    await page.getByTestId('devices').getByText('Quest e2e').waitFor();
    await check('rehab-paired');

    // Reloading the programme right after pairing (a full page load: session refresh, gym from storage, the
    // live stream) must show the programme again, not hang.
    await page.goto(`${base}/rehab`);
    await page.getByRole('heading', { level: 1, name: t.myTitle }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: t.myTitle }).waitFor({ timeout: 15_000 });
    await page.getByText(exercise.name[lang]).first().waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: t.pairDevice }).click();
    await page.getByTestId('devices').getByText('Quest e2e').waitFor();

    // The device logs a session with its token (its scope: this patient's sessions and programme only).
    const logged = await call(base, 'POST', '/api/v1/rehab/device/sessions', {
      token,
      body: {
        exercise_id: exercise.id,
        performed_at: new Date(Date.now() - 3_600_000).toISOString(),
        reps_done: 6,
        vr_score: 70,
        client_id: randomUUID(),
      },
    });
    if (logged.status !== 201)
      throw new Error(`device session: ${logged.status} ${JSON.stringify(logged.json)}`);
    const outOfScope = await call(base, 'GET', '/api/v1/rehab/dashboard', { token });
    if (outOfScope.status < 400) throw new Error(`a device token read the dashboard (${outOfScope.status})`);

    // Three sessions in a row in the guided view, each with pain after 6 (the API's "pain stays high" rule: above
    // the pain-monitoring model's acceptable 5 of 10 in the last three sessions).
    for (const [i, pain] of [6, 6, 6].entries()) {
      // In-app navigation: the pairing page's back link first, then the saved session's.
      await page.getByRole('link', { name: t.backToProgram }).first().click();
      await page.getByRole('heading', { level: 1, name: t.myTitle }).waitFor();
      await page.getByRole('link', { name: new RegExp(exercise.name[lang]) }).click();
      await page.getByRole('heading', { level: 1, name: exercise.name[lang] }).waitFor();
      // Two sets of three with the big button: the counter closes each set by itself.
      const rep = page.getByRole('button', { name: t.addRep });
      for (let r = 0; r < 6; r++) await rep.click();
      await page.getByText(t.allSetsDone).waitFor();
      await page.getByTestId('pain-before').fill('2');
      await page.getByTestId('pain-after').fill(String(pain));
      if (i === 0) await check('rehab-exercise');
      await page.getByRole('button', { name: t.saveSession }).click();
      await page.getByTestId('session-saved').waitFor();
    }
    await check('rehab-saved');

    await page.getByRole('link', { name: t.backToProgram }).first().click();
    await page.getByRole('link', { name: t.myProgress }).click();
    await page.getByRole('heading', { level: 1, name: t.progressTitle }).waitFor();
    await page.getByTestId('progress-charts').waitFor();
    await page.locator('.uplot').first().waitFor();
    await check('rehab-progress');

    // The physio sees the alert on the dashboard and in the record.
    await page.getByRole('button', { name: t.signOut }).click();
    await signIn(page, base, t, 'physio@demo.pulso.example');
    await chooseGym(page, clinicName);
    await page.getByRole('link', { name: t.navPatients }).click();
    await page.getByRole('heading', { level: 1, name: t.dashboardTitle }).waitFor();
    const row = page.getByTestId('dashboard').getByRole('link', { name: new RegExp(patientName) });
    await row.getByTestId('alert-pain_high').waitFor();
    await check('rehab-dashboard');
    await row.click();
    await page.getByTestId('record-alert-pain_high').waitFor();
    await page.getByTestId('sessions').getByText(t.viaDevice).waitFor();
    await check('rehab-record');

    // The programme builder starts from the active programme, with the catalogue beside it.
    await page.getByRole('link', { name: t.buildOrEdit }).click();
    await page.getByRole('heading', { level: 1, name: t.builderTitle }).waitFor();
    await page.getByTestId('catalogue').locator('li').first().waitFor();
    await check('rehab-builder');
  };
}

const EN = {
  lang: 'en',
  email: 'E-mail',
  password: 'Password',
  signIn: 'Sign in',
  today: 'Today',
  signOut: 'Sign out',
  navMy: 'My rehab',
  navPatients: 'Patients',
  myTitle: 'My programme',
  pairTitle: 'Pair a headset or home device',
  userCode: 'Code shown on the device',
  confirmPair: 'Pair this device',
  pairDevice: 'Pair a headset or device',
  whatNext: /^What happens next: your physio prescribes your exercises/,
  paired: 'Paired. The device will start in a few seconds.',
  addRep: 'One more rep',
  allSetsDone: 'All sets done. Well done!',
  saveSession: 'Save this session',
  backToProgram: 'Back to my programme',
  myProgress: 'My progress',
  progressTitle: 'My progress',
  dashboardTitle: 'Patients by need',
  viaDevice: 'by a device',
  buildOrEdit: 'Change the programme',
  builderTitle: 'Programme builder',
};

const ES = {
  lang: 'es',
  email: 'Correo electrónico',
  password: 'Contraseña',
  signIn: 'Iniciar sesión',
  today: 'Hoy',
  signOut: 'Cerrar sesión',
  navMy: 'Mi rehabilitación',
  navPatients: 'Pacientes',
  myTitle: 'Mi programa',
  pairTitle: 'Vincular unas gafas o un dispositivo de casa',
  userCode: 'Código que muestra el dispositivo',
  confirmPair: 'Vincular este dispositivo',
  pairDevice: 'Vincular unas gafas o un dispositivo',
  whatNext: /^Lo siguiente: tu fisioterapeuta te prescribe los ejercicios/,
  paired: 'Vinculado. El dispositivo empezará en unos segundos.',
  addRep: 'Una repetición más',
  allSetsDone: 'Todas las series hechas. ¡Muy bien!',
  saveSession: 'Guardar esta sesión',
  backToProgram: 'Volver a mi programa',
  myProgress: 'Mi progreso',
  progressTitle: 'Mi progreso',
  dashboardTitle: 'Pacientes por necesidad',
  viaDevice: 'por un dispositivo',
  buildOrEdit: 'Cambiar el programa',
  builderTitle: 'Creador de programas',
};

export const scenarios = [
  { name: 'rehab-en', locale: 'en-GB', run: rehabGoldenPath(EN, 'member2@demo.pulso.example') },
  { name: 'rehab-es', locale: 'es-ES', run: rehabGoldenPath(ES, 'member3@demo.pulso.example') },
];
