/* global fetch */
// Helpers shared by the golden paths in scenarios/.
import { randomUUID } from 'node:crypto';

export const PASSWORD = 'a long enough passphrase 42';
/** The demo accounts' password (packages/api/src/cli/demo.ts). */
export const DEMO_PASSWORD = 'pulso-demo-2026';

/** A JSON call to the API (scenario set-up); throws with the status and body unless 2xx. */
export async function apiCall(base, method, path, { token, gym, body } = {}) {
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
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
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
