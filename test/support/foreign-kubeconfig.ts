// A large kubeconfig of someone else's entries, for merge tests: eks-login must keep every one of them.

/** A kubeconfig with `count` foreign clusters, users and contexts (kubectl layout). */
export function largeForeignKubeconfig(count: number): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (let i = 0; i < count; i++)
    lines.push(
      `- cluster:\n    server: https://10.0.${Math.floor(i / 250)}.${i % 250}:6443\n    certificate-authority-data: QUJD\n  name: cluster-${i}`,
    );
  lines.push('contexts:');
  for (let i = 0; i < count; i++)
    lines.push(
      `- context:\n    cluster: cluster-${i}\n    user: user-${i}\n    namespace: ns-${i}\n  name: context-${i}`,
    );
  lines.push('current-context: context-0', 'preferences: {}', 'users:');
  for (let i = 0; i < count; i++) lines.push(`- name: user-${i}\n  user:\n    token: token-${i}`);
  return `${lines.join('\n')}\n`;
}
