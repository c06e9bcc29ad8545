// Summarises a V8 .cpuprofile (from `BENCH_CPU_PROF=1 npm run bench`, or `node --cpu-prof`): where the
// non-idle time of a time window went, by package and by function (self time), and the heaviest call paths
// (inclusive time).
//
//   node bench/profile-summary.mjs <file.cpuprofile>               per-second busy time, to find the window
//   node bench/profile-summary.mjs <file.cpuprofile> <from> <to>   summary of seconds <from>..<to>
import { readFileSync } from 'node:fs';

const [file, from, to] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [<from s> <to s>]');
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const where = (url) => {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const own = /\/packages\/api\/dist\/(.*)$/.exec(url);
  return own ? `pulso:${own[1]}` : url;
};
const label = (cf) => `${cf.functionName || '(anonymous)'} ${where(cf.url)}:${cf.lineNumber + 1}`;

const busyPerSecond = new Map();
const self = new Map();
const inclusive = new Map();
const byPackage = new Map();
let total = 0;
let t = prof.startTime;
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
for (let i = 0; i < prof.samples.length; i++) {
  t += prof.timeDeltas[i];
  const at = (t - prof.startTime) / 1e6;
  const node = nodes.get(prof.samples[i]);
  const ms = (prof.timeDeltas[i + 1] ?? 0) / 1000;
  if (node.callFrame.functionName === '(idle)') continue;
  add(busyPerSecond, Math.floor(at), ms);
  if (from === undefined || at < Number(from) || at > Number(to)) continue;
  total += ms;
  add(self, label(node.callFrame), ms);
  add(byPackage, where(node.callFrame.url), ms);
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const k = label(nodes.get(id).callFrame);
    if (!seen.has(k)) add(inclusive, k, ms);
    seen.add(k);
  }
}

if (from === undefined) {
  console.log('second  busy ms');
  for (const [s, ms] of [...busyPerSecond].sort((a, b) => a[0] - b[0]))
    console.log(`${String(s).padStart(6)}  ${Math.round(ms)}`);
  process.exit(0);
}
const top = (m, k) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, ms]) => `${((ms / total) * 100).toFixed(1).padStart(6)}%  ${name}`)
    .join('\n');
console.log(`seconds ${from}..${to}: ${Math.round(total)} ms busy`);
console.log(`\nself time by package\n${top(byPackage, 25)}`);
console.log(`\nself time by function\n${top(self, 40)}`);
console.log(`\ninclusive time\n${top(inclusive, 60)}`);
