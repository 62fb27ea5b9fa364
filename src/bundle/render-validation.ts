// What `eks-login bundle validate` says: with -o json the result on stdout (an invalid bundle then ends with exit
// 3, already said); otherwise one line naming the bundle's clusters and groups, or the problems as a ConfigError.
import { ConfigError } from '../kernel/errors.js';
import type { Outcome } from '../kernel/write.js';
import { invalidBundleError } from './parse.js';
import type { BundleProblem } from './problems.js';
import type { Bundle } from '../record/bundle-types.js';

export interface BundleValidation {
  /** As the user named it (messages), and resolved (the JSON's `file`). */
  shown: string;
  file: string;
  bundle?: Bundle | undefined;
  problems: BundleProblem[];
}

export function renderValidation(v: BundleValidation, output: 'text' | 'json'): Outcome {
  if (output === 'json') {
    const valid = v.problems.length === 0;
    return {
      writes: [{ to: 'stdout', text: `${JSON.stringify({ valid, file: v.file, problems: v.problems }, null, 2)}\n` }],
      failure: valid
        ? undefined
        : new ConfigError(`bundle ${v.shown} is invalid`, { code: 'BUNDLE_INVALID', reported: true }),
    };
  }
  const bundle = v.bundle;
  if (!bundle) return { writes: [], failure: invalidBundleError(v.shown, v.problems) };
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const groups = bundle.groups
    .map(
      (g) =>
        `${g.name} (${plural(g.clusters?.length ?? bundle.clusters.length, 'cluster')}${g.sso ? ', IAM Identity Center' : ''})`,
    )
    .join(', ');
  return {
    writes: [
      {
        to: 'stdout',
        text: `${v.shown}: valid bundle ${bundle.name}: ${plural(bundle.clusters.length, 'cluster')}; groups ${groups}\n`,
      },
    ],
  };
}
