/**
 * The deployment files, checked with the strongest tools that run offline here (README, "Which checks run
 * where"): the Kubernetes manifests against the Kubernetes API's own OpenAPI schemas (kubernetes-models 4.5.1:
 * validators generated from the Kubernetes OpenAPI specification; like kubeconform without -strict, they check
 * types, required fields and formats but not unknown fields), then what a schema cannot say: probes, grace periods and
 * selectors that agree with each other and with the API. Compose and the Dockerfile are parsed and checked for
 * what the issue asks of them (pinned images, non-root, health checks, Redis eviction). nginx (`nginx -t`) and
 * the Prometheus files (`promtool`) are checked by .ci/run with the tools themselves.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';

const deploy = fileURLToPath(new URL('../../../../deploy/', import.meta.url));
const read = (p: string) => readFileSync(path.join(deploy, p), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = Record<string, any>;
const MODELS: Record<string, new (m: Manifest) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/CronJob': CronJob,
  'batch/v1/Job': Job,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

function manifests(): Manifest[] {
  const out: Manifest[] = [];
  for (const f of readdirSync(path.join(deploy, 'k8s')).filter((f) => f.endsWith('.yaml'))) {
    if (f === 'kustomization.yaml') continue;
    for (const doc of parseAllDocuments(read(`k8s/${f}`))) {
      expect(doc.errors, f).toEqual([]);
      out.push({ ...(doc.toJS() as Manifest), __file: f });
    }
  }
  return out;
}

const validate = (m: Manifest) => {
  const { __file: _file, ...body } = m;
  const Model = MODELS[`${m.apiVersion}/${m.kind}`];
  if (!Model) throw new Error(`${m.__file}: no schema for ${m.apiVersion} ${m.kind}`);
  new Model(body).validate();
};

describe('Kubernetes manifests', () => {
  const all = manifests();
  const one = (kind: string) => {
    const found = all.filter((m) => m.kind === kind);
    expect(found, kind).toHaveLength(1);
    return found[0]!;
  };

  it('each one passes the Kubernetes schema of its kind', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const m of all) expect(() => validate(m), `${m.__file} ${m.kind}`).not.toThrow();
  });

  it('the validator does refuse a broken manifest (a wrong type, a missing field)', () => {
    const d = structuredClone(one('Deployment'));
    d.spec.replicas = 'three';
    expect(() => validate(d)).toThrow();
    const c = structuredClone(one('Deployment'));
    delete c.spec.template.spec.containers[0].name;
    expect(() => validate(c)).toThrow();
  });

  it('kustomization lists every manifest file but the example Secret', () => {
    const k = parse(read('k8s/kustomization.yaml')) as { resources: string[] };
    const files = readdirSync(path.join(deploy, 'k8s')).filter(
      (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'secret.example.yaml',
    );
    expect([...k.resources].sort()).toEqual(files.sort());
  });

  it('Deployment: probes on the API’s health routes, resources, grace longer than the drain', () => {
    const d = one('Deployment');
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(c.livenessProbe.httpGet.path).toBe('/health');
    expect(c.resources.requests.cpu).toBeDefined();
    expect(c.resources.limits.memory).toBeDefined();
    // main.ts: SHUTDOWN_GRACE_MS, the longest a drain takes after SIGTERM.
    const drain =
      Number(
        /SHUTDOWN_GRACE_MS = ([\d_]+)/
          .exec(readFileSync(new URL('../../src/main.ts', import.meta.url), 'utf8'))![1]!
          .replaceAll('_', ''),
      ) / 1000;
    const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drain + preStop);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    const env = (c.envFrom as Manifest[]).map((e): unknown => e.configMapRef?.name ?? e.secretRef?.name);
    expect(env).toEqual(['pulso-config', 'pulso-secrets']);
  });

  it('Service, PodDisruptionBudget and HPA point at the Deployment; the Ingress at the Service', () => {
    const d = one('Deployment');
    const labels = d.spec.template.metadata.labels;
    expect(one('Service').spec.selector).toEqual(labels);
    expect(one('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    const hpa = one('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: d.metadata.name });
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    const backend = one('Ingress').spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(one('Service').metadata.name);
  });

  it('the migration Job and the backup CronJob run the CLI with the same configuration', () => {
    const job = one('Job').spec.template.spec.containers[0];
    expect(job.command).toEqual(['pulso', 'migrate']);
    const cron = one('CronJob');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const b = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect(b.command.slice(0, 2)).toEqual(['pulso', 'backup']);
    expect(b.command).toContain('--keep');
    expect(b.command).toContain('--max-age-days');
    for (const c of [job, b])
      expect(
        (c.envFrom as Manifest[]).map((e): unknown => e.configMapRef?.name ?? e.secretRef?.name),
      ).toEqual(['pulso-config', 'pulso-secrets']);
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Manifest> };
  const s = compose.services;

  it('has every service the deployment needs', () => {
    for (const name of ['api', 'migrate', 'nginx', 'postgres', 'redis', 'prometheus', 'grafana', 'backup'])
      expect(s[name], name).toBeDefined();
  });

  it('pins every image to a version (no latest, no bare name)', () => {
    for (const [name, svc] of Object.entries(s)) {
      const image = String(svc.image);
      expect(image, name).toMatch(/:[^:]*\d/);
      expect(image, name).not.toMatch(/:latest$/);
    }
  });

  it('runs N API replicas behind nginx with TRUST_PROXY, longer stop grace than the drain', () => {
    expect(s.api!.deploy.replicas).toMatch(/API_REPLICAS/);
    expect(s.api!.environment.TRUST_PROXY).toBe('true');
    expect(s.api!.stop_grace_period).toBe('20s');
    expect(s.nginx!.volumes.some((v: string) => v.startsWith('./certs:'))).toBe(true);
  });

  it('PostgreSQL has a health check and a volume; Redis persists and never evicts', () => {
    expect(s.postgres!.healthcheck.test.join(' ')).toMatch(/pg_isready/);
    expect(s.postgres!.volumes[0]).toMatch(/:\/var\/lib\/postgresql\/data$/);
    const redis = (s.redis!.command as string[]).join(' ');
    expect(redis).toMatch(/--appendonly yes/);
    expect(redis).toMatch(/--maxmemory-policy noeviction/);
  });

  it('mounts only files that exist in deploy/', () => {
    for (const svc of Object.values(s))
      for (const v of (svc.volumes ?? []) as string[]) {
        const src = v.split(':')[0]!;
        if (!src.startsWith('./') || src === './certs') continue;
        expect(existsSync(path.join(deploy, src)), v).toBe(true);
      }
  });
});

describe('Dockerfile', () => {
  const file = read('Dockerfile');
  const lines = file.split('\n').filter((l) => !l.startsWith('#'));

  it('builds from a pinned base image in two stages', () => {
    expect(/^ARG NODE_IMAGE=node:(\S+)$/m.exec(file)?.[1]).toMatch(/^\d+\.\d+\.\d+-/);
    expect(lines.filter((l) => l.startsWith('FROM '))).toHaveLength(2);
  });

  it('runs as a non-root user, with a health check, OCI labels and production dependencies only', () => {
    const user = lines.findLastIndex((l) => l.startsWith('USER '));
    const cmd = lines.findIndex((l) => l.startsWith('CMD '));
    expect(user).toBeGreaterThan(-1);
    expect(lines[user]).not.toMatch(/USER (root|0)\b/);
    expect(user).toBeLessThan(cmd);
    expect(file).toMatch(/^HEALTHCHECK .*\n.*\/health/m);
    expect(file).toMatch(/org\.opencontainers\.image\.version="\$\{VERSION\}"/);
    expect(file).toMatch(/org\.opencontainers\.image\.revision="\$\{COMMIT\}"/);
    expect(file).toMatch(/npm ci --omit=dev/);
    expect(file).toMatch(/packages\/web\/package\.json/);
  });

  it('.dockerignore keeps installed files, data and secrets out of the image', () => {
    const ignore = readFileSync(new URL('../../../../.dockerignore', import.meta.url), 'utf8');
    for (const p of ['**/node_modules', '**/dist', '.env', '.git', 'data']) expect(ignore).toContain(p);
  });
});
