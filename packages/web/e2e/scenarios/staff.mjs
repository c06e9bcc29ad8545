/* global fetch */
// The staff's golden paths: a trainer creates a class and marks attendance; an owner changes a member's role,
// invites a coach, deletes a class and cancels then deletes an event (each asked first), and reads the role change
// in the audit log (also in Spanish). The gym and its people are set up through the API, with
// Demo Gym accounts (confirmed e-mails, so they can accept an invitation); everything checked is done in the UI.
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, PASSWORD, signIn } from '../lib.mjs';

/** One API call from node, as another client would make it; fails loudly on a refusal. */
async function call(base, method, path, { token, gym, body } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (gym) headers['x-gym-id'] = String(gym);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const login = async (base, email) =>
  (await call(base, 'POST', '/auth/login', { body: { email, password: DEMO_PASSWORD } })).access_token;

/** A new owner with a new gym (UTC, so the class's wall-clock time is UTC), and Demo Gym people in it. */
async function gymWith(base, ownerName, people) {
  const email = `owner-${randomUUID().slice(0, 8)}@e2e.pulso.example`;
  const reg = await call(base, 'POST', '/auth/register', {
    body: { email, password: PASSWORD, name: ownerName },
  });
  const owner = { email, id: reg.user.id, token: reg.access_token };
  const gym = await call(base, 'POST', '/gyms', {
    token: owner.token,
    body: { name: `Studio ${randomUUID().slice(0, 6)}`, timezone: 'UTC' },
  });
  const ids = {};
  for (const [who, role] of people) {
    const demoEmail = `${who}@demo.pulso.example`;
    await call(base, 'POST', '/members', { token: owner.token, gym: gym.id, body: { email: demoEmail } });
    const token = await login(base, demoEmail);
    const inv = (await call(base, 'GET', '/users/me/invitations', { token })).find(
      (i) => i.gym.id === gym.id,
    );
    await call(base, 'POST', `/users/me/invitations/${inv.id}/accept`, { token });
    const me = await call(base, 'GET', '/users/me', { token });
    ids[who] = { id: me.id, token };
    if (role !== 'member')
      await call(base, 'PATCH', `/members/${me.id}`, { token: owner.token, gym: gym.id, body: { role } });
  }
  return { owner, gym, ids };
}

const pad = (n) => String(n).padStart(2, '0');

/** A trainer creates a class in the UI; a member books it; once it starts the trainer marks her attended. */
function trainerGoldenPath(t) {
  return async ({ base, page, check }) => {
    const { owner, gym, ids } = await gymWith(base, 'Olga Owner', [
      ['trainer', 'trainer'],
      ['member1', 'member'],
    ]);
    await signIn(page, base, t, 'trainer@demo.pulso.example', DEMO_PASSWORD);
    // Teresa also trains at the Demo Gym: she picks the new studio.
    await page.getByTestId('gym-switcher').selectOption(String(gym.id));

    await page.getByRole('link', { name: t.classes, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.classes }).waitFor();
    await page.getByText(t.noClasses).waitFor();
    await check('classes-empty');

    // Today's class, starting at the minute after next (UTC, the gym's zone): booked before it starts, marked
    // after (the API records attendance from the start). The form takes whole minutes, so this is 60–120 s away,
    // all of it waited for below; the steps up to the booking take seconds.
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000);
    const today = start.toISOString().slice(0, 10);
    const name = `Sunrise HIIT ${randomUUID().slice(0, 4)}`;
    await page.getByLabel(t.className, { exact: true }).fill(name);
    await page.getByLabel(t.startTime).fill(`${pad(start.getUTCHours())}:${pad(start.getUTCMinutes())}`);
    await page.getByLabel(t.firstDate).fill(today);
    const weekday = ((start.getUTCDay() + 6) % 7) + 1;
    for (let d = 1; d <= 7; d++) {
      const box = page.getByRole('checkbox', { name: t.weekdays[d - 1], exact: true });
      if ((await box.isChecked()) !== (d === weekday)) await box.click();
    }
    await page.getByLabel(t.capacity, { exact: true }).fill('8');
    await page.getByLabel(t.instructor).selectOption({ label: 'Teresa Trainer' });
    await page.getByRole('button', { name: t.createClass }).click();
    await page.getByRole('status').getByText(name).waitFor();
    await page.getByTestId('classes').getByText(name).waitFor();
    await check('classes');

    // The class's dates: today's is there.
    await page.getByRole('button', { name: t.datesOf(name) }).click();
    await page.getByText(`${today} ${pad(start.getUTCHours())}:${pad(start.getUTCMinutes())}`).waitFor();
    await check('class-dates');

    // Marta books it from her phone (the API).
    const cls = (await call(base, 'GET', '/schedule/classes', { token: owner.token, gym: gym.id })).find(
      (c) => c.name === name,
    );
    const [session] = await call(
      base,
      'GET',
      `/schedule/sessions?from=${today}&to=${today}&class_id=${cls.id}`,
      {
        token: ids.member1.token,
        gym: gym.id,
      },
    );
    const booking = await call(base, 'POST', `/schedule/sessions/${session.id}/bookings`, {
      token: ids.member1.token,
      gym: gym.id,
      body: {},
    });
    if (booking.status !== 'booked') throw new Error(`booking ${JSON.stringify(booking)}`);

    await page.getByRole('link', { name: t.eventsLink, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.events }).waitFor();
    await check('events');

    // Wait for the class to start.
    await new Promise((r) => setTimeout(r, Math.max(0, start.getTime() - Date.now() + 1500)));
    await page.getByRole('link', { name: t.attendance, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.attendance }).waitFor();
    await page
      .getByTestId('day-sessions')
      .getByRole('button', { name: new RegExp(name) })
      .click();
    const mark = page.getByRole('button', { name: t.markAttended('Marta Member') });
    await mark.waitFor();
    await mark.click();
    await page.getByRole('button', { name: t.markAttended('Marta Member'), pressed: true }).waitFor();
    await page.getByTestId(`status-${booking.id}`).getByText(t.attended, { exact: true }).waitFor();
    await check('attendance');

    const saved = await call(base, 'GET', `/schedule/bookings/${booking.id}`, {
      token: owner.token,
      gym: gym.id,
    });
    if (saved.status !== 'attended') throw new Error(`booking is ${saved.status}, not attended`);
  };
}

