/* global fetch */
// The member's golden path: a full class, the waitlist, and the promotion arriving live when someone cancels;
// then the notification, and an event registration.
//
// The gym, the class and the other people are set up through the API from node. Joining a gym needs a
// confirmed e-mail, and the confirmation link only exists in a mail, so this scenario runs its own server with
// the development mail transport logged (LOG_LEVEL=info) and reads the links from that log.
import { randomUUID } from 'node:crypto';
import { startServer } from '../server.mjs';
import { PASSWORD } from '../lib.mjs';

/** A small API client for the set-up, speaking as one person. */
function apiAs(base, token, gymId, lang = 'en') {
  return async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'accept-language': lang,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(gymId ? { 'x-gym-id': String(gymId) } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** The confirmation tokens mailed so far, oldest first (mails name nobody, so order tells whose). */
function confirmTokens(log) {
  const tokens = [];
  for (const line of log.split('\n')) {
    if (!line.includes('mail (log transport)')) continue;
    try {
      const m = JSON.parse(line).mail;
      const token = /verify-email#token=([A-Za-z0-9_-]+)/.exec(m?.text ?? '')?.[1];
      if (token) tokens.push(token);
    } catch {
      // not a JSON line
    }
  }
  return tokens;
}

/** Registers someone through the API and confirms their e-mail from the logged mail; returns their token. */
async function person(server, name, lang) {
  const email = `${name.split(' ')[0].toLowerCase()}-${randomUUID().slice(0, 8)}@e2e.pulso.example`;
  const before = confirmTokens(server.log()).length;
  const pair = await apiAs(
    server.base,
    null,
    null,
    lang,
  )('POST', '/api/v1/auth/register', {
    name,
    email,
    password: PASSWORD,
  });
  const deadline = Date.now() + 30_000;
  let tokens = confirmTokens(server.log());
  while (tokens.length <= before) {
    if (Date.now() > deadline) throw new Error(`no confirmation mail for ${name}`);
    await new Promise((r) => setTimeout(r, 200));
    tokens = confirmTokens(server.log());
  }
  await apiAs(server.base, null, null)('POST', '/api/v1/auth/verify-email', { token: tokens.at(-1) });
  const me = apiAs(server.base, pair.access_token, null, lang);
  await me('PATCH', '/api/v1/users/me', { language: lang });
  return { email, token: pair.access_token, name };
}

async function join(server, owner, gymId, p) {
  const invited = await apiAs(server.base, owner.token, gymId)('POST', '/api/v1/members', {
    email: p.email,
    role: 'member',
  });
  await apiAs(
    server.base,
    p.token,
    null,
  )('POST', `/api/v1/users/me/invitations/${invited.invitation.id}/accept`);
}

const ymd = (d) => d.toISOString().slice(0, 10);
function nextMonday(from) {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
  return d;
}

function memberGoldenPath(t, lang) {
  return async ({ page, check }) => {
    const server = await startServer({ env: { LOG_LEVEL: 'info', MAIL_TRANSPORT: 'log' } });
    try {
      // --- Set-up through the API: a gym, a class of one place every day, two members and an event.
      const owner = await person(server, 'Olga Owner', lang);
      const gym = await apiAs(server.base, owner.token, null)('POST', '/api/v1/gyms', {
        name: `E2E Gym ${randomUUID().slice(0, 6)}`,
        timezone: 'UTC',
        cancellation_cutoff_min: 60,
      });
      const asOwner = apiAs(server.base, owner.token, gym.id);
      const monday = nextMonday(new Date());
      await asOwner('POST', '/api/v1/schedule/classes', {
        name: 'Spin 45',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        start_time: '18:00',
        duration_min: 45,
        capacity: 1,
        start_date: ymd(new Date()),
      });
      const other = await person(server, 'Omar Other', lang);
      const me = await person(server, 'Marta Member', lang);
      await join(server, owner, gym.id, other);
      await join(server, owner, gym.id, me);
      // Next week's Monday session: always in the future, whatever the day the run happens.
      const sessions = await asOwner(
        'GET',
        `/api/v1/schedule/sessions?from=${ymd(monday)}&to=${ymd(monday)}`,
      );
      const session = sessions[0];
      if (!session) throw new Error('no session next Monday');
      // The other member takes the only place.
      const asOther = apiAs(server.base, other.token, gym.id);
      const theirs = await asOther('POST', `/api/v1/schedule/sessions/${session.id}/bookings`, {});
      if (theirs.status !== 'booked') throw new Error(`other booking: ${JSON.stringify(theirs)}`);
      const event = await asOwner('POST', '/api/v1/events', {
        title: 'Trail day',
        description: 'Meet at the gate.',
        starts_at: new Date(monday.getTime() + 9 * 3_600_000).toISOString(),
        ends_at: new Date(monday.getTime() + 12 * 3_600_000).toISOString(),
        location: 'Park gate',
        capacity: 10,
      });

      // --- The member in the browser.
      await page.goto(`${server.base}/sign-in`);
      await page.getByLabel(t.email).fill(me.email);
      await page.getByLabel(t.password).fill(PASSWORD);
      await page.getByRole('button', { name: t.signIn }).click();
      // The dashboard first: a click on the menu while the signed-in shell is still settling can be lost.
      await page.getByRole('heading', { level: 1, name: t.today }).waitFor();
      await page.getByRole('link', { name: t.timetable, exact: true }).click();
      await page.getByRole('heading', { name: t.timetable }).waitFor();
      await page.getByRole('button', { name: t.nextWeek }).click();
      const row = page.locator('li', { has: page.getByTestId(`spots-${session.id}`) });
      await row.getByText(t.full).waitFor();
      await row.getByRole('button', { name: t.joinWaitlist }).click();
      await row.getByText(t.waitlisted).waitFor();
      await check('timetable-waitlisted');

      await page.getByRole('link', { name: t.bookings, exact: true }).click();
      const mine = page.getByTestId(`booking-${session.id}`);
      await mine.getByText(t.waitlisted).waitFor();
      await check('bookings-waitlisted');

      // --- Someone cancels: the promotion arrives through the stream, with no reload.
      const navigations = [];
      page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));
      await asOther('DELETE', `/api/v1/schedule/bookings/${theirs.id}`);
      await mine.getByText(t.booked, { exact: true }).waitFor({ timeout: 60_000 });
      await page.getByTestId('bell').getByText('1', { exact: true }).waitFor({ timeout: 60_000 });
      if (navigations.length) throw new Error(`the page reloaded: ${navigations.join(', ')}`);
      // Booked now and more than the cut-off ahead: the cancel button says until when.
      await mine.getByRole('button', { name: t.cancelBooking }).waitFor();
      await check('bookings-promoted');

      // --- The bell opens the notifications; the promotion links back to the bookings.
      await page.getByTestId('bell').click();
      await page.getByRole('heading', { level: 1, name: t.notifications }).waitFor();
      const note = page.locator('li[data-kind="waitlist_promoted"]');
      await note.getByText(t.promotedTitle).waitFor();
      await check('notifications');
      await page.getByRole('button', { name: t.markAllRead }).click();
      await page.getByTestId('bell').getByText('0', { exact: true }).waitFor();
      await note.getByRole('link', { name: t.open }).click();
      await page.getByRole('heading', { level: 1, name: t.bookings }).waitFor();

      // --- Events: the list, the event, register.
      await page.getByRole('link', { name: t.events, exact: true }).click();
      await page.getByRole('link', { name: new RegExp(event.title) }).click();
      await page.getByRole('heading', { level: 1, name: event.title }).waitFor();
      await page.getByRole('button', { name: t.register, exact: true }).click();
      await page.getByTestId('my-registration').getByText(t.booked, { exact: true }).waitFor();
      await page.getByTestId('event-places').getByText(t.nineLeft).waitFor();
      await check('event-registered');
      await page.getByRole('link', { name: t.backToEvents }).click();
      await page.getByRole('link', { name: t.myEvents }).click();
      await page.getByRole('link', { name: event.title }).waitFor();
      await check('my-events');
    } finally {
      await server.stop();
    }
  };
}

