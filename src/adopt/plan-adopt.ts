// What `eks-login adopt` changes: for the chosen contexts (one, the current one, or --all), each user entry
// whose exec runs aws-cli's or aws-iam-authenticator's token command gets `command`/`args` that run
// `eks-login token` with the same meaning; every other field of the exec (env, apiVersion, interactiveMode,
// provideClusterInfo…), of the entry and of the file stays as it is. `--undo` puts the recorded original
// back where the exec is still the one adopt wrote. Pure: files in, new documents and a report out.
import { ConfigError } from '../kernel/errors.js';
import { eksLoginArgsOf, withInstallHint } from '../kubeconfig/exec-launcher.js';
import { adoptedInstallHint } from '../kernel/install.js';
import { sameValue } from '../kubeconfig/merge-entry.js';
import { isRecord } from '../kernel/is-record.js';
import { entriesOf, findEntry, innerOf, type KubeconfigDoc, type LoadedKubeconfig } from '../kubeconfig/model.js';
import { mergedCurrentContext } from '../kubeconfig/resolve-context.js';
import { recognizeExec, type AdoptedTool } from './recognize.js';
import { sameUser, type AdoptedUser, type AdoptRecord } from './record.js';

/** --context C, --all, or neither (the current context, as kubectl would use). */
export interface AdoptSelection {
  context?: string | undefined;
  all?: boolean | undefined;
}

