// Merging setup's contexts into a kubeconfig document: foreign entries untouched, owned entries updated
// in place, collisions refused, current-context rules, idempotence.
import { describe, expect, it } from 'vitest';
import { buildDesiredContexts } from '../../../src/kubeconfig/desired.js';
import type { KubeconfigDoc, LoadedKubeconfig } from '../../../src/kubeconfig/model.js';
import { ownerOf } from '../../../src/kubeconfig/owner.js';
import { planKubeconfigUpdate } from '../../../src/kubeconfig/plan.js';
import { ConfigError } from '../../../src/kernel/errors.js';
import { sampleBundle } from '../../support/bundles.js';

const bundle = sampleBundle();
const developers = bundle.groups[0]!;
const desired = buildDesiredContexts(bundle, developers, { command: 'eks-login', args: [], env: [] });
const file = (doc: KubeconfigDoc, path = '/k/config', exists = true): LoadedKubeconfig => ({ path, exists, doc });
const plan = (target: LoadedKubeconfig, extra: Partial<Parameters<typeof planKubeconfigUpdate>[0]> = {}) =>
  planKubeconfigUpdate({ files: [target], target, bundle: 'acme', desired, ...extra });

const foreign = (): KubeconfigDoc => ({
  apiVersion: 'v1',
  kind: 'Config',
  'x-unknown-top': { keep: [1, 2] },
  clusters: [
    {
      name: 'kind-kind',
      cluster: { server: 'https://127.0.0.1:40000', extensions: [{ name: 'minikube', extension: { provider: 'x' } }] },
      extra: 1,
    },
  ],
  users: [{ name: 'kind-kind', user: { token: 'secret-token' } }],
  contexts: [{ name: 'kind-kind', context: { cluster: 'kind-kind', user: 'kind-kind', namespace: 'dev' } }],
  'current-context': 'kind-kind',
  preferences: { colors: true },
});

