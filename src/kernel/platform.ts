// Every decision that differs between Linux, macOS and Windows, in one place, for a platform given by the
// composition root (container/node-edges.ts, the warm path's entry) so tests run each rule for all three
// (test/unit/platform.test.ts). Pure: paths are computed as strings, never looked up.
import type { Env } from './ports.js';

type PlatformName = 'linux' | 'darwin' | 'win32';

export interface Platform {
  name: PlatformName;
  /** The separator of KUBECONFIG and PATH lists (kubectl's filepath.ListSeparator). */
  listSeparator: ':' | ';';
  /** The separator this platform writes between path segments. */
  pathSeparator: '/' | '\\';
  /** Whether `path` is absolute here (`C:\…`, `\\server\share\…` on Windows; `/…` elsewhere). */
  isAbsolute(path: string): boolean;
  /** `path` made absolute against `cwd`, `.` and `..` resolved, in this platform's spelling. */
  absolute(path: string, cwd: string): string;
  /** Segments joined with this platform's separator. */
  join(...parts: string[]): string;
  /** The home directory the environment names (HOME; on Windows USERPROFILE, then HOME, then HOMEDRIVE+HOMEPATH). */
  homeFromEnv(env: Env): string | undefined;
  /** The kubeconfig kubectl reads when neither --kubeconfig nor KUBECONFIG says: ~/.kube/config, %USERPROFILE%\.kube\config. */
  defaultKubeconfig(home: string): string;
  /** The file names a command `name` may have on PATH (Windows: with each PATHEXT extension, node.exe first). */
  executableNames(name: string, env: Env): string[];
  /** Whether POSIX modes protect files: chmod 0600/0700 is applied and checked. Windows has no modes (its ACLs do it). */
  posixModes: boolean;
  /**
   * Whether the exec entry starts node through `/bin/sh -c` (core/kubeconfig/exec-launcher.ts), which prints the
   * installHint when the CLI script is gone. Not on Windows (no /bin/sh): the entry names node.exe and the script,
   * and a vanished script is Node.js's "Cannot find module" (docs/setup.md).
   */
  shellLaunchers: boolean;
  /**
   * Whether /proc/<pid>/stat tells a zombie (exited, not reaped: it never releases a lock) from a live process.
   * Linux only; macOS and Windows trust the signal-0 probe alone (processAlive).
   */
  procfs: boolean;
  /** The terminal prompts read and write when one is attached: /dev/tty, or Windows' console devices. */
  terminal: { input: string; output: string };
  /**
   * The longest value (in UTF-16 code units) the OS keychain accepts, when it has a limit: Windows Credential
   * Manager keeps at most 2,560 bytes per credential blob (CRED_MAX_CREDENTIAL_BLOB_SIZE), stored as UTF-16.
   */
  keychainValueLimit: number | undefined;
  /** The OS keychain eks-login uses, for messages and docs. */
  keychainName: string;
  /** The program that opens `url` in the person's browser: open (macOS), start (Windows), xdg-open. */
  browserCommand(url: string): [string, string[]];
  /** Said before setup stores a key when the keychain will ask the person something (macOS), else undefined. */
  keychainPromptNote: string | undefined;
}

/** CRED_MAX_CREDENTIAL_BLOB_SIZE: 5 × 512 bytes; @napi-rs/keyring stores a password as UTF-16, 2 bytes a unit. */
export const WINDOWS_CREDENTIAL_BLOB_BYTES = 2560;