/** An owner finds a member, makes him a trainer, changes the cut-off and reads the role change in the audit log. */
function ownerGoldenPath(t) {
  return async ({ base, page, check }) => {
    const { owner, gym, ids } = await gymWith(base, 'Olga Owner', [['member2', 'member']]);
    await signIn(page, base, t, owner.email, PASSWORD);

    await page.getByRole('link', { name: t.members, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.membersTitle }).waitFor();
    await page.getByLabel(t.search).fill('mateo');
    await page.getByRole('button', { name: t.searchButton, exact: true }).click();
    const role = page.getByLabel(t.roleOf('Mateo Member'));
    await role.waitFor();
    await check('members');
    await role.selectOption('trainer');
    await page.getByRole('status').getByText(t.roleChanged).waitFor();
    await check('members-role-changed');
    const m = await call(base, 'GET', `/members/${ids.member2.id}`, { token: owner.token, gym: gym.id });
    if (m.role !== 'trainer') throw new Error(`Mateo is ${m.role}`);

    // She invites a new coach by e-mail; the invitation waits, pending, under the members.
    const invitee = `coach-${randomUUID().slice(0, 8)}@e2e.pulso.example`;
    await page.getByLabel(t.inviteEmail, { exact: true }).fill(invitee);
    await page.getByLabel(t.inviteRole, { exact: true }).selectOption('trainer');
    await page.getByRole('button', { name: t.inviteSend }).click();
    await page.getByRole('status').getByText(invitee).waitFor();
    const pending = page.getByTestId('invitations').getByRole('listitem').filter({ hasText: invitee });
    await pending.getByText(t.pending).waitFor();
    await check('members-invited');
    const invs = await call(base, 'GET', '/invitations', { token: owner.token, gym: gym.id });
    const inv = invs.find((i) => i.email === invitee);
    if (!inv || inv.status !== 'pending' || inv.role !== 'trainer')
      throw new Error(`invitation ${JSON.stringify(inv)}`);

    // A class with a booking tomorrow, and an event with a registration, made through the API.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const className = `Pilates ${randomUUID().slice(0, 4)}`;
    const cls = await call(base, 'POST', '/schedule/classes', {
      token: owner.token,
      gym: gym.id,
      body: {
        name: className,
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        start_time: '10:00',
        duration_min: 45,
        capacity: 10,
        start_date: tomorrow,
      },
    });
    const [session] = await call(
      base,
      'GET',
      `/schedule/sessions?from=${tomorrow}&to=${tomorrow}&class_id=${cls.id}`,
      { token: ids.member2.token, gym: gym.id },
    );
    await call(base, 'POST', `/schedule/sessions/${session.id}/bookings`, {
      token: ids.member2.token,
      gym: gym.id,
      body: {},
    });
    const eventTitle = `Trail day ${randomUUID().slice(0, 4)}`;
    const event = await call(base, 'POST', '/events', {
      token: owner.token,
      gym: gym.id,
      body: {
        title: eventTitle,
        starts_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        ends_at: new Date(Date.now() + 3 * 86_400_000 + 7_200_000).toISOString(),
        capacity: 20,
      },
    });
    await call(base, 'POST', `/events/${event.id}/registrations`, {
      token: ids.member2.token,
      gym: gym.id,
      body: {},
    });

    // Deleting the class asks first, says who is told, and the class is gone.
    await page.getByRole('link', { name: t.classes, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.classes }).waitFor();
    await page.getByRole('button', { name: t.deleteClass(className) }).click();
    await page.getByRole('group', { name: t.deleteClassConfirm(className) }).waitFor();
    await check('class-delete-confirm');
    await page.getByRole('button', { name: t.deleteYes }).click();
    await page.getByRole('status').getByText(t.classDeleted(className)).waitFor();
    await page.getByTestId('classes').getByText(className).waitFor({ state: 'detached' });
    const left = await call(base, 'GET', '/schedule/classes', { token: owner.token, gym: gym.id });
    if (left.some((c) => c.id === cls.id)) throw new Error('the class was not deleted');

    // Cancelling the event asks first (one person registered is told), then deleting it.
    await page.getByRole('link', { name: t.eventsLink, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.events }).waitFor();
    await page.getByRole('button', { name: t.cancelEventOf(eventTitle) }).click();
    await page.getByRole('group', { name: t.cancelEventConfirm(eventTitle) }).waitFor();
    await check('event-cancel-confirm');
    await page.getByRole('button', { name: t.cancelEventYes }).click();
    await page.getByRole('status').getByText(t.eventCancelled(eventTitle)).waitFor();
    const cancelled = await call(base, 'GET', `/events/${event.id}`, { token: owner.token, gym: gym.id });
    if (cancelled.status !== 'cancelled') throw new Error(`event is ${cancelled.status}`);
    await page.getByRole('button', { name: t.deleteEvent(eventTitle) }).click();
    await page.getByRole('button', { name: t.deleteYes }).click();
    await page.getByRole('status').getByText(t.eventDeleted(eventTitle)).waitFor();
    await page.getByTestId('events').getByText(eventTitle).waitFor({ state: 'detached' });
    await check('event-deleted');

    await page.getByRole('link', { name: t.settings, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.settings }).waitFor();
    await page.getByLabel(t.cutoff).fill('120');
    await page.getByRole('button', { name: t.save, exact: true }).click();
    await page.getByRole('status').getByText(t.saved).waitFor();
    await check('settings');
    const g = await call(base, 'GET', '/gyms/current', { token: owner.token, gym: gym.id });
    if (g.cancellation_cutoff_min !== 120) throw new Error(`cut-off ${g.cancellation_cutoff_min}`);

    await page.getByRole('link', { name: t.audit, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t.audit }).waitFor();
    await page.getByTestId('audit').waitFor();
    await page.getByLabel(t.actor).selectOption({ label: 'Olga Owner' });
    await page.getByLabel(t.action).fill('member.role_changed');
    await page.getByRole('button', { name: t.apply }).click();
    const row = page.getByTestId('audit').getByRole('listitem');
    await row.getByText(t.roleChangeShown).waitFor();
    const rows = await row.count();
    if (rows !== 1) throw new Error(`${rows} audit rows for one role change`);
    await check('audit');
  };
}

