// Use case `eks-login key rotate [--bundle NAME]` (aws-vault's rotate): with the stored key, IAM
// CreateAccessKey; wait (bounded) until STS accepts the new key as the same user; store it for every bundle
// that holds the old one and update their records; then DeleteAccessKey the old key with the new one.
// Any failure leaves the old key stored and valid: the new key is deleted again if it was created, and
// whatever was already stored or recorded is put back.
import { CredentialsError, EksLoginError, StoreError, UsageError } from '../../errors.js';
import type { AwsCredentials, IamGateway, SecretStore, StsGateway, StsTarget } from '../../ports.js';
import { readStoredAccessKey, serializeAccessKey } from '../setup/access-key-secret.js';
import { accessKeyAccount, type SetupRecord } from '../record/setup-record.js';

/** What `key rotate` needs from IAM, said before it starts and in every permission error. */
export const ROTATE_PERMISSIONS = 'iam:CreateAccessKey and iam:DeleteAccessKey on your own IAM user (Resource arn:aws:iam::<account>:user/${aws:username})';

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

const mask = (id: string) => `…${id.slice(-4)}`;

function pickRecord(records: SetupRecord[], bundle: string | undefined): SetupRecord {
  const withKey = records.filter((r) => r.source.kind === 'keychain');
  if (bundle) {
    const record = records.find((r) => r.bundle.name === bundle);
    if (!record) throw new UsageError(`bundle ${bundle} has not been set up`, { hint: withKey.length ? `bundles with a stored key: ${withKey.map((r) => r.bundle.name).join(', ')}` : 'run `eks-login setup <bundle.json>` first' });
    if (record.source.kind !== 'keychain') throw new UsageError(`bundle ${bundle} uses ${record.source.kind === 'profile' ? `the AWS profile ${record.source.profile}` : 'IAM Identity Center'}: eks-login stores no key for it`, { hint: 'rotate that profile\'s key with the tool that manages it (e.g. `aws-vault rotate`)' });
    return record;
  }
  const ids = new Set(withKey.map((r) => (r.source.kind === 'keychain' ? r.source.accessKeyId : '')));
  if (withKey.length === 0) throw new UsageError('no bundle has a key stored by eks-login', { hint: 'run `eks-login setup <bundle.json>` first' });
  if (ids.size > 1) throw new UsageError(`several stored keys (bundles ${withKey.map((r) => r.bundle.name).join(', ')}): say which to rotate`, { hint: 'pass --bundle NAME' });
  return withKey[0]!;
}

export async function rotateKey(input: RotateInput, deps: RotateDeps): Promise<RotateResult> {
  const records = await deps.records();
  const record = pickRecord(records, input.bundle);
  if (record.source.kind !== 'keychain') throw new Error('unreachable');
  const { userName, userArn } = record.source;
  const store = await deps.secrets();
  const old = await readStoredAccessKey(store, record.bundle.name, record.source.accessKeyId);
  // Every bundle holding the same key (setup --reuse-key) gets the new one.
  const sharing = records.filter((r) => r.source.kind === 'keychain' && r.source.accessKeyId === old.accessKeyId);
  const iam = await deps.iam();
  const sts = await deps.sts();
  deps.say(`rotating the access key ${mask(old.accessKeyId)} of ${userArn} (bundles ${sharing.map((r) => r.bundle.name).join(', ')}); needs ${ROTATE_PERMISSIONS}`);

  const created = await iam.createAccessKey(old, userName);
  const fresh: AwsCredentials = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey };
  deps.say(`created the access key ${mask(fresh.accessKeyId)}; waiting until AWS accepts it`);
  const undo: Array<() => Promise<void>> = [];
  const rollBack = async (error: unknown): Promise<never> => {
    const failures: string[] = [];
    for (const step of undo.reverse()) await step().catch((e: unknown) => failures.push((e as Error).message));
    await iam.deleteAccessKey(old, userName, fresh.accessKeyId).catch((e: unknown) => failures.push(`the new key ${mask(fresh.accessKeyId)} could not be deleted (${(e as Error).message}): delete it in the IAM console`));
    const base = error instanceof EksLoginError ? error : new StoreError(`key rotation failed: ${(error as Error).message}`, { code: 'ROTATE_WRITE_FAILED', cause: error });
    const Type = base.constructor as new (message: string, options: object) => EksLoginError;
    const outcome = failures.length ? `; rolling back was incomplete: ${failures.join('; ')}` : `; nothing changed: the old key ${mask(old.accessKeyId)} is still stored and valid, the new key was deleted`;
    throw new Type(`${base.message}${outcome}`, { code: base.code, ...(base.hint ? { hint: base.hint } : {}), cause: base });
  };

  try {
    await waitUntilAccepted(sts, deps.stsTarget(record), fresh, userArn, deps);
    for (const r of sharing) {
      const account = accessKeyAccount(r.bundle.name);
      const before = await store.get(account);
      undo.push(async () => (before === null ? void (await store.delete(account)) : store.set(account, before)));
      await store.set(account, serializeAccessKey(fresh));
    }
    for (const r of sharing) {
      undo.push(() => deps.writeRecord(r));
      await deps.writeRecord({ ...r, source: { ...(r.source as Extract<SetupRecord['source'], { kind: 'keychain' }>), accessKeyId: fresh.accessKeyId } });
    }
    deps.say(`stored the new key ${mask(fresh.accessKeyId)} in ${store.location}`);
    await deleteOld(iam, fresh, old, userName, deps);
  } catch (error) {
    return rollBack(error);
  }
  deps.say(`deleted the old key ${mask(old.accessKeyId)}`);
  return { oldKeyId: old.accessKeyId, newKeyId: fresh.accessKeyId, bundles: sharing.map((r) => r.bundle.name) };
}

/** GetCallerIdentity with the new key until it answers as the same user (bounded). */
async function waitUntilAccepted(sts: StsGateway, target: StsTarget, fresh: AwsCredentials, userArn: string, deps: RotateDeps): Promise<void> {
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
  throw new CredentialsError(`the new key ${mask(fresh.accessKeyId)} was not accepted by STS after ${attempts} attempts (${(last as Error).message})`, {
    code: 'NEW_KEY_NOT_ACCEPTED',
    hint: 'IAM may be slow to propagate new keys: run `eks-login key rotate` again in a minute',
  });
}

/** The old key is deleted with the new one (as aws-vault does); IAM may need a moment to accept the new key. */
async function deleteOld(iam: IamGateway, fresh: AwsCredentials, old: AwsCredentials, userName: string, deps: RotateDeps): Promise<void> {
  const attempts = Math.max(1, Math.ceil((deps.attempts ?? 12) / 2));
  for (let i = 1; ; i++) {
    try {
      await iam.deleteAccessKey(fresh, userName, old.accessKeyId);
      return;
    } catch (error) {
      if (!(error instanceof CredentialsError) || i >= attempts) throw error;
      await deps.sleep(deps.delayMs ?? 2_500);
    }
  }
}