/** Resolves `.` and `..` of segments below a root; `..` never climbs above the root. */
function normalizeSegments(segments: string[]): string[] {
  const out: string[] = [];
  for (const part of segments) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

/** Segments joined the Linux and macOS way: no empty segment, no doubled '/'. */
export function posixJoin(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .join('/')
    .replace(/\/{2,}/g, '/');
}

/** The home directory on Linux and macOS: HOME. */
export function posixHome(env: Env): string | undefined {
  return env.HOME || undefined;
}

/** Whether file modes protect files on the platform of a Node.js platform name: everywhere but Windows. */
export function hasPosixModes(name: string): boolean {
  return name !== 'win32';
}

const posixPaths = {
  isAbsolute: (path: string) => path.startsWith('/'),
  absolute(path: string, cwd: string): string {
    return `/${normalizeSegments((path.startsWith('/') ? path : `${cwd}/${path}`).split('/')).join('/')}`;
  },
  join: posixJoin,
};

/** The root of an absolute Windows path (`C:\\`, `C:/`, `\\\\server\\share\\`) in canonical spelling and its length in `path`. */
function windowsRoot(path: string): { root: string; length: number } | undefined {
  const drive = /^([A-Za-z]:)[\\/]/.exec(path);
  if (drive) return { root: `${drive[1]!.toUpperCase()}\\`, length: drive[0].length };
  const unc = /^[\\/]{2}([^\\/]+)[\\/]+([^\\/]+)/.exec(path);
  if (unc) return { root: `\\\\${unc[1]}\\${unc[2]}\\`, length: unc[0].length };
  return undefined;
}

const windowsPaths = {
  isAbsolute: (path: string) => windowsRoot(path) !== undefined,
  absolute(path: string, cwd: string): string {
    // `\dir` is relative to the current drive; `dir` to the current directory.
    const full = windowsRoot(path)
      ? path
      : /^[\\/]/.test(path)
        ? `${windowsRoot(cwd)?.root ?? 'C:\\'}${path.slice(1)}`
        : `${cwd}\\${path}`;
    const root = windowsRoot(full) ?? { root: 'C:\\', length: 0 };
    return `${root.root}${normalizeSegments(full.slice(root.length).split(/[\\/]/)).join('\\')}`;
  },
  join: (...parts: string[]) =>
    parts
      .filter((p) => p !== '')
      .join('\\')
      .replace(/(?<!^)[\\/]+/g, '\\'),
};

/** The macOS Keychain grants access per program, and the program reading eks-login's item is node. */
const MACOS_KEYCHAIN_NOTE =
  'macOS may ask whether "node" may use the keychain item "eks-login": that is eks-login storing or reading your key. Choose Always Allow. After a Node.js upgrade macOS asks once more (the permission belongs to the node program).';

const POSIX_TERMINAL = { input: '/dev/tty', output: '/dev/tty' };

/** The platform of a Node.js platform name (linux, darwin, win32…); anything not Windows or macOS follows the Linux rules (BSDs too). */
export function platformOf(name: string): Platform {
  // One function per family: V8 compiles a function on its first call, and the warm path needs only one of them.
  return hasPosixModes(name) ? posixPlatform(name === 'darwin' ? 'darwin' : 'linux') : windowsPlatform();
}

function windowsPlatform(): Platform {
  return {
    name: 'win32',
    listSeparator: ';',
    pathSeparator: '\\',
    ...windowsPaths,
    homeFromEnv: (env) =>
      env.USERPROFILE || env.HOME || (env.HOMEDRIVE && env.HOMEPATH ? `${env.HOMEDRIVE}${env.HOMEPATH}` : undefined),
    defaultKubeconfig: (home) => windowsPaths.join(home, '.kube', 'config'),
    executableNames(name, env) {
      if (/\.[A-Za-z0-9]+$/.test(name)) return [name];
      const exts = (env.PATHEXT || '.COM;.EXE;.BAT;.CMD')
        .split(';')
        .filter((e) => e !== '')
        .map((e) => e.toLowerCase());
      return exts.map((ext) => `${name}${ext}`);
    },
    posixModes: false,
    shellLaunchers: false,
    procfs: false,
    terminal: { input: 'CONIN$', output: 'CONOUT$' },
    keychainValueLimit: WINDOWS_CREDENTIAL_BLOB_BYTES / 2,
    keychainName: 'Windows Credential Manager',
    keychainPromptNote: undefined,
    // cmd's start: the empty title first, and & escaped so cmd does not split the URL.
    browserCommand: (url) => ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]],
  };
}

function posixPlatform(name: 'darwin' | 'linux'): Platform {
  return {
    name,
    listSeparator: ':',
    pathSeparator: '/',
    ...posixPaths,
    homeFromEnv: posixHome,
    defaultKubeconfig: (home) => `${home.replace(/\/+$/, '')}/.kube/config`,
    executableNames: (name) => [name],
    posixModes: true,
    shellLaunchers: true,
    procfs: name !== 'darwin',
    terminal: POSIX_TERMINAL,
    keychainValueLimit: undefined,
    keychainName: name === 'darwin' ? 'macOS Keychain' : 'Secret Service',
    keychainPromptNote: name === 'darwin' ? MACOS_KEYCHAIN_NOTE : undefined,
    browserCommand: (url) => [name === 'darwin' ? 'open' : 'xdg-open', [url]],
  };
}

/** What the signal-0 probe of a pid answered: the process exists, is missing (ESRCH), or belongs to another user (EPERM). */
export type PidProbe = 'exists' | 'missing' | 'denied';

/**
 * Whether a process that left a lock or a temp file behind still runs, the same rule on every platform: missing is
 * dead, another user's is alive (it exists), and where procfs is there (Linux) a zombie (state Z or X in
 * `/proc/<pid>/stat`, read through `procStat`) is dead too. `procStat` is never called elsewhere.
 */
export function pidAlive(
  platform: Pick<Platform, 'procfs'>,
  probe: PidProbe,
  procStat: () => string | undefined,
): boolean {
  if (probe === 'missing') return false;
  if (probe === 'denied' || !platform.procfs) return true;
  const stat = procStat();
  if (stat === undefined) return true; // no procfs after all (a container without /proc): trust the probe
  // "<pid> (<comm>) <state> …": comm may hold spaces and parentheses, so read after the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/**
 * The holder a lock file names: eks-login writes `<pid> <host>` (the cache locks' .owner) or `<pid>\n<host>\n…`
 * (the kubeconfig lock, client-go's file); a CRLF an editor left on Windows is tolerated. Undefined for anything
 * else (kubectl's own locks are empty).
 */
export function lockHolder(text: string): { pid: number; host: string } | undefined {
  const [pidText, host] = text.split(/\r?\n| /);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !host) return undefined;
  return { pid, host };
}

/**
 * Whether a lock may be taken over, the same on every platform: its holder names this host and is not alive, or
 * (a holder on another host sharing the directory, or no holder named) it is older than `staleMs`. A live holder's
 * lock is never stale, however old.
 */
export function lockIsStale(
  holder: { pid: number; host: string } | undefined,
  facts: { thisHost: string; alive(pid: number): boolean; ageMs: number; staleMs: number },
): boolean {
  if (holder && holder.host === facts.thisHost) return !facts.alive(holder.pid);
  return facts.ageMs > facts.staleMs;
}
