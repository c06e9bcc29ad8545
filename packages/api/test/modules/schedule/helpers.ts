import type { FastifyInstance } from 'fastify';
import { call, testDay, type TestUser } from '../../harness.js';

export interface ClassBody {
  id: number;
  name: string;
  category_id: number | null;
  category: { id: number; name: string; color: string | null } | null;
  instructor_id: number | null;
  instructor: { id: number; name: string } | null;
  weekdays: number[];
  start_time: string;
  duration_min: number;
  capacity: number;
  start_date: string;
  end_date: string | null;
  room: string | null;
}
export interface SessionBody {
  id: number;
  class_id: number;
  class_name: string;
  date: string;
  starts_at: string;
  ends_at: string;
  local_starts_at: string;
  capacity: number;
  booked_count: number;
  spots_left: number;
  waitlist_count: number;
  status: 'open' | 'cancelled';
  instructor_id: number | null;
  room: string | null;
  overridden: boolean;
}
export interface BookingBody {
  id: number;
  session_id: number;
  class_id: number;
  class_name: string;
  user_id: number;
  starts_at: string;
  status: string;
  position: number | null;
  session_status: string;
}

/** A date `days` from today (UTC), YYYY-MM-DD. */
export const dayFromNow = (days: number) => testDay(days);

export async function setGym(
  app: FastifyInstance,
  owner: TestUser,
  gymId: number,
  body: Record<string, unknown>,
) {
  const res = await call(app, 'PATCH', '/api/v1/gyms/current', { token: owner.token, gym: gymId, body });
  if (res.statusCode !== 200) throw new Error(`gym patch failed: ${res.statusCode} ${res.body}`);
}

export async function createClass(
  app: FastifyInstance,
  manager: TestUser,
  gymId: number,
  body: Record<string, unknown> = {},
): Promise<ClassBody> {
  const res = await call(app, 'POST', '/api/v1/schedule/classes', {
    token: manager.token,
    gym: gymId,
    body: {
      name: 'Spinning',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      start_time: '07:00',
      duration_min: 45,
      capacity: 20,
      start_date: dayFromNow(-10),
      ...body,
    },
  });
  if (res.statusCode !== 201) throw new Error(`create class failed: ${res.statusCode} ${res.body}`);
  return res.json<ClassBody>();
}

export async function sessionsOf(
  app: FastifyInstance,
  user: TestUser,
  gymId: number,
  from: string,
  to: string,
  classId?: number,
): Promise<SessionBody[]> {
  const res = await call(app, 'GET', '/api/v1/schedule/sessions', {
    token: user.token,
    gym: gymId,
    query: { from, to, ...(classId ? { class_id: String(classId) } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`sessions failed: ${res.statusCode} ${res.body}`);
  return res.json<SessionBody[]>();
}

/** The class's session on a date. */
export async function sessionOn(
  app: FastifyInstance,
  user: TestUser,
  gymId: number,
  classId: number,
  date: string,
) {
  const [s] = await sessionsOf(app, user, gymId, date, date, classId);
  if (!s) throw new Error(`no session of class ${classId} on ${date}`);
  return s;
}

export async function book(
  app: FastifyInstance,
  user: TestUser,
  gymId: number,
  sessionId: number,
  body?: unknown,
) {
  return call(app, 'POST', `/api/v1/schedule/sessions/${sessionId}/bookings`, {
    token: user.token,
    gym: gymId,
    ...(body !== undefined ? { body } : {}),
  });
}
