// IAM policy evaluation for what the sandbox needs: sts:AssumeRole and sts:SetSourceIdentity against identity
// policies and trust policies. Explicit Deny wins, then any Allow; wildcards (* and ?) in Action, Resource and
// Principal; conditions Bool, StringEquals, StringNotEquals, StringLike, StringNotLike,
// NumericLessThan(Equals). Condition keys are case-insensitive, as in IAM; a key missing from the request
// fails a positive condition and satisfies a negated one (StringNotEquals, StringNotLike).
// Policy variables (`${aws:username}`, `${sts:RoleSessionName}`…, and `${*}`, `${?}`, `${$}`) are replaced in
// Resource and in condition values of documents with Version 2012-10-17 (older versions read them literally,
// as IAM does); a variable whose key the request does not carry matches nothing.
import type { PolicyDocument, PolicyStatement } from './world-types.js';

type RequestContext = Record<string, string | undefined>;

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

const VARIABLES_VERSION = '2012-10-17';

export function evaluate(documents: PolicyDocument[], request: PolicyRequest): Verdict {
  const context = lowerKeys(request.context);
  let allowed = false;
  for (const doc of documents) {
    const variables = doc.Version === VARIABLES_VERSION;
    for (const st of [doc.Statement].flat()) {
      if (!matches(st, request, context, variables)) continue;
      if (st.Effect === 'Deny') return 'deny';
      allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function matches(st: PolicyStatement, req: PolicyRequest, ctx: RequestContext, variables: boolean): boolean {
  if (st.Action !== undefined && !list(st.Action).some((a) => glob(a, req.action, true))) return false;
  if (st.NotAction !== undefined && list(st.NotAction).some((a) => glob(a, req.action, true))) return false;
  if (
    req.resource !== undefined &&
    st.Resource !== undefined &&
    !list(st.Resource).some((r) => matchesValue(r, ctx, variables, (p) => glob(p, req.resource!, false)))
  )
    return false;
  if (req.principal !== undefined && !principalMatches(st.Principal, req)) return false;
  return conditionsHold(st.Condition ?? {}, ctx, variables);
}

/** Whether the statement names the caller itself (not just its account): such a trust policy alone suffices. */
export function namesPrincipalExplicitly(documents: PolicyDocument[], principalArn: string): boolean {
  return documents.some((doc) =>
    [doc.Statement]
      .flat()
      .some(
        (st) =>
          st.Effect === 'Allow' &&
          typeof st.Principal === 'object' &&
          list(st.Principal.AWS ?? []).includes(principalArn),
      ),
  );
}

function principalMatches(principal: PolicyStatement['Principal'], req: PolicyRequest): boolean {
  if (principal === undefined) return false;
  if (principal === '*') return true;
  return list(principal.AWS ?? []).some((p) => {
    if (p === '*') return true;
    if (req.principalAccount && (p === req.principalAccount || p === `arn:aws:iam::${req.principalAccount}:root`))
      return true;
    return p === req.principal || (req.principalRole !== undefined && p === req.principalRole);
  });
}

const OPERATORS = new Set([
  'Bool',
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
  'NumericLessThan',
  'NumericLessThanEquals',
]);
const NEGATED = new Set(['StringNotEquals', 'StringNotLike']);
const KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'Principal', 'Condition']);

/**
 * Why a policy document uses IAM language this evaluator does not implement (NotResource, NotPrincipal, an
 * unknown condition operator, a policy variable with a default value…), or undefined. A world must fail to
 * load rather than be evaluated wrongly: an ignored NotResource would allow every role, an unknown operator
 * would silently disable a Deny.
 */
export function unsupportedInPolicy(doc: PolicyDocument): string | undefined {
  if (!doc || typeof doc !== 'object' || doc.Statement === undefined) return 'a policy document needs a Statement';
  for (const st of [doc.Statement].flat()) {
    if (!st || typeof st !== 'object') return 'a Statement entry is not a mapping';
    const extra = Object.keys(st).find((k) => !KEYS.has(k));
    if (extra)
      return `statement key ${extra} is not supported by the sandbox (docs/sandbox.md, "What is not emulated")`;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') return `Effect must be Allow or Deny, not ${String(st.Effect)}`;
    const op = Object.keys(st.Condition ?? {}).find((o) => !OPERATORS.has(o));
    if (op) return `condition operator ${op} is not supported by the sandbox (supported: ${[...OPERATORS].join(', ')})`;
    const values = [
      ...list(st.Resource ?? []),
      ...Object.values(st.Condition ?? {}).flatMap((entries) =>
        Object.values(entries ?? {}).flatMap((v) => list(v).map(String)),
      ),
    ];
    const odd = values
      .flatMap((v) => [...v.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!))
      .find((name) => !/^(?:\*|\?|\$|[\w-]+:[\w-]+(?:\/[\w-]+)?)$/.test(name));
    if (odd !== undefined)
      return `policy variable \${${odd}} is not supported by the sandbox (no default values; a variable names one condition key)`;
  }
  return undefined;
}

function conditionsHold(
  conditions: Record<string, Record<string, string | string[] | boolean>>,
  ctx: RequestContext,
  variables: boolean,
): boolean {
  return Object.entries(conditions).every(([op, entries]) =>
    Object.entries(entries).every(([key, expected]) => {
      const actual = ctx[key.toLowerCase()];
      if (actual === undefined) return NEGATED.has(op);
      const wanted = list(expected).map(String);
      const any = (test: (pattern: string) => boolean): boolean =>
        wanted.some((w) => matchesValue(w, ctx, variables, test));
      switch (op) {
        case 'Bool':
          return wanted.some((w) => w.toLowerCase() === actual.toLowerCase());
        case 'StringEquals':
          return wanted.some((w) => matchesValue(w, ctx, variables, (v) => v === actual, false));
        case 'StringNotEquals':
          return !wanted.some((w) => matchesValue(w, ctx, variables, (v) => v === actual, false));
        case 'StringLike':
          return any((w) => glob(w, actual, false));
        case 'StringNotLike':
          return !any((w) => glob(w, actual, false));
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

/**
 * A policy value with its variables replaced, or undefined when a variable's key is missing from the request
 * (IAM: such a value matches nothing). For glob matching (`forGlob`), replaced text stays literal: a `*` that
 * came from a variable, or from `${*}`, matches only a `*`.
 */
function substitute(value: string, ctx: RequestContext, variables: boolean, forGlob: boolean): string | undefined {
  if (!variables || !value.includes('${')) return value;
  let missing = false;
  const literal = (text: string): string => (forGlob ? text.replace(/\*/g, STAR).replace(/\?/g, QUESTION) : text);
  const replaced = value.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (name === '*' || name === '?' || name === '$') return literal(name);
    const v = ctx[name.toLowerCase()];
    if (v === undefined) missing = true;
    return literal(v ?? '');
  });
  return missing ? undefined : replaced;
}

function matchesValue(
  value: string,
  ctx: RequestContext,
  variables: boolean,
  test: (pattern: string) => boolean,
  forGlob = true,
): boolean {
  const replaced = substitute(value, ctx, variables, forGlob);
  return replaced !== undefined && test(replaced);
}

/** Placeholders for characters that must stay literal through glob(). */
const STAR = '\u0000';
const QUESTION = '\u0001';

function lowerKeys(ctx: RequestContext): RequestContext {
  return Object.fromEntries(Object.entries(ctx).map(([k, v]) => [k.toLowerCase(), v]));
}

function list<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function glob(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
    .replace(new RegExp(STAR, 'g'), '\\*')
    .replace(new RegExp(QUESTION, 'g'), '\\?');
  return new RegExp(`^${re}$`, caseInsensitive ? 'i' : '').test(value);
}
