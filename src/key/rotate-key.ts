// Use case `eks-login key rotate [--bundle NAME]` (aws-vault's rotate) as a journalled transaction
// (record/rotation-journal.ts): journal → IAM CreateAccessKey with the stored key → journal with the new key → wait
// (bounded) until STS accepts it as the same user → store it for every bundle that holds the old one →
// update their records → DeleteAccessKey the old key with the new one → journal removed. At every instant a
// stored key works for `token` (the old one until the new one is verified and stored; a record that still
// names the old key is covered by the journal). A failure rolls back at once; a process killed at any step
// leaves the journal, and the next `key rotate` completes the rotation (or rolls it back when the new key
// does not work) before anything else. `checkpoint(step)` marks each step (the crash test seam).
import {
  ConfigError,
  CredentialsError,
  EksLoginError,
  StoreError,
  UsageError,
  isEksLoginError,
} from '../kernel/errors.js';
import type { AwsCredentials, IamGateway, SecretStore, StsGateway, StsTarget } from '../kernel/ports.js';
import { maskKeyId as mask } from '../kernel/mask.js';
import { readStoredAccessKey, serializeAccessKey } from '../record/access-key-secret.js';
import { parseRotationJournal, rotationAccount, type RotationJournal } from '../record/rotation-journal.js';
import { accessKeyAccount, type SetupRecord } from '../record/setup-record.js';

/** What `key rotate` needs from IAM, said before it starts and in every permission error. */
export const ROTATE_PERMISSIONS =
  'iam:CreateAccessKey, iam:DeleteAccessKey and iam:ListAccessKeys (to finish an interrupted rotation) on your own IAM user (Resource arn:aws:iam::<account>:user/${aws:username})';

export interface RotateInput {
  bundle?: string;
}

export interface RotateDeps {
  records(): Promise<SetupRecord[]>;
  secrets(): Promise<SecretStore>;
  iam(): Promise<IamGateway>;
  sts(): Promise<StsGateway>;
  /** Where GetCallerIdentity goes for the bundle's first cluster region. */
  stsTarget(record: SetupRecord): StsTarget;
  writeRecord(record: SetupRecord): Promise<void>;
  /** Waits between verification attempts (injected: tests do not sleep). */
  sleep(ms: number): Promise<void>;
  say(line: string): void;
  /** The current time (the journal's start, to tell a key the interrupted rotation created from an older one). */
  now?(): Date;
  /** Called after each durable step (journal-started, key-created, journal-created, verified, stored:<bundle>, recorded:<bundle>, old-deleted). */
  checkpoint?(step: string): void | Promise<void>;
  /** Verification attempts and the wait between them (default 12 × 2.5 s: IAM is eventually consistent). */
  attempts?: number;
  delayMs?: number;
}

export interface RotateResult {
  oldKeyId: string;
  newKeyId: string;
  /** Every bundle whose stored key was replaced. */
  bundles: string[];
}

type KeychainRecord = SetupRecord & { source: Extract<SetupRecord['source'], { kind: 'keychain' }> };
const isKeychain = (r: SetupRecord): r is KeychainRecord => r.source.kind === 'keychain';

function pickRecord(records: SetupRecord[], bundle: string | undefined): KeychainRecord {
  const withKey = records.filter(isKeychain);
  if (bundle) {
    const record = records.find((r) => r.bundle.name === bundle);
    if (!record) throw notSetUp(bundle, withKey);
    if (!isKeychain(record))
      throw new UsageError(
        `bundle ${bundle} uses ${record.source.kind === 'profile' ? `the AWS profile ${record.source.profile}` : 'IAM Identity Center'}: eks-login stores no key for it`,
        { hint: "rotate that profile's key with the tool that manages it (e.g. `aws-vault rotate`)" },
      );
    return record;
  }
  const ids = new Set(withKey.map((r) => r.source.accessKeyId));
  if (withKey.length === 0)
    throw new UsageError('no bundle has a key stored by eks-login', {
      hint: 'run `eks-login setup <bundle.json>` first',
    });
  if (ids.size > 1)
    throw new UsageError(
      `several stored keys (bundles ${withKey.map((r) => r.bundle.name).join(', ')}): say which to rotate`,
      { hint: 'pass --bundle NAME' },
    );
  return withKey[0]!;
}

