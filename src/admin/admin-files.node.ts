// The files `admin bundle` and `admin export` read and write besides the access file (admin/wire.ts composes
// them): the cluster info or terraform output a bundle is made from, the existing bundle `admin plan --bundle`
// compares with, and the --out file, written atomically (0644: a bundle and an export hold no secret).
import { readFile } from 'node:fs/promises';
import { ConfigError, InternalError } from '../kernel/errors.js';
import { writeFileAtomic } from '../infra/fs/atomic-file.js';

/** `admin bundle --cluster-info FILE | --from-terraform-output FILE`: the file's JSON (its shape is checked later). */
export async function readClusterInfoFile(source: {
  kind: 'cluster-info' | 'terraform-output';
  file: string;
}): Promise<unknown> {
  try {
    return JSON.parse(await readFile(source.file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(
      `cannot read ${source.kind === 'cluster-info' ? 'cluster info' : 'terraform output'} ${source.file}: ${why}`,
      { code: 'CLUSTER_INFO_INVALID', hint: 'give a JSON file (docs/admin.md, "bundle")', cause: error },
    );
  }
}

/** `admin plan --bundle FILE`: the bundle written before; none (or not JSON) is an empty one: everything is new. */
export async function readCurrentBundle(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** --out: the whole text or nothing (a temp file renamed into place). */
export async function writeOutFile(out: string, text: string): Promise<void> {
  await writeFileAtomic(out, text, 0o644).catch((error: unknown) => {
    throw new InternalError(`cannot write ${out}: ${(error as Error).message}`, { cause: error });
  });
}
