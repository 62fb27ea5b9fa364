// KubeconfigStore on the local file system: YAML via yaml-codec, client-go's lock, atomic writes with
// one backup (`<file>.eks-login.bak`, same mode as the file).
import { access, constants, lstat, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../kernel/errors.js';
import { checkKubeconfig } from './check.js';
import type { KubeconfigFileContent, KubeconfigStore } from '../kernel/ports.js';
import {
  canCreateBeside,
  modeOf,
  realTarget,
  removeOrphanTemps,
  tempPathFor,
  writeFileAtomic,
} from '../infra/fs/atomic-file.js';
import { withKubeconfigLock, type LockOptions } from './kubeconfig-lock.node.js';
import { lineOfTopLevelKey, parseYaml, serializeYaml } from './yaml-codec.node.js';

export const BACKUP_SUFFIX = '.eks-login.bak';

/** What a path is, when it is not a regular file (after symlinks): eks-login never writes those. */
async function specialKind(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info || info.isFile()) return undefined;
  return info.isDirectory()
    ? 'a directory'
    : info.isCharacterDevice()
      ? 'a character device'
      : info.isBlockDevice()
        ? 'a block device'
        : info.isFIFO()
          ? 'a FIFO (named pipe)'
          : info.isSocket()
            ? 'a socket'
            : 'not a regular file';
}

function notRegular(path: string, kind: string): ConfigError {
  return new ConfigError(
    `kubeconfig ${path} is ${kind}, not a regular file: eks-login writes only regular files and leaves it alone`,
    {
      code: 'KUBECONFIG_NOT_REGULAR',
      hint: 'choose a kubeconfig file with --kubeconfig (KUBECONFIG=/dev/null hides kubeconfigs from kubectl; nothing can be written there)',
    },
  );
}

async function readText(path: string): Promise<string | undefined> {
  const kind = await specialKind(path);
  if (kind?.startsWith('a FIFO') || kind === 'a socket') throw notRegular(path, kind); // reading it could block forever
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(`cannot read kubeconfig ${path}: ${(error as Error).message}`, {
      code: 'KUBECONFIG_UNREADABLE',
      cause: error,
    });
  }
}

/** Fails early (before a secret is stored) when the file or its directory cannot be written. */
async function assertWritable(path: string): Promise<void> {
  const target = await realTarget(path);
  const kind = await specialKind(target);
  if (kind) throw notRegular(path, kind);
  const exists = (await modeOf(target)) !== undefined;
  try {
    if (exists) await access(target, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EROFS') {
      throw new ConfigError(`cannot write kubeconfig ${target}: it is on a read-only file system`, {
        code: 'KUBECONFIG_READ_ONLY',
        hint: 'choose a kubeconfig on a writable file system with --kubeconfig (or KUBECONFIG)',
        cause: error,
      });
    }
    throw new ConfigError(`cannot write kubeconfig ${target}: the file is read-only`, {
      code: 'KUBECONFIG_READ_ONLY',
      hint: `make it writable (chmod u+w ${target}) or choose another file with --kubeconfig`,
      cause: error,
    });
  }
}

