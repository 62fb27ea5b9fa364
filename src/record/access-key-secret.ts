// The secret `setup` stores per bundle (account `access-key/<bundle>`): JSON {accessKeyId, secretAccessKey}.
// Writing it is setup's job; reading it is the keychain source of `token`, `login` and `whoami`.
import { CredentialsError, StoreError } from '../kernel/errors.js';
import type { AwsCredentials, SecretStore } from '../kernel/ports.js';
import { journalCovers, parseRotationJournal, rotationAccount } from './rotation-journal.js';
import { accessKeyAccount } from './setup-record.js';

export function serializeAccessKey(credentials: { accessKeyId: string; secretAccessKey: string }): string {
  return JSON.stringify({ accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
}

/**
 * Reads the access key stored for `bundle`. Missing → CredentialsError (exit 4) saying where eks-login
 * looked and how to store one; a different key id than setup recorded → the record is out of date.
 */
export async function readStoredAccessKey(
  store: SecretStore,
  bundle: string,
  expectedAccessKeyId?: string,
): Promise<AwsCredentials> {
  const account = accessKeyAccount(bundle);
  const text = await store.get(account);
  const rerun = `re-run \`eks-login setup <bundle.json>\` for bundle ${bundle} to store the access key again`;
  if (text === null) {
    throw new CredentialsError(
      `no access key stored for bundle ${bundle} in ${store.location}${store.note ? ` (${store.note})` : ''}`,
      {
        code: 'ACCESS_KEY_MISSING',
        // A fallback store in use means the key is likely in the keychain that could not be used (locked, no D-Bus session).
        hint: store.note
          ? `if setup stored the key in your keychain, unlock it (or run where your desktop session's keychain is reachable) and retry; otherwise ${rerun}`
          : rerun,
      },
    );
  }
  let doc: { accessKeyId?: unknown; secretAccessKey?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    doc = {};
  }
  if (typeof doc.accessKeyId !== 'string' || typeof doc.secretAccessKey !== 'string') {
    throw new StoreError(
      `the access key stored for bundle ${bundle} in ${store.location} (account ${account}) is not readable`,
      { hint: rerun },
    );
  }
  // A key rotation in progress (or killed) stores the new key before it rewrites the record: both keys are
  // valid until the rotation ends, so the stored one serves (key/rotation-journal.ts).
  if (
    expectedAccessKeyId &&
    doc.accessKeyId !== expectedAccessKeyId &&
    !journalCovers(parseRotationJournal(await store.get(rotationAccount(bundle))), [
      doc.accessKeyId,
      expectedAccessKeyId,
    ])
  ) {
    throw new CredentialsError(
      `the access key stored for bundle ${bundle} (…${doc.accessKeyId.slice(-4)}) is not the one setup recorded (…${expectedAccessKeyId.slice(-4)})`,
      { code: 'ACCESS_KEY_MISMATCH', hint: rerun },
    );
  }
  return { accessKeyId: doc.accessKeyId, secretAccessKey: doc.secretAccessKey };
}