/** `--bundle x` for a bundle that was never set up: exit 3, as `sync --bundle x` (a missing setup record is configuration). */
function notSetUp(bundle: string, withKey: readonly SetupRecord[]): EksLoginError {
  return new ConfigError(`bundle ${bundle} has not been set up`, {
    code: 'NO_SETUP',
    hint: withKey.length
      ? `bundles with a stored key: ${withKey.map((r) => r.bundle.name).join(', ')}`
      : 'run `eks-login setup <bundle.json>` first',
  });
}

export async function rotateKey(input: RotateInput, deps: RotateDeps): Promise<RotateResult> {
  const records = await deps.records();
  const store = await deps.secrets();
  // An interrupted rotation of the bundle (or of any bundle, without --bundle) is finished first.
  const candidates = records.filter(isKeychain).filter((r) => !input.bundle || r.bundle.name === input.bundle);
  for (const r of candidates) {
    const journal = parseRotationJournal(await store.get(rotationAccount(r.bundle.name)));
    if (!journal) continue;
    const resumed = await resume(journal, records, store, deps);
    if (resumed) return resumed;
    // An interrupted rotation that never got its new key is rolled back; the rotation asked for starts now.
    return rotateKey(input, deps);
  }
  const record = pickRecord(records, input.bundle);
  const { userName, userArn } = record.source;
  const old = await readStoredAccessKey(store, record.bundle.name, record.source.accessKeyId);
  // Every bundle holding the same key (setup --reuse-key) gets the new one.
  const sharing = records.filter(isKeychain).filter((r) => r.source.accessKeyId === old.accessKeyId);
  const iam = await deps.iam();
  deps.say(
    `rotating the access key ${mask(old.accessKeyId)} of ${userArn} (bundles ${sharing.map((r) => r.bundle.name).join(', ')}); needs ${ROTATE_PERMISSIONS}`,
  );

  const journal: RotationJournal = {
    version: 1,
    state: 'creating',
    userName,
    userArn,
    bundles: sharing.map((r) => r.bundle.name),
    old,
    startedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  await writeJournal(store, journal).catch(async (error: unknown) => {
    await clearJournal(store, journal).catch(() => undefined);
    throw error;
  });
  await deps.checkpoint?.('journal-started');
  let created: AwsCredentials;
  try {
    created = await iam.createAccessKey(old, userName);
  } catch (error) {
    await clearJournal(store, journal).catch(() => undefined);
    throw namingTheWorkingKey(error, old);
  }
  await deps.checkpoint?.('key-created');
  const fresh: AwsCredentials = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey };
  deps.say(`created the access key ${mask(fresh.accessKeyId)}; waiting until AWS accepts it`);
  const started = { ...journal, state: 'created' as const, new: fresh };
  try {
    await writeJournal(store, started);
  } catch (error) {
    await iam.deleteAccessKey(old, userName, fresh.accessKeyId).catch(() => undefined);
    throw error;
  }
  await deps.checkpoint?.('journal-created');
  return complete({ journal: started, sharing, store, iam, deps, resumed: false });
}

/** A journalled rotation with its new key: what completing it and rolling it back both work on. */
interface Rotation {
  journal: RotationJournal & { new: AwsCredentials };
  /** The records of the bundles sharing the key, as read before the rotation's writes. */
  sharing: KeychainRecord[];
  store: SecretStore;
  iam: IamGateway;
  deps: RotateDeps;
  /** Resumed from a journal a killed process left behind (the rollback then names the new key it deleted). */
  resumed: boolean;
}

/**
 * Finishes a journalled rotation: verify, store, record, delete the old key, remove the journal. Any failure
 * rolls back to the old key (stored copies and records put back, the new key deleted) and removes the journal.
 */
async function complete(rotation: Rotation): Promise<RotateResult> {
  const { journal, sharing, store, iam, deps } = rotation;
  const { old, new: fresh, userName, userArn } = journal;
  const sts = await deps.sts();
  try {
    await waitUntilAccepted(sts, deps.stsTarget(sharing[0]!), fresh, userArn, deps);
    await deps.checkpoint?.('verified');
    for (const r of sharing) {
      await store.set(accessKeyAccount(r.bundle.name), serializeAccessKey(fresh));
      await deps.checkpoint?.(`stored:${r.bundle.name}`);
    }
    for (const r of sharing) {
      if (r.source.accessKeyId !== fresh.accessKeyId)
        await deps.writeRecord({ ...r, source: { ...r.source, accessKeyId: fresh.accessKeyId } });
      await deps.checkpoint?.(`recorded:${r.bundle.name}`);
    }
    deps.say(`stored the new key ${mask(fresh.accessKeyId)} in ${store.location}`);
    await deleteOld(iam, fresh, old, userName, deps);
    await deps.checkpoint?.('old-deleted');
  } catch (error) {
    return rollBack(error, rotation);
  }
  await clearJournal(store, journal);
  deps.say(`deleted the old key ${mask(old.accessKeyId)}`);
  return { oldKeyId: old.accessKeyId, newKeyId: fresh.accessKeyId, bundles: sharing.map((r) => r.bundle.name) };
}

