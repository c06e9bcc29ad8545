/* global fetch */
// Helpers shared by the golden paths in scenarios/.
import { randomUUID } from 'node:crypto';

export const PASSWORD = 'a long enough passphrase 42';
/** The demo accounts' password (packages/api/src/cli/demo.ts). */
export const DEMO_PASSWORD = 'pulso-demo-2026';

/** A JSON call to the API as another client would make it: `{status, json}`, whatever the status. */
export async function apiFetch(base, method, path, { token, gym, body } = {}) {
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

/** The same for scenario set-up: the answer's body, or an error with the status and body unless 2xx. */
export async function apiCall(base, method, path, options) {
  const { status, json } = await apiFetch(base, method, path, options);
  if (status < 200 || status > 299) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
  return json;
}

/** Signs in through the form (a demo account by default) and waits for the dashboard. */
export async function signIn(page, base, t, email, password = DEMO_PASSWORD) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel(t.email).fill(email);
  await page.getByLabel(t.password).fill(password);
  await page.getByRole('button', { name: t.signIn, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: t.today }).waitFor();
}

/** Registers a fresh user through the form and waits for the dashboard; returns the e-mail used. */
export async function register(page, base, t, name = 'Ana Runner') {
  const email = `${name.split(' ')[0].toLowerCase()}-${randomUUID().slice(0, 8)}@e2e.pulso.example`;
  await page.goto(`${base}/register`);
  await page.getByLabel(t.name, { exact: true }).fill(name);
  await page.getByLabel(t.email).fill(email);
  await page.getByLabel(t.password).fill(PASSWORD);
  await page.getByRole('button', { name: t.create }).click();
  await page.getByRole('heading', { level: 1, name: t.today }).waitFor();
  return email;
}
