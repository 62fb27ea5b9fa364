// From bundle file text to a checked Bundle: the size limit, JSON syntax (with line and column), then
// validateBundle. Every problem is reported at once in one ConfigError (exit 3).
import { ConfigError } from '../../errors.js';
import { formatProblems, type BundleProblem } from './problems.js';
import { MAX_BUNDLE_BYTES } from './rules.js';
import type { Bundle } from './types.js';
import { validateBundle } from './validate.js';
import type { InspectCertificates } from './validate-cluster.js';

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length} column ${(before.at(-1) ?? '').length + 1}`;
}

function jsonProblem(text: string, error: Error): BundleProblem {
  const at = /at position (\d+)/.exec(error.message);
  const where = /\(line (\d+) column (\d+)\)/.exec(error.message);
  const place = where ? `line ${where[1]} column ${where[2]}` : at ? position(text, Number(at[1])) : 'somewhere';
  const reason = error.message.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  return { path: '(file)', message: `is not valid JSON at ${place}: ${reason} (comments and trailing commas are not allowed)` };
}

/** The problems of a bundle's text (empty when valid) and the bundle. `bytes` is the file's size. */
export function checkBundleText(text: string, bytes: number, inspect: InspectCertificates): { bundle?: Bundle; problems: BundleProblem[] } {
  if (bytes > MAX_BUNDLE_BYTES) return { problems: [{ path: '(file)', message: `is ${bytes} bytes; a bundle may be at most 1 MiB (${MAX_BUNDLE_BYTES} bytes)` }] };
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { problems: [jsonProblem(text, error as Error)] };
  }
  return validateBundle(value, inspect);
}

/** The ConfigError for a bundle with problems: one line per problem. */
export function invalidBundleError(file: string, problems: BundleProblem[]): ConfigError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new ConfigError(`invalid bundle ${file} (${count}):\n${formatProblems(problems).map((l) => `  ${l}`).join('\n')}`, {
    code: 'BUNDLE_INVALID',
    hint: `fix the bundle (see docs/bundle.md), or ask its admin for a corrected one; check it with \`eks-login bundle validate ${file}\``,
  });
}

/** Parses and validates; throws invalidBundleError listing every problem. */
export function parseBundle(text: string, bytes: number, file: string, inspect: InspectCertificates): Bundle {
  const { bundle, problems } = checkBundleText(text, bytes, inspect);
  if (!bundle) throw invalidBundleError(file, problems);
  return bundle;
}