const EN = {
  email: 'E-mail',
  password: 'Password',
  signIn: 'Sign in',
  today: 'Today',
  timetable: 'Timetable',
  nextWeek: 'Next week',
  full: 'Full · 0 waiting',
  joinWaitlist: 'Join the waitlist',
  waitlisted: 'Waitlist: number 1',
  bookings: 'My bookings',
  booked: 'Booked',
  cancelBooking: 'Cancel booking',
  notifications: 'Notifications',
  promotedTitle: "You're in",
  markAllRead: 'Mark all read',
  open: 'Open',
  events: 'Events',
  register: 'Register',
  nineLeft: '9 places left',
  backToEvents: 'Back to events',
  myEvents: 'My events',
};

const ES = {
  email: 'Correo electrónico',
  password: 'Contraseña',
  signIn: 'Iniciar sesión',
  today: 'Hoy',
  timetable: 'Horario',
  nextWeek: 'Semana siguiente',
  full: 'Completa · 0 en espera',
  joinWaitlist: 'Apuntarme a la lista de espera',
  waitlisted: 'Lista de espera: número 1',
  bookings: 'Mis reservas',
  booked: 'Reservada',
  cancelBooking: 'Cancelar la reserva',
  notifications: 'Notificaciones',
  promotedTitle: 'Tienes plaza',
  markAllRead: 'Marcar todas como leídas',
  open: 'Abrir',
  events: 'Eventos',
  register: 'Inscribirme',
  nineLeft: 'Quedan 9 plazas',
  backToEvents: 'Volver a los eventos',
  myEvents: 'Mis eventos',
};

export const scenarios = [
  { name: 'member-en', locale: 'en-GB', run: memberGoldenPath(EN, 'en') },
  { name: 'member-es', locale: 'es-ES', run: memberGoldenPath(ES, 'es') },
];