interface AdoptChange {
  /** The kubeconfig file and the user entry changed. */
  file: string;
  user: string;
  contexts: string[];
  tool: AdoptedTool;
  /** The exec before and after. */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface AdoptPlan {
  changes: AdoptChange[];
  /** Contexts whose user adopt already rewrote (a second run changes nothing). */
  already: string[];
  /** Contexts left as they are (--all only; a named context that is not adoptable is exit 3), and why. */
  skipped: Array<{ context: string; reason: string }>;
  /** The new document of each file that changes. */
  docs: Map<string, KubeconfigDoc>;
}

/** How kubectl starts eks-login: the absolute command and the args before `token` (kubeconfig/exec-command.node.ts). */
export interface AdoptLauncher {
  command: string;
  args: readonly string[];
}

interface ContextUser {
  context: string;
  user?: { name: string; file: string; exec?: Record<string, unknown> };
}

/** The contexts chosen, in kubectl's merged view (first file wins), each with its user entry. */
function chosenContexts(files: LoadedKubeconfig[], selection: AdoptSelection): ContextUser[] {
  const where = files.map((f) => f.path).join(':');
  let names: string[];
  if (selection.all) {
    names = [...new Set(files.flatMap((f) => entriesOf(f.doc, 'contexts').map((c) => c.name)))];
  } else {
    const name = selection.context ?? mergedCurrentContext(files);
    if (!name)
      throw new ConfigError(`no current context in kubeconfig ${where}`, {
        code: 'NO_CURRENT_CONTEXT',
        hint: 'pass --context NAME or --all',
      });
    names = [name];
  }
  return names.map((context) => {
    const entry = files.map((f) => findEntry(f.doc, 'contexts', context)).find(Boolean);
    if (!entry)
      throw new ConfigError(`context ${context} not found in kubeconfig ${where}`, {
        code: 'CONTEXT_NOT_FOUND',
        hint: 'run `kubectl config get-contexts` to list the contexts',
      });
    const userName = innerOf(entry, 'contexts').user;
    if (typeof userName !== 'string' || !userName) return { context };
    for (const file of files) {
      const user = findEntry(file.doc, 'users', userName);
      if (!user) continue;
      const exec = innerOf(user, 'users').exec;
      return { context, user: { name: userName, file: file.path, ...(isRecord(exec) ? { exec } : {}) } };
    }
    return { context };
  });
}

const argsOf = (exec: Record<string, unknown>): string[] => (Array.isArray(exec.args) ? exec.args.map(String) : []);

export function planAdopt(
  files: LoadedKubeconfig[],
  selection: AdoptSelection,
  launcher: AdoptLauncher,
  record: AdoptRecord,
): AdoptPlan {
  const plan: AdoptPlan = { changes: [], already: [], skipped: [], docs: new Map() };
  for (const { context, user } of chosenContexts(files, selection)) {
    const refuse = (reason: string): void => {
      if (!selection.all) {
        throw new ConfigError(`context ${context} cannot be adopted: ${reason}`, {
          code: 'NOT_ADOPTABLE',
          hint: 'adopt rewrites users that run `aws eks get-token` or `aws-iam-authenticator token`; `eks-login adopt --all --dry-run` lists what it can adopt',
        });
      }
      plan.skipped.push({ context, reason });
    };
    if (!user) {
      refuse('it names no user entry');
      continue;
    }
    const known = plan.changes.find((c) => c.file === user.file && c.user === user.name);
    if (known) {
      known.contexts.push(context);
      continue;
    }
    if (!user.exec || typeof user.exec.command !== 'string') {
      refuse(`its user ${user.name} has no exec plugin`);
      continue;
    }
    if (eksLoginArgsOf({ command: user.exec.command, args: argsOf(user.exec) })) {
      if (record.users.some((u) => sameUser(u, { kubeconfig: user.file, user: user.name }))) plan.already.push(context);
      else refuse(`its user ${user.name} already runs eks-login`);
      continue;
    }
    const recognized = recognizeExec({ command: user.exec.command, args: argsOf(user.exec) });
    if ('reason' in recognized) {
      refuse(`user ${user.name}: ${recognized.reason}`);
      continue;
    }
    const after = {
      ...user.exec,
      command: launcher.command,
      args: [...withInstallHint(launcher.args, adoptedInstallHint()), ...recognized.tokenArgs],
    };
    plan.changes.push({
      file: user.file,
      user: user.name,
      contexts: [context],
      tool: recognized.tool,
      before: user.exec,
      after,
    });
  }
  for (const change of plan.changes) setExec(plan.docs, files, change.file, change.user, change.after);
  return plan;
}

interface UndoChange {
  file: string;
  user: string;
  contexts: string[];
  /** The exec adopt wrote, and the original put back. */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface UndoPlan {
  changes: UndoChange[];
  /** Record entries with nothing left to restore (the original is back, or the user entry is gone): dropped. */
  dropped: Array<Pick<AdoptedUser, 'kubeconfig' | 'user'> & { why: string }>;
  skipped: Array<{ context: string; reason: string }>;
  docs: Map<string, KubeconfigDoc>;
}

/**
 * `--undo`: the recorded users of the selection (--all: every one; else those of the context). `files`
 * holds every kubeconfig file the chosen record entries name, plus the location's files for the context.
 */
export function planUndo(
  files: LoadedKubeconfig[],
  locationFiles: LoadedKubeconfig[],
  selection: AdoptSelection,
  record: AdoptRecord,
): UndoPlan {
  const plan: UndoPlan = { changes: [], dropped: [], skipped: [], docs: new Map() };
  let chosen: AdoptedUser[];
  if (selection.all) chosen = record.users;
  else {
    const [{ context, user }] = chosenContexts(locationFiles, selection) as [ContextUser];
    chosen = record.users.filter((u) =>
      user ? sameUser(u, { kubeconfig: user.file, user: user.name }) : u.contexts.includes(context),
    );
    if (chosen.length === 0) {
      throw new ConfigError(`context ${context} was not adopted: adopt's record has no original exec for it`, {
        code: 'NOT_ADOPTED',
        hint: 'run `eks-login adopt --undo --all --dry-run` to see what adopt can restore',
      });
    }
  }
  for (const adopted of chosen) {
    const file = files.find((f) => f.path === adopted.kubeconfig);
    const entry = file ? findEntry(file.doc, 'users', adopted.user) : undefined;
    const exec = entry ? innerOf(entry, 'users').exec : undefined;
    if (!file || !entry || !isRecord(exec)) {
      plan.dropped.push({
        kubeconfig: adopted.kubeconfig,
        user: adopted.user,
        why: `user ${adopted.user} is no longer in ${adopted.kubeconfig}`,
      });
    } else if (sameValue(exec, adopted.original)) {
      plan.dropped.push({
        kubeconfig: adopted.kubeconfig,
        user: adopted.user,
        why: `user ${adopted.user} already runs its original exec`,
      });
    } else if (sameValue(exec, adopted.adopted)) {
      plan.changes.push({
        file: file.path,
        user: adopted.user,
        contexts: adopted.contexts,
        before: exec,
        after: adopted.original,
      });
    } else {
      const reason = `user ${adopted.user} in ${adopted.kubeconfig} changed since adopt rewrote it; restore it by hand from the record`;
      if (!selection.all)
        throw new ConfigError(`cannot undo the adoption of ${adopted.contexts.join(', ')}: ${reason}`, {
          code: 'ADOPTED_EXEC_CHANGED',
          hint: 'edit the exec with `kubectl config set-credentials`, or run `eks-login adopt` again',
        });
      plan.skipped.push({ context: adopted.contexts.join(', '), reason });
    }
  }
  for (const change of plan.changes) setExec(plan.docs, files, change.file, change.user, change.after);
  return plan;
}

/** The file's document (copied once) with the user entry's exec replaced in place: key order kept. */
function setExec(
  docs: Map<string, KubeconfigDoc>,
  files: LoadedKubeconfig[],
  path: string,
  userName: string,
  exec: Record<string, unknown>,
): void {
  let doc = docs.get(path);
  if (!doc) {
    doc = structuredClone(files.find((f) => f.path === path)!.doc);
    docs.set(path, doc);
  }
  const entry = findEntry(doc, 'users', userName)!;
  entry.user = { ...innerOf(entry, 'users'), exec: structuredClone(exec) };
}
