// Doctor checks that stay on this machine: the kubeconfig entry, the exec command, the keychain. Pure.
import { INSTALL_COMMANDS } from '../../kernel/install.js';
import type { SecretStore } from '../../kernel/ports.js';
import { parseRotationJournal, rotationAccount } from '../../record/rotation-journal.js';
import { maskKeyId } from '../../kernel/mask.js';
import { accessKeyAccount, type SetupRecord } from '../../record/setup-record.js';
import { result, type CheckResult } from './check.js';
import type { DoctorTarget } from '../../record/doctor-target.js';

export function checkOwnership(t: DoctorTarget): CheckResult {
  const where = `context ${t.context} in ${t.file}`;
  if (!t.exec) {
    return result(
      'kubeconfig',
      'fail',
      `${where} has no exec credential plugin`,
      'run `eks-login setup <bundle.json>` to write an eks-login context',
    );
  }
  if (!t.token) {
    return result(
      'kubeconfig',
      'fail',
      `${where} runs \`${[t.exec.command, ...t.exec.args].join(' ')}\`, not \`eks-login token\``,
      'run `eks-login setup <bundle.json>` to write an eks-login context, or pick one with --context',
    );
  }
  if (!t.owner && t.adoptedFrom) {
    return result(
      'kubeconfig',
      'ok',
      `${where}: adopted from ${t.adoptedFrom} by \`eks-login adopt\` (undo: \`eks-login adopt --undo --context ${t.context}\`)`,
    );
  }
  if (!t.owner) {
    return result(
      'kubeconfig',
      'warn',
      `${where} runs eks-login token but carries no eks-login mark (written by hand?)`,
      'run `eks-login setup <bundle.json>` so eks-login owns and updates the entry',
    );
  }
  return result(
    'kubeconfig',
    'ok',
    `${where}: bundle ${t.owner.bundle}, group ${t.owner.group}, cluster ${t.owner.cluster}`,
  );
}

/** How the exec paths are rewritten for the eks-login in use now (sync, or a re-run of setup, writes them). */
const REWRITE_EXEC_FIX =
  'run `eks-login sync` (or `eks-login setup <bundle.json>` again) with the eks-login you use now: it writes the absolute paths of node and eks-login';

/**
 * `found`: each file kubectl must start (the command, and the CLI script when node runs it) with where it
 * was found (null: missing or not executable). A bare or script-only eks-login needs node (and the name)
 * on the PATH kubectl gets: a warning, as GUI clients start kubectl without the shell's PATH.
 */
export function checkExecCommand(
  t: DoctorTarget,
  found: ReadonlyArray<{ path: string; found: string | null }>,
): CheckResult {
  const command = t.exec?.command ?? '';
  const missing = found.find((f) => f.found === null);
  if (missing) {
    if (!/[\\/]/.test(missing.path)) {
      return result(
        'exec-command',
        'fail',
        `kubectl cannot run "${command}": not found on PATH or not executable`,
        `put ${command} on the PATH kubectl sees (install it with ${INSTALL_COMMANDS}), or ${REWRITE_EXEC_FIX}`,
      );
    }
    const what = found.length > 1 ? (missing === found[0] ? 'node ' : 'eks-login ') : '';
    const scriptGone = found.length > 1 && missing !== found[0];
    const fix = !t.token
      ? `install ${command} again, or correct the exec command of the user of context ${t.context} in kubeconfig`
      : scriptGone
        ? `install eks-login with ${INSTALL_COMMANDS} if it is gone, then ${REWRITE_EXEC_FIX}`
        : REWRITE_EXEC_FIX;
    return result(
      'exec-command',
      'fail',
      `kubectl cannot run the exec of context ${t.context}: ${what}${missing.path} is missing or not executable (moved, uninstalled, or a node upgrade?)`,
      fix,
    );
  }
  const shown = found.map((f) => (f.found === f.path ? f.path : `${f.path} → ${f.found}`)).join(' ');
  if (found.length === 1 && t.token) {
    return result(
      'exec-command',
      'warn',
      `${shown}: needs node${/[\\/]/.test(command) ? '' : ' and eks-login'} on the PATH kubectl gets; clients started without your shell's PATH (Lens, IDE plugins) cannot run it`,
      REWRITE_EXEC_FIX,
    );
  }
  return result('exec-command', 'ok', shown);
}

export async function checkKeychain(record: SetupRecord, store: SecretStore): Promise<CheckResult> {
  const account = accessKeyAccount(record.bundle.name);
  // Read first: an automatic store decides between keychain and file only when it is first used, so the
  // line names the store setup used (the file on a machine without a usable keychain).
  const secret = await store.get(account);
  if (record.source.kind === 'profile') {
    return result(
      'keychain',
      'skip',
      `bundle ${record.bundle.name} uses the AWS profile ${record.source.profile}; nothing stored. Store: ${describeStore(store)}`,
    );
  }
  if (record.source.kind === 'sso') {
    return result(
      'keychain',
      'skip',
      `bundle ${record.bundle.name} signs in with IAM Identity Center (${record.source.startUrl}); no access key stored. Store: ${describeStore(store)}`,
    );
  }
  const backend = describeStore(store, account);
  if (secret === null) {
    return result(
      'keychain',
      'fail',
      `no access key under ${account} in ${backend}`,
      `re-run \`eks-login setup <bundle.json>\` for bundle ${record.bundle.name} to store the key again`,
    );
  }
  const rotation = parseRotationJournal(await store.get(rotationAccount(record.bundle.name)));
  if (rotation) {
    const keys = rotation.new
      ? `${maskKeyId(rotation.old.accessKeyId)} → ${maskKeyId(rotation.new.accessKeyId)}`
      : `of ${maskKeyId(rotation.old.accessKeyId)}`;
    return result(
      'keychain',
      'warn',
      `${backend}: an interrupted key rotation ${keys} (started ${rotation.startedAt})${rotation.new ? '; token uses the stored key meanwhile' : `; IAM may hold a key whose secret was never stored`}`,
      `run \`eks-login key rotate --bundle ${record.bundle.name}\` to complete it (or roll it back)`,
    );
  }
  return result('keychain', 'ok', `${backend}: ${account} holds the key ${maskKeyId(record.source.accessKeyId)}`);
}

/** The store that holds `account` (the file store for a key an earlier setup without a keychain left there). */
function describeStore(store: SecretStore & { note?: string | undefined }, account?: string): string {
  const holder = (account !== undefined ? store.foundIn?.(account) : undefined) ?? store;
  const kind =
    holder.backend === 'system' ? 'system keychain' : holder.backend === 'file' ? 'file store' : holder.backend;
  const note = holder === store ? store.note : 'stored there by a setup that ran without a usable keychain';
  return `${kind} (${holder.location}${holder.backend === 'file' ? ', mode 0600' : ''})${note ? `; ${note}` : ''}`;
}