describe(planKubeconfigUpdate.name, () => {
  it('a new file gets the header, one cluster/user/context per cluster of the group, and current-context', () => {
    const result = plan(file({}, '/k/config', false));
    expect(result.doc.apiVersion).toBe('v1');
    expect(result.doc.kind).toBe('Config');
    expect((result.doc.contexts as Array<{ name: string }>).map((c) => c.name)).toEqual([
      'developers@demo',
      'developers@prod',
    ]);
    expect(result.doc['current-context']).toBe('developers@demo');
    expect(result.changes).toEqual([
      { action: 'added', name: 'developers@demo' },
      { action: 'added', name: 'developers@prod' },
    ]);
    const user = (result.doc.users as Array<{ name: string; user: { exec: Record<string, unknown> } }>)[0]!;
    expect(user.user.exec).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'eks-login',
      interactiveMode: 'IfAvailable',
      args: [
        'token',
        '--cluster',
        'demo',
        '--region',
        'eu-west-1',
        '--role-arn',
        developers.roleArn,
        '--bundle',
        'acme',
        '--group',
        'developers',
      ],
    });
    expect(typeof user.user.exec.installHint).toBe('string');
    expect(ownerOf(user as never, 'users')).toEqual({ bundle: 'acme', group: 'developers', cluster: 'demo' });
  });

  it('keeps foreign entries, their order, unknown fields and extensions, and the current context', () => {
    const before = foreign();
    const snapshot = structuredClone(before);
    const result = plan(file(before));
    expect(before).toEqual(snapshot); // input not mutated
    expect(result.doc['x-unknown-top']).toEqual({ keep: [1, 2] });
    expect(Object.keys(result.doc)).toEqual(Object.keys(before));
    expect((result.doc.clusters as unknown[])[0]).toEqual(before.clusters && (before.clusters as unknown[])[0]);
    expect((result.doc.users as unknown[])[0]).toEqual((before.users as unknown[])[0]);
    expect(result.doc['current-context']).toBe('kind-kind');
    expect(result.currentContext).toBeUndefined();
  });

  it('is idempotent: planning again on the result changes nothing', () => {
    const once = plan(file(foreign()));
    const twice = plan(file(once.doc));
    expect(twice.changed).toBe(false);
    expect(twice.changes).toEqual([]);
    expect(twice.doc).toEqual(once.doc);
  });

  it('sees no change in entries kubectl rewrote (sorted keys, env: null added)', () => {
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]),
            )
          : v;
    const written = sortDeep(plan(file(foreign())).doc) as KubeconfigDoc;
    for (const user of written.users as Array<{ user: { exec?: Record<string, unknown> } }>)
      if (user.user.exec) user.user.exec.env = null;
    const again = plan(file(written));
    expect(again.changed).toBe(false);
    expect(again.changes).toEqual([]);
  });

  it('--use makes the first context current', () => {
    expect(plan(file(foreign()), { use: true }).doc['current-context']).toBe('developers@demo');
  });

  it('refuses a name collision with a foreign entry (exit 3, naming it) unless --force', () => {
    const doc = foreign();
    (doc.contexts as unknown[]).push({ name: 'developers@demo', context: { cluster: 'kind-kind', user: 'kind-kind' } });
    let error: unknown;
    try {
      plan(file(doc));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(3);
    expect((error as ConfigError).message).toContain(
      'context "developers@demo" in /k/config (not written by eks-login)',
    );
    const forced = plan(file(doc), { force: true });
    expect(forced.changes[0]).toEqual({ action: 'replaced', name: 'developers@demo' });
    const ctx = (forced.doc.contexts as Array<{ name: string }>).filter((c) => c.name === 'developers@demo');
    expect(ctx).toHaveLength(1);
    expect((forced.doc.contexts as Array<{ name: string }>)[0]!.name).toBe('kind-kind');
  });

  it('refuses a collision in another KUBECONFIG file even with --force', () => {
    const other = file({ clusters: [{ name: 'developers@prod', cluster: { server: 'https://x' } }] }, '/k/other');
    const target = file({}, '/k/config', false);
    expect(() =>
      planKubeconfigUpdate({ files: [target, other], target, bundle: 'acme', desired, force: true }),
    ).toThrow(/cluster "developers@prod" in \/k\/other/);
  });

  it('updates owned entries in place and keeps what a person added (namespace, other extensions)', () => {
    const first = plan(file(foreign())).doc;
    const ctx = (first.contexts as Array<{ name: string; context: Record<string, unknown> }>).find(
      (c) => c.name === 'developers@demo',
    )!;
    ctx.context.namespace = 'team-a';
    (ctx.context.extensions as unknown[]).unshift({ name: 'other', extension: { a: 1 } });
    const moved = sampleBundle();
    moved.clusters[0]!.endpoint = 'https://127.0.0.2:6443';
    const result = planKubeconfigUpdate({
      files: [file(first)],
      target: file(first),
      bundle: 'acme',
      desired: buildDesiredContexts(moved, developers, { command: 'eks-login', args: [], env: [] }),
    });
    expect(result.changes).toEqual([{ action: 'updated', name: 'developers@demo' }]);
    const after = (result.doc.contexts as Array<{ name: string; context: Record<string, unknown> }>).find(
      (c) => c.name === 'developers@demo',
    )!;
    expect(after.context.namespace).toBe('team-a');
    expect((after.context.extensions as Array<{ name: string }>).map((e) => e.name)).toEqual(['other', 'eks-login']);
    const cluster = (result.doc.clusters as Array<{ name: string; cluster: { server: string } }>).find(
      (c) => c.name === 'developers@demo',
    )!;
    expect(cluster.cluster.server).toBe('https://127.0.0.2:6443');
  });

  it('removes owned contexts of clusters that left the bundle, saying why, and clears a current-context it removed (never moved to another cluster)', () => {
    const first = plan(file({}, '/k/config', false), { use: true }).doc;
    const smaller = sampleBundle({ clusters: [sampleBundle().clusters[1]!] });
    const result = planKubeconfigUpdate({
      files: [file(first)],
      target: file(first),
      bundle: 'acme',
      desired: buildDesiredContexts(smaller, developers, { command: 'eks-login', args: [], env: [] }),
    });
    expect(result.changes).toEqual([
      {
        action: 'removed',
        name: 'developers@demo',
        reason: 'cluster demo is no longer in bundle acme for group developers',
      },
    ]);
    for (const kind of ['clusters', 'users', 'contexts']) {
      expect((result.doc[kind] as Array<{ name: string }>).map((e) => e.name)).toEqual(['developers@prod']);
    }
    expect(result.doc['current-context']).toBe('');
    expect(result).toMatchObject({ currentContext: '', removedCurrentContext: 'developers@demo' });
  });

  it('leaves entries of another bundle alone but treats their names as collisions', () => {
    const other = planKubeconfigUpdate({
      files: [file({}, '/k/c', false)],
      target: file({}, '/k/c', false),
      bundle: 'other',
      desired: buildDesiredContexts(sampleBundle({ name: 'other' }), developers, {
        command: 'eks-login',
        args: [],
        env: [],
      }),
    }).doc;
    expect(() => plan(file(other))).toThrow(/written by eks-login for bundle other/);
  });
});
