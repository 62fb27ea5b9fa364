// From bundle file text to a checked Bundle: the size limit, JSON syntax (with line and column), keys
// repeated in one object, then validateBundle. Every problem is reported at once in one ConfigError (exit 3).
import { ConfigError } from '../kernel/errors.js';
import { formatProblems, type BundleProblem } from './problems.js';
import { MAX_BUNDLE_BYTES } from './rules.js';
import type { Bundle } from '../record/bundle-types.js';
import { validateBundle } from './validate.js';
import type { InspectCertificates } from './validate-cluster.js';

/** What JSON.parse does not tell (a JSON parser in an adapter). */
export interface JsonInspector {
  /** Where the first syntax error is (character offset) and what it is. */
  syntaxError(text: string): { offset: number; reason: string } | undefined;
  /** The paths of keys that appear a second time in one object, e.g. ['clusters', 0, 'endpoint']. */
  duplicateKeys(text: string): Array<Array<string | number>>;
}

const pathText = (path: Array<string | number>): string =>
  path.reduce<string>((at, part) => (typeof part === 'number' ? `${at}[${part}]` : at ? `${at}.${part}` : part), '');

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length} column ${(before.at(-1) ?? '').length + 1}`;
}

function jsonProblem(text: string, error: Error, json?: JsonInspector): BundleProblem {
  const at = /at position (\d+)/.exec(error.message);
  const where = /\(line (\d+) column (\d+)\)/.exec(error.message);
  const found = at || where ? undefined : json?.syntaxError(text);
  const place = where
    ? `line ${where[1]} column ${where[2]}`
    : at
      ? position(text, Number(at[1]))
      : found
        ? position(text, found.offset)
        : 'somewhere';
  const reason = error.message
    .replace(/\s*(in JSON )?at position \d+.*$/, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/, ("|\.\.\.")[\s\S]* is not valid JSON$/, '');
  return {
    path: '(file)',
    message: `is not valid JSON at ${place}: ${reason} (comments and trailing commas are not allowed)`,
  };
}

/** The problems of a bundle's text (empty when valid) and the bundle. `bytes` is the file's size. */
export function checkBundleText(
  text: string,
  bytes: number,
  inspect: InspectCertificates,
  json?: JsonInspector,
): { bundle?: Bundle; problems: BundleProblem[] } {
  if (bytes > MAX_BUNDLE_BYTES)
    return {
      problems: [
        { path: '(file)', message: `is ${bytes} bytes; a bundle may be at most 1 MiB (${MAX_BUNDLE_BYTES} bytes)` },
      ],
    };
  const body = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { problems: [jsonProblem(body, error as Error, json)] };
  }
  const repeated = (json?.duplicateKeys(body) ?? []).map((path) => ({
    path: pathText(path),
    message: 'appears twice in the same object; JSON keeps only the last one, so remove the other',
  }));
  const result = validateBundle(value, inspect);
  return repeated.length === 0 ? result : { problems: [...repeated, ...result.problems] };
}

/** The ConfigError for a bundle with problems: one line per problem. */
/** `file`: the path, or the URL as shown (kernel/mask.ts redactUrl); `url`: a URL, which `bundle validate` reads once downloaded. */
export function invalidBundleError(file: string, problems: BundleProblem[], url = false): ConfigError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const check = url
    ? 'download it and check the file with `eks-login bundle validate bundle.json`'
    : `check it with \`eks-login bundle validate ${file}\``;
  return new ConfigError(
    `invalid bundle ${file} (${count}):\n${formatProblems(problems)
      .map((l) => `  ${l}`)
      .join('\n')}`,
    {
      code: 'BUNDLE_INVALID',
      hint: `fix the bundle (see docs/bundle.md), or ask its admin for a corrected one; ${check}`,
    },
  );
}

/** Parses and validates; throws invalidBundleError listing every problem. */
export function parseBundle(text: string, bytes: number, file: string, inspect: InspectCertificates): Bundle {
  const { bundle, problems } = checkBundleText(text, bytes, inspect);
  if (!bundle) throw invalidBundleError(file, problems);
  return bundle;
}