const EN = {
  email: 'E-mail',
  password: 'Password',
  signIn: 'Sign in',
  today: 'Today',
  classes: 'Classes',
  noClasses: 'No classes yet',
  className: 'Name',
  startTime: 'Start time',
  firstDate: 'First date',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  capacity: 'Places',
  instructor: 'Instructor',
  createClass: 'Create class',
  datesOf: (n) => `Dates of ${n}`,
  events: 'Events',
  eventsLink: 'Manage events',
  attendance: 'Attendance',
  markAttended: (n) => `Mark ${n} as attended`,
  attended: 'Attended',
  members: 'Members',
  membersTitle: 'Members and roles',
  search: 'Search by name or e-mail',
  searchButton: 'Search',
  roleOf: (n) => `Role of ${n}`,
  roleChanged: 'Mateo Member is now Trainer.',
  settings: 'Gym settings',
  cutoff: 'Cancellation cut-off (minutes before the class)',
  save: 'Save',
  saved: 'Saved.',
  audit: 'Audit log',
  actor: 'Who',
  action: 'Action (exact, e.g. member.role_changed)',
  apply: 'Apply filters',
  roleChangeShown: '(Member → Trainer)',
  inviteEmail: 'E-mail',
  inviteRole: 'Role in the gym',
  inviteSend: 'Send invitation',
  pending: 'Pending',
  deleteClass: (n) => `Delete ${n}`,
  deleteClassConfirm: (n) => `Delete ${n} and all its dates?`,
  deleteYes: 'Yes, delete',
  classDeleted: (n) => `Class ${n} deleted.`,
  cancelEventOf: (n) => `Cancel event ${n}`,
  cancelEventConfirm: (n) => `Cancel ${n}? The 1 person registered or waiting is told.`,
  cancelEventYes: 'Yes, cancel it',
  eventCancelled: (n) => `${n} is cancelled.`,
  deleteEvent: (n) => `Delete ${n}`,
  eventDeleted: (n) => `${n} was deleted.`,
};

