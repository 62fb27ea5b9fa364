// `bundle validate`'s one call: the bundle file read and checked with the checks setup runs
// (bundle-file.node.ts), then rendered (render-validation.ts).
import type { Outcome } from '../kernel/write.js';
import { renderValidation } from './render-validation.js';

/** `file` as the user named it (messages), `path` resolved against the command's directory. */
export async function validateBundleFile(input: {
  file: string;
  path: string;
  output: 'text' | 'json';
}): Promise<Outcome> {
  const { checkBundleFile } = await import('./bundle-file.node.js');
  const { bundle, problems } = await checkBundleFile(input.path);
  return renderValidation({ shown: input.file, file: input.path, bundle, problems }, input.output);
}
