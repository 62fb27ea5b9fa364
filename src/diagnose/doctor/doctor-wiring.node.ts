// DoctorDeps from the composition root: the kubeconfig resolver, the setup record file, the secret store,
// the token use case's credential sources (with the env kubectl gives the plugin), STS and the cluster.
import { findExecutable } from '../../infra/exec/find-executable.js';
import { readSetupRecord } from '../../record/setup-record-file.node.js';
import type { Services } from '../../services/services.js';
import { prepareToken } from '../../token/wire.js';
import type { DoctorDeps } from './doctor-deps.js';
import { resolveSigningCredentials } from '../../credentials/resolve-signing-credentials.js';
import { stsTargetOf } from '../../aws/sts-endpoint.js';
import { ConfigError } from '../../kernel/errors.js';
import { loadContextTarget, type ContextTarget } from '../load-context-target.node.js';
import { execEnvironment, mintForContext, ssoSignInLine } from '../wire.js';

export function createDoctorDeps(
  ctx: Services,
  options: { context?: string | undefined; namespace?: string | undefined },
): DoctorDeps {
  let loaded: ContextTarget | undefined;
  const plugin = () => (loaded ? ctx.with({ env: execEnvironment(loaded, ctx) }) : ctx);
  return {
    clock: ctx.clock,
    load: async () => {
      loaded = await loadContextTarget(ctx, options);
      return loaded.target;
    },
    findExecutable: (command, file) => findExecutable(command, file, ctx.env.PATH),
    record: async (bundle) => readSetupRecord(ctx.paths.setupsDir, bundle),
    secretStore: () => ctx.secretStore(),
    signing: async () => {
      if (!loaded?.tokenFlags)
        throw new ConfigError('the context does not run eks-login token', {
          hint: 'pick an eks-login context with --context',
        });
      const s = plugin();
      // Diagnosis never starts a sign-in (it reports a missing one with the login command).
      const { request, deps } = await prepareToken(loaded.tokenFlags, s, undefined, { signIn: false });
      const { source } = request.source;
      // An sso group: say how the IAM Identity Center sign-in stands ("signed in to … until … (refresh available)").
      const sso =
        source.kind === 'sso' ? `IAM Identity Center: ${await ssoSignInLine(s, source.sso.startUrl)}` : undefined;
      return {
        sts: stsTargetOf(request.endpoint),
        source: sso ?? request.source.reason,
        // The token use case's own credential resolution, without the role: the source identity.
        credentials: async () => (await resolveSigningCredentials(request.source, undefined, deps)).credentials,
      };
    },
    sts: () => {
      const s = plugin();
      return s.stsGateway(s.awsHttpForProfile());
    },
    stsProbe: ctx.stsProbe(ctx.awsHttpForProfile()),
    mint: () => mintForContext(loaded!, ctx),
    kubeApi: (endpoint, token) => ctx.kubeApi(endpoint, token ? { token } : {}),
  };
}