const ES = {
  ...EN,
  email: 'Correo electrónico',
  password: 'Contraseña',
  signIn: 'Iniciar sesión',
  today: 'Hoy',
  members: 'Socios',
  membersTitle: 'Socios y roles',
  search: 'Buscar por nombre o correo',
  searchButton: 'Buscar',
  roleOf: (n) => `Rol de ${n}`,
  roleChanged: 'Mateo Member ahora es Entrenador.',
  settings: 'Ajustes del gimnasio',
  cutoff: 'Plazo de cancelación (minutos antes de la clase)',
  save: 'Guardar',
  saved: 'Guardado.',
  audit: 'Registro de auditoría',
  actor: 'Quién',
  action: 'Acción (exacta, p. ej. member.role_changed)',
  apply: 'Aplicar filtros',
  roleChangeShown: '(Socio → Entrenador)',
  classes: 'Clases',
  eventsLink: 'Gestionar eventos',
  events: 'Eventos',
  inviteEmail: 'Correo electrónico',
  inviteRole: 'Rol en el gimnasio',
  inviteSend: 'Enviar invitación',
  pending: 'Pendiente',
  deleteClass: (n) => `Borrar ${n}`,
  deleteClassConfirm: (n) => `¿Borrar ${n} y todas sus fechas?`,
  deleteYes: 'Sí, borrar',
  classDeleted: (n) => `Clase ${n} borrada.`,
  cancelEventOf: (n) => `Cancelar evento ${n}`,
  cancelEventConfirm: (n) => `¿Cancelar ${n}? Se avisa a la 1 persona inscrita o en espera.`,
  cancelEventYes: 'Sí, cancelarlo',
  eventCancelled: (n) => `${n} está cancelado.`,
  deleteEvent: (n) => `Borrar ${n}`,
  eventDeleted: (n) => `${n} se ha borrado.`,
};

export const scenarios = [
  { name: 'staff-trainer-en', locale: 'en-GB', run: trainerGoldenPath(EN) },
  { name: 'staff-owner-en', locale: 'en-GB', run: ownerGoldenPath(EN) },
  { name: 'staff-owner-es', locale: 'es-ES', run: ownerGoldenPath(ES) },
];
