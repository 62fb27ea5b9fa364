// YAML text ⇄ plain objects for kubeconfig, with js-yaml (YAML 1.2 core schema: no timestamps or
// other implicit types, so values come back as written). Output is kubectl-like block style.
import { dump, loadAll, YAMLException } from 'js-yaml';
import { ConfigError } from '../kernel/errors.js';

/** Parses one YAML document (null for an empty file). ConfigError names the file and the line. */
export function parseYaml(text: string, file: string): unknown {
  let documents: unknown[];
  try {
    documents = loadAll(text, { filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const line = error.mark ? error.mark.line + 1 : undefined;
    throw new ConfigError(`invalid kubeconfig ${file}${line ? ` line ${line}` : ''}: ${error.reason}`, {
      code: 'KUBECONFIG_INVALID',
      hint: `fix the YAML in ${file} (kubectl cannot read it either); eks-login changed nothing`,
      cause: error,
    });
  }
  if (documents.length > 1) {
    throw new ConfigError(
      `invalid kubeconfig ${file}: holds ${documents.length} YAML documents, kubectl reads exactly one`,
      {
        code: 'KUBECONFIG_INVALID',
        hint: `split ${file} into one file per document and list them in KUBECONFIG`,
      },
    );
  }
  return documents[0] ?? null;
}

/** Deterministic YAML for a document: the same object always gives the same bytes. */
export function serializeYaml(doc: unknown): string {
  return dump(doc, { lineWidth: -1, seqNoIndent: true });
}

/** The 1-based line of a top-level key, for messages about structural problems. */
export function lineOfTopLevelKey(text: string, path: string): number | undefined {
  const key = path.split(/[.[]/)[0] ?? '';
  const index = text.split('\n').findIndex((line) => line.startsWith(`${key}:`) || line.startsWith(`"${key}":`));
  return index >= 0 ? index + 1 : undefined;
}
