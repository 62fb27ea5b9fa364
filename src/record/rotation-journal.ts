// The journal of a key rotation (`eks-login key rotate`), so a rotation killed at any step is completed or
// rolled back by the next run, and `token` keeps working meanwhile. It holds secrets (both keys), so it
// lives in the secret store, one copy per bundle the rotation covers: account `key-rotation/<bundle>`.
// - `creating`: written before IAM CreateAccessKey; a key IAM created after it may be an orphan whose
//   secret was never stored (the next run lists the user's keys and deletes it).
// - `created`: the new key and its secret are known; the next run verifies it and completes (store, records,
//   old key deleted), or rolls back to the old key when the new one does not work.
import type { AwsCredentials } from '../kernel/ports.js';

export interface RotationJournal {
  version: 1;
  state: 'creating' | 'created';
  userName: string;
  userArn: string;
  /** Every bundle whose stored key the rotation replaces. */
  bundles: string[];
  old: AwsCredentials;
  new?: AwsCredentials;
  /** ISO time the rotation started. */
  startedAt: string;
}

export const rotationAccount = (bundle: string): string => `key-rotation/${bundle}`;

export function parseRotationJournal(text: string | null): RotationJournal | undefined {
  if (!text) return undefined;
  try {
    const j = JSON.parse(text) as Partial<RotationJournal>;
    const key = (k: unknown): k is AwsCredentials =>
      typeof (k as AwsCredentials)?.accessKeyId === 'string' &&
      typeof (k as AwsCredentials)?.secretAccessKey === 'string';
    if (
      j.version !== 1 ||
      (j.state !== 'creating' && j.state !== 'created') ||
      !key(j.old) ||
      (j.state === 'created' && !key(j.new))
    )
      return undefined;
    if (
      typeof j.userName !== 'string' ||
      typeof j.userArn !== 'string' ||
      !Array.isArray(j.bundles) ||
      typeof j.startedAt !== 'string'
    )
      return undefined;
    return j as RotationJournal;
  } catch {
    return undefined;
  }
}

/** True when the journal says both ids are the two keys of one rotation in progress (both valid until it ends). */
export function journalCovers(journal: RotationJournal | undefined, ids: readonly string[]): boolean {
  if (!journal?.new) return false;
  const pair = [journal.old.accessKeyId, journal.new.accessKeyId];
  return ids.every((id) => pair.includes(id));
}