/** An I/O failure while writing, as a ConfigError naming the file (never an "internal error"). */
function writeFailure(path: string, error: unknown): ConfigError {
  if (error instanceof ConfigError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'read-only file system'
        : code === 'ENOSPC'
          ? 'no space left on the device'
          : code === 'EISDIR'
            ? 'a directory is in the way'
            : (error as Error).message;
  return new ConfigError(`cannot write ${path}: ${why}`, {
    code: 'KUBECONFIG_WRITE_FAILED',
    hint: `make ${dirname(path)} writable (or move ${path} out of the way), or choose another file with --kubeconfig`,
    cause: error,
  });
}

/** A new file can be created (and removed) in the directory of `path`, and `path` is not a directory. */
async function probeFile(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (info?.isDirectory()) throw writeFailure(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  const probe = tempPathFor(path);
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await (await open(probe, 'wx', 0o600)).close();
  } catch (error) {
    throw writeFailure(path, error);
  } finally {
    await unlink(probe).catch(() => undefined);
  }
}

export interface KubeconfigFileStoreOptions extends LockOptions {
  /** Told when a write keeps no backup (no writable directory for it). */
  warn?: (message: string) => void;
}

export function createKubeconfigFileStore(options: KubeconfigFileStoreOptions = {}): KubeconfigStore {
  const lockOptions: LockOptions = options;
  // Parsing is the costly part on a large file; setup reads twice (preview, then under the lock), so an
  // unchanged text reuses its document (core never mutates documents it reads).
  const parsed = new Map<string, { text: string; doc: Record<string, unknown> }>();
  return {
    async read(path): Promise<KubeconfigFileContent> {
      // A file with Windows line ends (CRLF) reads as LF, so an unchanged file compares equal to what would be
      // written; write() gives the file its CRLF back.
      const text = (await readText(path))?.replace(/\r\n/g, '\n');
      if (text === undefined) return { path, exists: false, doc: {}, text: '' };
      const known = parsed.get(path);
      if (known?.text === text) return { path, exists: true, doc: known.doc, text };
      const doc = checkKubeconfig(parseYaml(text, path), path, (p) => lineOfTopLevelKey(text, p));
      parsed.set(path, { text, doc });
      return { path, exists: true, doc, text };
    },
    serialize: (doc) => serializeYaml(doc),
    async withLock(path, fn) {
      await assertWritable(path);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 }); // like client-go, which creates the directory to lock
      return withKubeconfigLock(path, fn, lockOptions);
    },
    async checkWritable(path) {
      await assertWritable(path);
      const target = await realTarget(path);
      // An existing writable file in a directory without room for a temp file is written in place.
      if ((await modeOf(target)) === undefined || (await canCreateBeside(target))) await probeFile(target);
      // The backup is optional (see backupLocation): only one that is in the way fails here.
      const backup = await backupLocation(path, target);
      if ((await modeOf(target)) !== undefined && backup) await probeFile(backup);
    },
    async write(path, text) {
      try {
        return await writeKubeconfig(path, text, options.warn);
      } catch (error) {
        throw writeFailure(path, error);
      }
    },
  };
}

/**
 * Where the backup goes: beside the resolved file when its directory takes a new file, else beside the
 * symlink (a read-only dotfiles directory), else nowhere (the caller warns).
 */
async function backupLocation(path: string, target: string): Promise<string | undefined> {
  for (const beside of new Set([target, path])) {
    if (await canCreateBeside(`${beside}${BACKUP_SUFFIX}`)) return `${beside}${BACKUP_SUFFIX}`;
  }
  return undefined;
}

async function writeKubeconfig(
  path: string,
  text: string,
  warn?: (message: string) => void,
): Promise<{ backupPath?: string }> {
  const target = await realTarget(path);
  const kind = await specialKind(target);
  if (kind) throw notRegular(path, kind);
  await removeOrphanTemps(target);
  await removeOrphanTemps(`${target}${BACKUP_SUFFIX}`);
  await removeOrphanTemps(`${path}.lock`);
  const mode = await modeOf(target);
  let backupPath: string | undefined;
  if (mode !== undefined) {
    const previous = await readFile(target, 'utf8');
    if (previous.includes('\r\n')) text = text.replace(/\r?\n/g, '\r\n'); // CRLF files stay CRLF
    backupPath = await backupLocation(path, target);
    if (backupPath) {
      await removeOrphanTemps(backupPath);
      await writeFileAtomic(backupPath, previous, 0o600); // owner-only: foreign entries may hold tokens
    } else {
      warn?.(
        `no backup of ${target}: neither ${dirname(target)}${target === path ? '' : ` nor ${dirname(path)}`} takes a new file`,
      );
    }
  }
  if (mode !== undefined && !(await canCreateBeside(target))) {
    // A writable file in a directory that takes no new file (a read-only dotfiles checkout): written in
    // place, as kubectl itself writes, since an atomic rename needs a temp file beside it.
    await writeInPlace(target, text);
  } else {
    await writeFileAtomic(target, text, mode ?? 0o600);
  }
  return backupPath ? { backupPath } : {};
}

async function writeInPlace(path: string, text: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(0);
    await handle.write(text, 0, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
