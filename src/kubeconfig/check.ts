// Structural check of a parsed kubeconfig: what kubectl itself would refuse, named by file and path.
import { ConfigError } from '../kernel/errors.js';
import { isRecord } from '../kernel/is-record.js';
import { ENTRY_KINDS, INNER_KEY, type KubeconfigDoc } from './model.js';

/**
 * Returns the document when its shape is usable (a mapping; clusters/users/contexts are lists of
 * mappings with a string name and a mapping body). A null document (empty file) becomes `{}`.
 * Throws ConfigError naming the file, the path and, when known, the line.
 */
export function checkKubeconfig(
  value: unknown,
  file: string,
  lineOf?: (path: string) => number | undefined,
): KubeconfigDoc {
  const fail = (path: string, why: string): never => {
    const line = lineOf?.(path);
    throw new ConfigError(`invalid kubeconfig ${file}${line ? ` line ${line}` : ''}: ${path}: ${why}`, {
      code: 'KUBECONFIG_INVALID',
      hint: `fix or move ${file} (kubectl would refuse it too); eks-login changed nothing`,
    });
  };
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) return fail('(document)', 'must be a mapping of kubeconfig fields');
  for (const kind of ENTRY_KINDS) {
    const list = value[kind];
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) fail(kind, 'must be a list');
    (list as unknown[]).forEach((item, index) => {
      const at = `${kind}[${index}]`;
      if (!isRecord(item)) return fail(at, 'must be a mapping with a name');
      if (typeof item.name !== 'string' || item.name === '') fail(`${at}.name`, 'must be a non-empty string');
      const inner = item[INNER_KEY[kind]];
      if (inner !== undefined && inner !== null && !isRecord(inner))
        fail(`${at}.${INNER_KEY[kind]}`, 'must be a mapping');
    });
  }
  const current = value['current-context'];
  if (current !== undefined && current !== null && typeof current !== 'string')
    fail('current-context', 'must be a string');
  return value;
}