async function rollBack(error: unknown, rotation: Rotation): Promise<never> {
  const { journal, sharing, store, iam, deps } = rotation;
  const { old, new: fresh, userName } = journal;
  const failures: string[] = [];
  for (const r of sharing) {
    await store
      .set(accessKeyAccount(r.bundle.name), serializeAccessKey(old))
      .catch((e: unknown) =>
        failures.push(`bundle ${r.bundle.name} still stores ${mask(fresh.accessKeyId)} (${(e as Error).message})`),
      );
  }
  // Records as they were (the `sharing` records are those read before the rotation's writes).
  for (const r of sharing) {
    await deps
      .writeRecord({ ...r, source: { ...r.source, accessKeyId: old.accessKeyId } })
      .catch((e: unknown) =>
        failures.push(`the record of bundle ${r.bundle.name} could not be put back (${(e as Error).message})`),
      );
  }
  await iam.deleteAccessKey(old, userName, fresh.accessKeyId).catch((e: unknown) => {
    if (!isEksLoginError(e) || e.code !== 'IAM_NO_SUCH_ENTITY')
      failures.push(
        `the new key ${mask(fresh.accessKeyId)} could not be deleted (${(e as Error).message}): delete it in the IAM console`,
      );
  });
  if (failures.length === 0)
    await clearJournal(store, journal).catch((e: unknown) =>
      failures.push(`the rotation journal could not be removed (${(e as Error).message})`),
    );
  const base =
    error instanceof EksLoginError
      ? error
      : new StoreError(`key rotation failed: ${(error as Error).message}`, {
          code: 'ROTATE_WRITE_FAILED',
          cause: error,
        });
  const Type = base.constructor as new (message: string, options: object) => EksLoginError;
  const outcome = failures.length
    ? `; rolling back was incomplete: ${failures.join('; ')}`
    : `; nothing changed: the old key ${mask(old.accessKeyId)} is still stored and valid, the new key ${rotation.resumed ? `${mask(fresh.accessKeyId)} ` : ''}was deleted`;
  throw new Type(`${base.message}${outcome}`, {
    code: base.code,
    ...(base.hint ? { hint: base.hint } : {}),
    cause: base,
  });
}

/**
 * A rotation a killed process left behind. With its new key known: completed (or rolled back when the new
 * key does not work). Without: the key IAM may have created after the journal (its secret never stored) is
 * found with ListAccessKeys and deleted; returns undefined so the asked rotation starts afresh.
 */
async function resume(
  journal: RotationJournal,
  records: SetupRecord[],
  store: SecretStore,
  deps: RotateDeps,
): Promise<RotateResult | undefined> {
  const iam = await deps.iam();
  const sharing = records.filter(isKeychain).filter((r) => journal.bundles.includes(r.bundle.name));
  if (journal.state === 'created' && journal.new) {
    deps.say(
      `completing the rotation ${mask(journal.old.accessKeyId)} → ${mask(journal.new.accessKeyId)} of ${journal.userArn} that was interrupted (started ${journal.startedAt})`,
    );
    return complete({ journal: { ...journal, new: journal.new }, sharing, store, iam, deps, resumed: true });
  }
  deps.say(
    `an interrupted rotation of the access key ${mask(journal.old.accessKeyId)} (started ${journal.startedAt}) may have created a key whose secret was never stored: looking for it`,
  );
  let keys: Array<{ accessKeyId: string; createdAt?: Date }>;
  try {
    keys = await iam.listAccessKeys(journal.old, journal.userName);
  } catch (error) {
    await clearJournal(store, journal);
    throw new (
      isEksLoginError(error) ? (error.constructor as new (m: string, o: object) => EksLoginError) : CredentialsError
    )(
      `${(error as Error).message}; the working, stored key is ${journal.old.accessKeyId}: any other access key of ${journal.userName} was left by the interrupted rotation and can be deleted`,
      {
        code: 'ROTATE_ORPHAN_UNKNOWN',
        hint: `delete the access key of ${journal.userName} that is not ${journal.old.accessKeyId} (IAM console → Users → Security credentials), then run \`eks-login key rotate\` again`,
        cause: error,
      },
    );
  }
  const since = Date.parse(journal.startedAt) - 60_000;
  for (const key of keys) {
    if (key.accessKeyId === journal.old.accessKeyId) continue;
    if (key.createdAt && key.createdAt.getTime() < since) continue; // the user's own second key, older than the rotation
    await iam.deleteAccessKey(journal.old, journal.userName, key.accessKeyId).catch((error: unknown) => {
      if (!isEksLoginError(error) || error.code !== 'IAM_NO_SUCH_ENTITY') throw error;
    });
    deps.say(
      `deleted the access key ${mask(key.accessKeyId)} the interrupted rotation created (its secret was never stored); ${mask(journal.old.accessKeyId)} is still stored and valid`,
    );
  }
  await clearJournal(store, journal);
  return undefined;
}

