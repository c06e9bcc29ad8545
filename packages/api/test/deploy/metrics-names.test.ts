/**
 * Every metric the alert rules (deploy/prometheus/alerts.yml) and the Grafana dashboard
 * (deploy/grafana/dashboards/pulso.json) read exists in the API's /metrics: a renamed or removed metric would
 * otherwise leave an alert that can never fire and a panel that stays empty. The app is started through the
 * harness, a few routes are called, and /metrics is scraped as Prometheus does.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestApp, registerUser, type TestApp } from '../harness.js';

const root = new URL('../../../../', import.meta.url);
const rules = parse(readFileSync(new URL('deploy/prometheus/alerts.yml', root), 'utf8')) as {
  groups: { rules: { alert: string; expr: string }[] }[];
};
const dashboard = JSON.parse(readFileSync(new URL('deploy/grafana/dashboards/pulso.json', root), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

// Series Prometheus makes itself for every target, not the application.
const FROM_PROMETHEUS = new Set(['up']);
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or']);
const KEYWORDS_MORE = new Set(['unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names a PromQL expression selects. */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // string literals (label values, label_replace arguments)
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range selectors
    .replace(/(?<![a-zA-Z0-9_:])\d+(\.\d+)?([eE][+-]?\d+)?/g, '0') // numbers, 1e9 among them
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ''); // label lists
  const names = new Set<string>();
  for (const m of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = m;
    if (call || KEYWORDS.has(name!) || KEYWORDS_MORE.has(name!.toLowerCase())) continue;
    names.add(name!);
  }
  return [...names];
}

/** A histogram's series are `<name>_bucket`, `_sum` and `_count`; /metrics declares `<name>`. */
const family = (name: string, declared: Set<string>) =>
  declared.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');

let t: TestApp;
let declared: Set<string>;

beforeAll(async () => {
  t = await createTestApp();
  // A few real requests, so request, duration and cache series carry samples, not only their declarations.
  await t.app.inject({ method: 'GET', url: '/health' });
  await t.app.inject({ method: 'GET', url: '/health/ready' });
  await registerUser(t.app);
  const res = await t.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  declared = new Set([...res.body.matchAll(/^# TYPE (\S+) \S+$/gm)].map((m) => m[1]!));
  expect(res.body).toMatch(/^http_requests_total\{[^}]*route="\/health"[^}]*\} \d+/m);
}, 180_000);

afterAll(async () => t?.close());

describe('metric names', () => {
  it('reads names out of PromQL (the extractor itself)', () => {
    expect(
      metricNames(
        'sum by (le) (rate(http_request_duration_seconds_bucket{route!~"/a|/b"}[5m])) / ignoring(state) x_total > 0.1 or time() - max(y_seconds) / 1e9',
      ).sort(),
    ).toEqual(['http_request_duration_seconds_bucket', 'x_total', 'y_seconds']);
    expect(
      metricNames('label_replace(rate(a_total{route=~"/api/v1/.+"}[5m]), "module", "$1", "route", "x")'),
    ).toEqual(['a_total']);
  });

  it('every metric of the alert rules is in /metrics', () => {
    const missing: string[] = [];
    let count = 0;
    for (const g of rules.groups)
      for (const r of g.rules)
        for (const name of metricNames(r.expr)) {
          count++;
          if (!FROM_PROMETHEUS.has(name) && !declared.has(family(name, declared)))
            missing.push(`${r.alert}: ${name}`);
        }
    expect(count).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('every metric of the dashboard is in /metrics', () => {
    const missing: string[] = [];
    let count = 0;
    for (const p of dashboard.panels)
      for (const target of p.targets)
        for (const name of metricNames(target.expr)) {
          count++;
          if (!FROM_PROMETHEUS.has(name) && !declared.has(family(name, declared)))
            missing.push(`${p.title}: ${name}`);
        }
    expect(count).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('exports redis_operations_total, the AI budget and the last backup even before any value is reported', () => {
    for (const name of [
      'redis_operations_total',
      'pulso_ai_budget_used_ratio',
      'pulso_backup_last_success_timestamp_seconds',
      'pulso_ready',
      'pulso_cache_up',
    ])
      expect(declared.has(name), name).toBe(true);
  });
}, 180_000);
