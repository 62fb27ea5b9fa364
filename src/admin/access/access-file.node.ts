// Reading an access file (YAML or JSON: js-yaml reads both; YAML 1.2 core schema, so values stay as
// written): size limit, UTF-8, syntax with line and column, keys given twice, then the core validator.
import { readFile, stat } from 'node:fs/promises';
import { load, YAMLException } from 'js-yaml';
import { ConfigError } from '../../kernel/errors.js';
import { formatProblems } from '../../bundle/problems.js';
import type { AccessFile } from './types.js';
import { validateAccess, type AccessProblem } from './validate.js';

/** An access file is a few KiB; 1 MiB, as for bundles. */
const MAX_ACCESS_BYTES = 1024 * 1024;

export function checkAccessText(text: string, file: string): { access?: AccessFile; problems: AccessProblem[] } {
  let value: unknown;
  try {
    value = load(text.replace(/^\uFEFF/, ''), { filename: file, json: false });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const where = error.mark ? `line ${error.mark.line + 1} column ${error.mark.column + 1}` : 'somewhere';
    return { problems: [{ path: '(file)', message: `is not valid YAML or JSON at ${where}: ${error.reason}` }] };
  }
  return validateAccess(value);
}

/** The problems of an access file (empty when valid) and the file. ConfigError (exit 3) when it cannot be read. */
async function checkAccessFile(path: string): Promise<{ access?: AccessFile; problems: AccessProblem[] }> {
  let bytes: Uint8Array;
  try {
    const size = (await stat(path)).size;
    if (size > MAX_ACCESS_BYTES)
      return { problems: [{ path: '(file)', message: `is ${size} bytes; an access file may be at most 1 MiB` }] };
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new ConfigError(`cannot read access file ${path}: ${why}`, {
      code: 'ACCESS_FILE_UNREADABLE',
      hint: 'pass the path of your access file (YAML or JSON; see docs/admin.md)',
      cause: error,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problems: [{ path: '(file)', message: 'is not UTF-8 text; save the access file as UTF-8' }] };
  }
  return checkAccessText(text, path);
}

function invalidAccessError(file: string, problems: AccessProblem[]): ConfigError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new ConfigError(
    `invalid access file ${file} (${count}):\n${formatProblems(problems)
      .map((l) => `  ${l}`)
      .join('\n')}`,
    {
      code: 'ACCESS_FILE_INVALID',
      hint: 'fix the access file (docs/admin.md describes every field; docs/access.schema.json helps editors)',
    },
  );
}

/** A valid access file, or ConfigError (exit 3) listing every problem. */
export async function loadAccessFile(path: string): Promise<AccessFile> {
  const { access, problems } = await checkAccessFile(path);
  if (!access) throw invalidAccessError(path, problems);
  return access;
}
