// `admin export` builds the same model as plan and apply (desired.ts), offline: the account, the partition and
// the IAM Identity Center roles are not known without AWS, so they enter the model as symbols, strings no ARN
// can contain. Each renderer turns a symbol into its own reference (Terraform data sources, CloudFormation
// pseudo parameters), so the documents are the same ones apply writes, with the account filled in at deploy time.
import type { AccessFile, AccessGroup } from './access/types.js';
import { desiredAccess, type DesiredAccess } from './desired.js';
import { roleArn, type Identity } from './names.js';

const OPEN = '\u{E000}';
const CLOSE = '\u{E001}';

export type ExportSymbol =
  | { kind: 'account' }
  | { kind: 'partition' }
  /** The path of an IAM Identity Center role, without its first and last slash. */
  | { kind: 'sso-path'; group: string; permissionSet: string }
  /** The name of an IAM Identity Center role: AWSReservedSSO_<permission set>_<hash>. */
  | { kind: 'sso-name'; group: string; permissionSet: string }
  /** Its whole ARN (see collapseSsoArns). */
  | { kind: 'sso-arn'; group: string; permissionSet: string };

const symbol = (text: string): string => `${OPEN}${text}${CLOSE}`;
const ACCOUNT = symbol('account');
const PARTITION = symbol('partition');

const SYMBOLIC: Identity = { account: ACCOUNT, partition: PARTITION, arn: `arn:${PARTITION}:iam::${ACCOUNT}:root` };

/** The principal of an sso group: its role's path and name are found at deploy time. */
function ssoPrincipal(group: AccessGroup): string {
  const ps = group.sso!.roleName;
  return `arn:${PARTITION}:iam::${ACCOUNT}:role/${symbol(`sso-path:${group.name}:${ps}`)}/${symbol(`sso-name:${group.name}:${ps}`)}`;
}

export interface ExportModel {
  model: DesiredAccess;
  /** The sso groups whose role the output looks up (Terraform) or takes as a parameter (CloudFormation). */
  sso: Array<{ group: string; permissionSet: string }>;
}

/**
 * The model of `access` with symbolic account, partition and sso roles. Offline, a cluster's authenticationMode
 * is unknown: a cluster without `mapping` is taken as access entries (the EKS default since 2023).
 */
export function exportModel(access: AccessFile, only?: string): ExportModel {
  const model = desiredAccess(
    access,
    SYMBOLIC,
    (g) => (g.role ? roleArn(SYMBOLIC, g) : ssoPrincipal(g)),
    (c) => c.mapping ?? 'access-entries',
  );
  if (only !== undefined) model.clusters = model.clusters.filter((c) => c.name === only);
  return {
    model,
    sso: access.groups.filter((g) => g.sso && !g.role).map((g) => ({ group: g.name, permissionSet: g.sso!.roleName })),
  };
}

/**
 * Splits a string into literal text and symbols, e.g. `arn:⟨partition⟩:iam::⟨account⟩:root` → ['arn:', partition,
 * ':iam::', account, ':root']. Renderers map each part.
 */
export function splitSymbols(text: string): Array<string | ExportSymbol> {
  const parts: Array<string | ExportSymbol> = [];
  let rest = text;
  for (;;) {
    const at = rest.indexOf(OPEN);
    if (at < 0) break;
    const end = rest.indexOf(CLOSE, at);
    if (at > 0) parts.push(rest.slice(0, at));
    parts.push(parseSymbol(rest.slice(at + OPEN.length, end)));
    rest = rest.slice(end + CLOSE.length);
  }
  if (rest !== '' || parts.length === 0) parts.push(rest);
  return parts;
}

/** For renderers that can name an sso role's whole ARN: one `sso-arn` symbol instead of the ARN's parts. */
export function collapseSsoArns(text: string): string {
  const sym = (inner: string): string => `${OPEN}${inner}${CLOSE}`;
  const pattern = new RegExp(
    `arn:${PARTITION}:iam::${ACCOUNT}:role/${OPEN}sso-path:([^${CLOSE}]*)${CLOSE}/${OPEN}sso-name:\\1${CLOSE}`,
    'g',
  );
  return text.replace(pattern, (_, inner: string) => sym(`sso-arn:${inner}`));
}

export const hasSymbols = (text: string): boolean => text.includes(OPEN);

function parseSymbol(text: string): ExportSymbol {
  if (text === 'account' || text === 'partition') return { kind: text };
  const [kind, group, permissionSet] = text.split(':') as ['sso-path' | 'sso-name' | 'sso-arn', string, string];
  return { kind, group, permissionSet };
}

/** Maps every string of a JSON-like value. */
export function mapStrings(value: unknown, f: (text: string) => unknown): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}
