// Helpers shared by the golden paths in scenarios/.
import { randomUUID } from 'node:crypto';

export const PASSWORD = 'a long enough passphrase 42';

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
