// adopt's record: for every kubeconfig user it rewrote, the original exec entry (for --undo) and the one it
// wrote (so --undo restores only what is still adopt's, and whoami/doctor can say the context was adopted).
// Kept in $XDG_CONFIG_HOME/eks-login/adopted.json (adopt/adopt-record-file.node.ts). Pure.
import { isRecord } from '../kernel/is-record.js';
import type { AdoptedTool } from './recognize.js';

export interface AdoptedUser {
  /** The kubeconfig file holding the user entry (absolute). */
  kubeconfig: string;
  /** The user entry's name. */
  user: string;
  /** The contexts that used the user when it was adopted (for messages and --context). */
  contexts: string[];
  tool: AdoptedTool;
  /** The exec entry as it was, every field kept. */
  original: Record<string, unknown>;
  /** The exec entry adopt wrote. */
  adopted: Record<string, unknown>;
  /** When (ISO 8601). */
  at: string;
}

export interface AdoptRecord {
  version: 1;
  users: AdoptedUser[];
}

export const EMPTY_ADOPT_RECORD: AdoptRecord = { version: 1, users: [] };

export const sameUser = (
  a: Pick<AdoptedUser, 'kubeconfig' | 'user'>,
  b: Pick<AdoptedUser, 'kubeconfig' | 'user'>,
): boolean => a.kubeconfig === b.kubeconfig && a.user === b.user;

/** The record in a file's text; undefined when it is not one (the caller says so). */
export function parseAdoptRecord(text: string): AdoptRecord | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(doc) || doc.version !== 1 || !Array.isArray(doc.users)) return undefined;
  const users = doc.users.filter(
    (u): u is AdoptedUser =>
      isRecord(u) &&
      typeof u.kubeconfig === 'string' &&
      typeof u.user === 'string' &&
      Array.isArray(u.contexts) &&
      typeof u.tool === 'string' &&
      isRecord(u.original) &&
      isRecord(u.adopted) &&
      typeof u.at === 'string',
  );
  return users.length === doc.users.length ? { version: 1, users } : undefined;
}

export function serializeAdoptRecord(record: AdoptRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The record with `changes` applied: adopted users added (replacing an older entry), restored ones removed. */
export function updateAdoptRecord(
  record: AdoptRecord,
  changes: { adopted?: AdoptedUser[]; restored?: Array<Pick<AdoptedUser, 'kubeconfig' | 'user'>> },
): AdoptRecord {
  const gone = [...(changes.adopted ?? []), ...(changes.restored ?? [])];
  return {
    version: 1,
    users: [...record.users.filter((u) => !gone.some((g) => sameUser(u, g))), ...(changes.adopted ?? [])],
  };
}
