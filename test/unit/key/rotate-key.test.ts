// key rotate, step by step with fakes: the happy path, and every failure step leaves the old key stored
// and valid (the new key deleted again when it was created, stored copies and records put back).
import { describe, expect, it } from 'vitest';
import { rotateKey, type RotateDeps } from '../../../src/key/rotate-key.js';
import type { SetupRecord } from '../../../src/record/setup-record.js';
import { rotationAccount, type RotationJournal } from '../../../src/record/rotation-journal.js';
import { AccessDeniedError, CredentialsError, StoreError } from '../../../src/kernel/errors.js';
import type { AwsCredentials, IamGateway } from '../../../src/kernel/ports.js';
import { sampleBundle } from '../../support/bundles.js';
import { FakeStsGateway, FixedClock, MemorySecretStore } from '../../support/fakes.js';

const ARN = 'arn:aws:iam::123456789012:user/developer-mike';
const OLD = { accessKeyId: 'AKIAOLDOLDOLDOLD0001', secretAccessKey: 'old-secret-old-secret-old' };
const NEW = { accessKeyId: 'AKIANEWNEWNEWNEW0002', secretAccessKey: 'new-secret-new-secret-new' };

class FakeIam implements IamGateway {
  readonly keys = new Set([OLD.accessKeyId]);
  readonly calls: string[] = [];
  failCreate?: Error;
  failDelete?: Error;
  async createAccessKey(credentials: AwsCredentials, userName: string) {
    this.calls.push(`create ${userName} with …${credentials.accessKeyId.slice(-4)}`);
    if (this.failCreate) throw this.failCreate;
    this.keys.add(NEW.accessKeyId);
    return NEW;
  }
  async deleteAccessKey(credentials: AwsCredentials, userName: string, id: string) {
    this.calls.push(`delete …${id.slice(-4)} with …${credentials.accessKeyId.slice(-4)}`);
    if (this.failDelete && id === OLD.accessKeyId) throw this.failDelete;
    this.keys.delete(id);
  }
  async listAccessKeys() {
    return [...this.keys].map((accessKeyId) => ({ accessKeyId }));
  }
}

function record(bundle: string): SetupRecord {
  return {
    version: 1,
    bundle: sampleBundle({ name: bundle }),
    group: 'developers',
    groups: ['developers'],
    source: { kind: 'keychain', accessKeyId: OLD.accessKeyId, userArn: ARN, userName: 'developer-mike' },
    kubeconfigPath: '/k',
    contexts: [],
    setupAt: '',
  };
}

function world(options: { newKeyAcceptedAfter?: number; newKeyError?: () => Error } = {}) {
  const store = new MemorySecretStore();
  store.entries.set('access-key/acme', JSON.stringify(OLD));
  store.entries.set('access-key/beta', JSON.stringify(OLD));
  const records = new Map([
    ['acme', record('acme')],
    ['beta', record('beta')],
  ]);
  const iam = new FakeIam();
  const sts = new FakeStsGateway(new FixedClock('2026-01-01T00:00:00Z'));
  let tries = 0;
  const get = sts.getCallerIdentity.bind(sts);
  sts.identities.set(OLD.accessKeyId, { arn: ARN, account: '123456789012', userId: 'X' });
  sts.getCallerIdentity = async (credentials, target) => {
    if (credentials.accessKeyId === NEW.accessKeyId && ++tries <= (options.newKeyAcceptedAfter ?? 0)) {
      throw (
        options.newKeyError?.() ??
        new CredentialsError('credentials rejected (InvalidClientTokenId)', {
          sts: {
            reason: 'credentials-rejected',
            endpoint: 'https://sts.eu-west-1.amazonaws.com/',
            awsCode: 'InvalidClientTokenId',
          },
        })
      );
    }
    if (credentials.accessKeyId === NEW.accessKeyId)
      sts.identities.set(NEW.accessKeyId, { arn: ARN, account: '123456789012', userId: 'X' });
    return get(credentials, target);
  };
  const said: string[] = [];
  const sleeps: number[] = [];
  let failRecordWrite: Error | undefined;
  const deps: RotateDeps = {
    records: async () => [...records.values()],
    secrets: async () => store,
    iam: async () => iam,
    sts: async () => sts,
    stsTarget: () => ({ region: 'eu-west-1', endpoint: 'https://sts.eu-west-1.amazonaws.com' }),
    writeRecord: async (r) => {
      if (failRecordWrite) throw failRecordWrite;
      records.set(r.bundle.name, r);
    },
    sleep: async (ms) => void sleeps.push(ms),
    say: (line) => void said.push(line),
    attempts: 4,
    delayMs: 10,
  };
  const stored = (bundle: string) =>
    (JSON.parse(store.entries.get(`access-key/${bundle}`)!) as { accessKeyId: string }).accessKeyId;
  const recorded = (bundle: string) => (records.get(bundle)!.source as { accessKeyId: string }).accessKeyId;
  const unchanged = () => {
    expect(stored('acme')).toBe(OLD.accessKeyId);
    expect(stored('beta')).toBe(OLD.accessKeyId);
    expect(recorded('acme')).toBe(OLD.accessKeyId);
    expect(recorded('beta')).toBe(OLD.accessKeyId);
    expect([...iam.keys]).toEqual([OLD.accessKeyId]);
  };
  return {
    deps,
    iam,
    store,
    said,
    sleeps,
    stored,
    recorded,
    unchanged,
    failRecords: (e: Error) => (failRecordWrite = e),
  };
}

