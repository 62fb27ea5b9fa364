// How to install eks-login, in the words every message uses (the kubeconfig installHint, doctor's fixes,
// setup's warning about npx's cache). Pure. The README's Install section shows the same two commands.

/** From the npm registry, or from a release tarball (or `npm pack` of a checkout). */
export const INSTALL_COMMANDS =
  "`npm i -g eks-login` (or, from a release tarball or a checkout's `npm pack`, `npm i -g ./eks-login-<version>.tgz`)";

/** kubectl's message when the exec entry's command is gone (client-go prints it after "executable … not found"). */
export function installHint(bundle: string): string {
  return `eks-login provides the credentials for this context (bundle ${bundle}). Install it with ${INSTALL_COMMANDS}, then run \`eks-login setup <bundle.json>\` again.`;
}

/** What the launcher of an adopted context prints when eks-login is gone (core/kubeconfig/exec-launcher.ts). */
export function adoptedInstallHint(): string {
  return `eks-login provides the credentials for this context (adopted from aws eks get-token). Install it with ${INSTALL_COMMANDS}, then run \`eks-login adopt --all\` again.`;
}

/** setup run from npx's cache: kubectl loses the plugin when that cache is cleared. */
export function ephemeralInstallWarning(script: string): string {
  return `eks-login runs from npx's cache (${script}); kubeconfig now points there, and kubectl cannot get credentials once that cache is cleared. Install it for good with ${INSTALL_COMMANDS}, then run \`eks-login sync\`.`;
}