/** CreateAccessKey refused because the user has two keys: say which one eks-login uses, so the other is deleted. */
function namingTheWorkingKey(error: unknown, old: AwsCredentials): unknown {
  if (!isEksLoginError(error) || error.code !== 'ACCESS_KEY_LIMIT') return error;
  const Type = error.constructor as new (message: string, options: object) => EksLoginError;
  return new Type(`${error.message}; the key eks-login stores and uses is ${old.accessKeyId}`, {
    code: error.code,
    hint: `delete the other access key (not ${old.accessKeyId}) in the IAM console (Users → Security credentials), then run \`eks-login key rotate\` again`,
    cause: error,
  });
}

async function writeJournal(store: SecretStore, journal: RotationJournal): Promise<void> {
  for (const bundle of journal.bundles) await store.set(rotationAccount(bundle), JSON.stringify(journal));
}

async function clearJournal(store: SecretStore, journal: RotationJournal): Promise<void> {
  for (const bundle of journal.bundles) await store.delete(rotationAccount(bundle));
}

/** GetCallerIdentity with the new key until it answers as the same user (bounded). */
async function waitUntilAccepted(
  sts: StsGateway,
  target: StsTarget,
  fresh: AwsCredentials,
  userArn: string,
  deps: RotateDeps,
): Promise<void> {
  const attempts = deps.attempts ?? 12;
  const delay = deps.delayMs ?? 2_500;
  let last: unknown;
  for (let i = 1; i <= attempts; i++) {
    let identity: { arn: string };
    try {
      identity = await sts.getCallerIdentity(fresh, target);
    } catch (error) {
      // Only a key STS does not know yet is worth waiting for (IAM propagates new keys within seconds);
      // an unreachable STS, a skewed clock or anything else fails now instead of after every attempt.
      if (!(error instanceof CredentialsError) || error.sts?.reason !== 'credentials-rejected') throw error;
      last = error;
      if (i < attempts) await deps.sleep(delay);
      continue;
    }
    if (identity.arn !== userArn) throw new CredentialsError(`the new key belongs to ${identity.arn}, not ${userArn}`);
    return;
  }
  throw new CredentialsError(
    `the new key ${mask(fresh.accessKeyId)} was not accepted by STS after ${attempts} attempts (${(last as Error).message})`,
    {
      code: 'NEW_KEY_NOT_ACCEPTED',
      hint: 'IAM may be slow to propagate new keys: run `eks-login key rotate` again in a minute',
    },
  );
}

/** The old key is deleted with the new one (as aws-vault does); IAM may need a moment to accept the new key. Already gone: done. */
async function deleteOld(
  iam: IamGateway,
  fresh: AwsCredentials,
  old: AwsCredentials,
  userName: string,
  deps: RotateDeps,
): Promise<void> {
  const attempts = Math.max(1, Math.ceil((deps.attempts ?? 12) / 2));
  for (let i = 1; ; i++) {
    try {
      await iam.deleteAccessKey(fresh, userName, old.accessKeyId);
      return;
    } catch (error) {
      if (isEksLoginError(error) && error.code === 'IAM_NO_SUCH_ENTITY') return;
      if (!(error instanceof CredentialsError) || i >= attempts) throw error;
      await deps.sleep(deps.delayMs ?? 2_500);
    }
  }
}
