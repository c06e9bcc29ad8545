// The golden paths of the web app: every file in scenarios/ exports `scenarios`, a list of
// { name, locale, run({ base, page, check(name) }) }. One file per area keeps the areas apart.
import { readdirSync } from 'node:fs';

const dir = new URL('./scenarios/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .sort();

export const scenarios = (
  await Promise.all(files.map((f) => import(new URL(f, dir).href).then((m) => m.scenarios)))
).flat();