describe('key rotate', () => {
  it('creates, waits (bounded) until STS accepts the new key, stores it for every bundle holding the old one, deletes the old', async () => {
    const w = world({ newKeyAcceptedAfter: 2 });
    const result = await rotateKey({ bundle: 'acme' }, w.deps);
    expect(result).toEqual({ oldKeyId: OLD.accessKeyId, newKeyId: NEW.accessKeyId, bundles: ['acme', 'beta'] });
    expect(w.sleeps).toEqual([10, 10]);
    expect(w.stored('acme')).toBe(NEW.accessKeyId);
    expect(w.stored('beta')).toBe(NEW.accessKeyId);
    expect(w.recorded('beta')).toBe(NEW.accessKeyId);
    expect(w.iam.calls).toEqual(['create developer-mike with …0001', 'delete …0001 with …0002']);
    expect([...w.iam.keys]).toEqual([NEW.accessKeyId]);
    expect(w.said[0]).toContain(
      'needs iam:CreateAccessKey, iam:DeleteAccessKey and iam:ListAccessKeys (to finish an interrupted rotation) on your own IAM user',
    );
  });

  it('CreateAccessKey denied: exit 5 with the missing permission, nothing changed', async () => {
    const w = world();
    w.iam.failCreate = new AccessDeniedError('IAM CreateAccessKey was denied', { hint: 'allow iam:CreateAccessKey' });
    await expect(rotateKey({}, w.deps)).rejects.toMatchObject({ exitCode: 5, hint: 'allow iam:CreateAccessKey' });
    w.unchanged();
  });

  it('a new key STS never accepts: deleted again, old key kept (exit 4 after the bounded attempts)', async () => {
    const w = world({ newKeyAcceptedAfter: 99 });
    await expect(rotateKey({ bundle: 'acme' }, w.deps)).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(
        /not accepted by STS after 4 attempts.*nothing changed: the old key …0001 is still stored and valid, the new key was deleted/,
      ),
    });
    expect(w.sleeps).toHaveLength(3);
    w.unchanged();
  });

  it('an interrupted rotation whose new key STS never accepts: resumed, rolled back, the message names the new key deleted', async () => {
    const w = world({ newKeyAcceptedAfter: 99 });
    w.iam.keys.add(NEW.accessKeyId);
    const journal: RotationJournal = {
      version: 1,
      state: 'created',
      userName: 'developer-mike',
      userArn: ARN,
      bundles: ['acme', 'beta'],
      old: OLD,
      new: NEW,
      startedAt: '2026-01-01T00:00:00.000Z',
    };
    for (const bundle of ['acme', 'beta']) w.store.entries.set(rotationAccount(bundle), JSON.stringify(journal));
    await expect(rotateKey({ bundle: 'acme' }, w.deps)).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(
        /nothing changed: the old key …0001 is still stored and valid, the new key …0002 was deleted$/,
      ),
    });
    expect(w.said[0]).toContain('completing the rotation …0001 → …0002');
    w.unchanged();
    expect(w.store.entries.has(rotationAccount('acme'))).toBe(false);
  });

  it('a clock-skew rejection of the new key fails at once (no waiting it out), rolled back', async () => {
    const skew = () =>
      new CredentialsError('STS rejected the request time: the clock is off', {
        sts: {
          reason: 'clock-skew',
          endpoint: 'https://sts.eu-west-1.amazonaws.com/',
          awsCode: 'SignatureDoesNotMatch',
        },
      });
    const w = world({ newKeyAcceptedAfter: 99, newKeyError: skew });
    await expect(rotateKey({ bundle: 'acme' }, w.deps)).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(/clock is off; nothing changed/),
    });
    expect(w.sleeps).toEqual([]);
    w.unchanged();
  });

  it('storing fails: stored copies put back, new key deleted', async () => {
    const w = world();
    const set = w.store.set.bind(w.store);
    let failed = false;
    w.store.set = async (account, secret) => {
      if (account === 'access-key/beta' && !failed) throw ((failed = true), new StoreError('keychain locked'));
      return set(account, secret);
    };
    await expect(rotateKey({ bundle: 'acme' }, w.deps)).rejects.toMatchObject({
      exitCode: 7,
      message: expect.stringContaining('nothing changed'),
    });
    w.unchanged();
  });

  it('writing the records fails: keys and records put back, new key deleted', async () => {
    const w = world();
    w.failRecords(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }));
    await expect(rotateKey({ bundle: 'acme' }, w.deps)).rejects.toMatchObject({
      message: expect.stringContaining('EROFS'),
    });
    expect(w.stored('acme')).toBe(OLD.accessKeyId);
    expect([...w.iam.keys]).toEqual([OLD.accessKeyId]);
  });

  it('DeleteAccessKey of the old key fails: everything rolled back, the old key still valid', async () => {
    const w = world();
    w.iam.failDelete = new AccessDeniedError('IAM DeleteAccessKey was denied');
    await expect(rotateKey({ bundle: 'acme' }, w.deps)).rejects.toMatchObject({
      exitCode: 5,
      message: expect.stringContaining('nothing changed'),
    });
    w.unchanged();
  });

  it('several stored keys without --bundle: exit 2 asking which', async () => {
    const w = world();
    const records = await w.deps.records();
    (records[1]!.source as { accessKeyId: string }).accessKeyId = 'AKIAOTHEROTHEROTHER3';
    await expect(rotateKey({}, { ...w.deps, records: async () => records })).rejects.toMatchObject({
      exitCode: 2,
      hint: 'pass --bundle NAME',
    });
  });
});
