// IAM policy evaluation for what the sandbox needs: sts:AssumeRole against identity policies and trust
// policies. Explicit Deny wins, then any Allow; wildcards (* and ?) in Action, Resource and Principal;
// conditions Bool, StringEquals, StringLike, NumericLessThan(Equals) (missing keys fail the condition).
import type { PolicyDocument, PolicyStatement } from './world-types.js';

export type RequestContext = Record<string, string | undefined>;

export interface PolicyRequest {
  action: string;
  resource?: string;
  /** The caller's ARN, checked against Principal (trust policies only). */
  principal?: string;
  /** For a role session: the role's own ARN (with its path), which a Principal may name instead of the session. */
  principalRole?: string;
  /** The caller's account, so that Principal `arn:aws:iam::<account>:root` (or just the account id) matches. */
  principalAccount?: string;
  context: RequestContext;
}

export type Verdict = 'allow' | 'deny' | 'implicit-deny';

export function evaluate(documents: PolicyDocument[], request: PolicyRequest): Verdict {
  let allowed = false;
  for (const doc of documents) {
    for (const st of [doc.Statement].flat()) {
      if (!matches(st, request)) continue;
      if (st.Effect === 'Deny') return 'deny';
      allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function matches(st: PolicyStatement, req: PolicyRequest): boolean {
  if (st.Action !== undefined && !list(st.Action).some((a) => glob(a, req.action, true))) return false;
  if (st.NotAction !== undefined && list(st.NotAction).some((a) => glob(a, req.action, true))) return false;
  if (req.resource !== undefined && st.Resource !== undefined && !list(st.Resource).some((r) => glob(r, req.resource!, false))) return false;
  if (req.principal !== undefined && !principalMatches(st.Principal, req)) return false;
  return conditionsHold(st.Condition ?? {}, req.context);
}

/** Whether the statement names the caller itself (not just its account): such a trust policy alone suffices. */
export function namesPrincipalExplicitly(documents: PolicyDocument[], principalArn: string): boolean {
  return documents.some((doc) =>
    [doc.Statement].flat().some((st) => st.Effect === 'Allow' && typeof st.Principal === 'object' && list(st.Principal.AWS ?? []).includes(principalArn)),
  );
}

function principalMatches(principal: PolicyStatement['Principal'], req: PolicyRequest): boolean {
  if (principal === undefined) return false;
  if (principal === '*') return true;
  return list(principal.AWS ?? []).some((p) => {
    if (p === '*') return true;
    if (req.principalAccount && (p === req.principalAccount || p === `arn:aws:iam::${req.principalAccount}:root`)) return true;
    return p === req.principal || (req.principalRole !== undefined && p === req.principalRole);
  });
}

const OPERATORS = new Set(['Bool', 'StringEquals', 'StringLike', 'NumericLessThan', 'NumericLessThanEquals']);
const KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'Principal', 'Condition']);

/**
 * Why a policy document uses IAM language this evaluator does not implement (NotResource, NotPrincipal, an
 * unknown condition operator…), or undefined. A world must fail to load rather than be evaluated wrongly:
 * an ignored NotResource would allow every role, an unknown operator would silently disable a Deny.
 */
export function unsupportedInPolicy(doc: PolicyDocument): string | undefined {
  if (!doc || typeof doc !== 'object' || doc.Statement === undefined) return 'a policy document needs a Statement';
  for (const st of [doc.Statement].flat()) {
    if (!st || typeof st !== 'object') return 'a Statement entry is not a mapping';
    const extra = Object.keys(st).find((k) => !KEYS.has(k));
    if (extra) return `statement key ${extra} is not supported by the sandbox (docs/sandbox.md, "What is not emulated")`;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') return `Effect must be Allow or Deny, not ${String(st.Effect)}`;
    const op = Object.keys(st.Condition ?? {}).find((o) => !OPERATORS.has(o));
    if (op) return `condition operator ${op} is not supported by the sandbox (supported: ${[...OPERATORS].join(', ')})`;
  }
  return undefined;
}

function conditionsHold(conditions: Record<string, Record<string, string | string[] | boolean>>, ctx: RequestContext): boolean {
  return Object.entries(conditions).every(([op, entries]) =>
    Object.entries(entries).every(([key, expected]) => {
      const actual = ctx[key];
      if (actual === undefined) return false;
      const wanted = list(expected).map(String);
      switch (op) {
        case 'Bool':
          return wanted.some((w) => w.toLowerCase() === actual.toLowerCase());
        case 'StringEquals':
          return wanted.includes(actual);
        case 'StringLike':
          return wanted.some((w) => glob(w, actual, false));
        case 'NumericLessThan':
          return wanted.some((w) => Number(actual) < Number(w));
        case 'NumericLessThanEquals':
          return wanted.some((w) => Number(actual) <= Number(w));
        default:
          return false; // unreachable for a loaded world: unsupportedInPolicy refuses other operators
      }
    }),
  );
}

function list<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function glob(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, caseInsensitive ? 'i' : '').test(value);
}
