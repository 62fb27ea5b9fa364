// Collecting bundle problems: each has the JSON path (`clusters[1].endpoint`) and what is expected.
import { isRecord } from '../kernel/is-record.js';

export interface BundleProblem {
  path: string;
  message: string;
}

/** A collector the field checks write into. */
export class Problems {
  readonly list: BundleProblem[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  /** The header every eks-login document shares: only `allowed` root fields, this apiVersion and kind, an optional $schema string. */
  documentHeader(value: Record<string, unknown>, allowed: readonly string[], apiVersion: string, kind: string): void {
    this.unknownFields(value, '', allowed);
    if (value.apiVersion !== apiVersion)
      this.add('apiVersion', `must be ${JSON.stringify(apiVersion)} (got ${JSON.stringify(value.apiVersion ?? null)})`);
    if (value.kind !== kind)
      this.add('kind', `must be ${JSON.stringify(kind)} (got ${JSON.stringify(value.kind ?? null)})`);
    if (value.$schema !== undefined && typeof value.$schema !== 'string')
      this.add('$schema', 'must be a string (the schema URL for editors)');
  }

  /** Reports fields not in `allowed` (unknown fields are an error naming the field). */
  unknownFields(value: Record<string, unknown>, at: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(join(at, key), `unknown field (allowed here: ${allowed.join(', ')})`);
    }
  }
  /** Reports every name of `list` that an earlier item already has (`groups[2].name: duplicate group name …`). */
  uniqueNames(names: Array<string | undefined>, list: string, what: string): void {
    const first = new Map<string, number>();
    names.forEach((name, index) => {
      if (name === undefined) return;
      const earlier = first.get(name);
      if (earlier === undefined) first.set(name, index);
      else
        this.add(`${list}[${index}].name`, `duplicate ${what} name ${JSON.stringify(name)} (also ${list}[${earlier}])`);
    });
  }
  /** A required non-empty string matching `pattern`; returns it when valid. */
  string(
    value: Record<string, unknown>,
    at: string,
    key: string,
    pattern: RegExp,
    expectation: string,
    optional = false,
  ): string | undefined {
    const field = value[key];
    const path = join(at, key);
    if (field === undefined && optional) return undefined;
    if (field === undefined) return void this.add(path, `is required: ${expectation}`);
    if (typeof field !== 'string') return void this.add(path, `must be a string: ${expectation}`);
    if (!pattern.test(field)) return void this.add(path, `must be ${expectation} (got ${JSON.stringify(field)})`);
    return field;
  }
  /** A required non-empty list of records; returns the items that are records with their paths. */
  records(
    value: Record<string, unknown>,
    key: string,
    what: string,
  ): Array<{ item: Record<string, unknown>; at: string; index: number }> {
    const list = value[key];
    if (!Array.isArray(list)) {
      this.add(key, list === undefined ? `is required: a list of ${what}` : `must be a list of ${what}`);
      return [];
    }
    if (list.length === 0) this.add(key, `must list at least one ${what.replace(/s$/, '')}`);
    return list.flatMap((item, index) => {
      const at = `${key}[${index}]`;
      if (isRecord(item)) return [{ item, at, index }];
      this.add(at, `must be an object (one of the ${what})`);
      return [];
    });
  }
}

export const join = (at: string, key: string): string => (at ? `${at}.${key}` : key);

/** The lines of a problem report, one per problem. */
export function formatProblems(problems: BundleProblem[]): string[] {
  return problems.map((p) => `${p.path}: ${p.message}`);
}
