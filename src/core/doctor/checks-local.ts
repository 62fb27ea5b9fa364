// Doctor checks that stay on this machine: the kubeconfig entry, the exec command, the keychain. Pure.
import type { SecretStore } from '../../ports.js';
import { accessKeyAccount, type SetupRecord } from '../setup/record.js';
import { result, type CheckResult } from './check.js';
import type { DoctorTarget } from './doctor-deps.js';

export function checkOwnership(t: DoctorTarget): CheckResult {
  const where = `context ${t.context} in ${t.file}`;
  if (!t.exec) {
    return result('kubeconfig', 'fail', `${where} has no exec credential plugin`, 'run `eks-login setup <bundle.json>` to write an eks-login context');
  }
  if (!t.token) {
    return result('kubeconfig', 'fail', `${where} runs \`${[t.exec.command, ...t.exec.args].join(' ')}\`, not \`eks-login token\``, 'run `eks-login setup <bundle.json>` to write an eks-login context, or pick one with --context');
  }
  if (!t.owner) {
    return result('kubeconfig', 'warn', `${where} runs eks-login token but carries no eks-login mark (written by hand?)`, 'run `eks-login setup <bundle.json>` so eks-login owns and updates the entry');
  }
  return result('kubeconfig', 'ok', `${where}: bundle ${t.owner.bundle}, group ${t.owner.group}, cluster ${t.owner.cluster}`);
}

export function checkExecCommand(t: DoctorTarget, resolved: string | null): CheckResult {
  const command = t.exec?.command ?? '';
  if (resolved) return result('exec-command', 'ok', `${command} → ${resolved}`);
  const fix = command.includes('/')
    ? `the file ${command} is missing or not executable: re-run \`eks-login setup <bundle.json>\` from the eks-login you use now`
    : `put ${command} on the PATH kubectl sees (e.g. \`npm i -g eks-login\`), or re-run \`eks-login setup <bundle.json>\` to write its absolute path`;
  return result('exec-command', 'fail', `kubectl cannot run "${command}": not found${command.includes('/') ? '' : ' on PATH'} or not executable`, fix);
}

export async function checkKeychain(record: SetupRecord, store: SecretStore): Promise<CheckResult> {
  if (record.source.kind === 'profile') {
    return result('keychain', 'skip', `bundle ${record.bundle.name} uses the AWS profile ${record.source.profile}; nothing stored. Store: ${describeStore(store)}`);
  }
  const account = accessKeyAccount(record.bundle.name);
  // Read first: an automatic store decides between keychain and file only when it is first used.
  const secret = await store.get(account);
  const backend = describeStore(store);
  if (secret === null) {
    return result('keychain', 'fail', `no access key under ${account} in ${backend}`, `re-run \`eks-login setup <bundle.json>\` for bundle ${record.bundle.name} to store the key again`);
  }
  return result('keychain', 'ok', `${backend}: ${account} holds the key …${record.source.accessKeyId.slice(-4)}`);
}

function describeStore(store: SecretStore & { note?: string | undefined }): string {
  const kind = store.backend === 'system' ? 'system keychain' : store.backend === 'file' ? '0600 file' : store.backend;
  return `${kind} (${store.location})${store.note ? `; ${store.note}` : ''}`;
}
