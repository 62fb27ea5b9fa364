// doctor's ports from the services: the context (load-context-target.node.ts), the executable kubectl would run,
// the setup record, the secret store, how the token would sign (the token use case's own plan and credential
// resolution, never starting a sign-in), STS and the cluster, with the context's exec env where kubectl's plugin
// would have it.
import type { Services } from '../../services/services.js';
import type { DoctorDeps } from './doctor-deps.js';
import { ConfigError } from '../../kernel/errors.js';
import { findExecutable } from '../../infra/exec/find-executable.js';
import { readSetupRecord } from '../../record/setup-record-file.node.js';
import { resolveSigningCredentials } from '../../credentials/resolve-signing-credentials.js';
import { stsTargetOf } from '../../aws/sts-endpoint.js';
import { prepareToken } from '../../token/wire.js';
import { execEnvironment, loadContextTarget, type ContextTarget } from '../load-context-target.node.js';
import { mintForContext, ssoSignInLine } from '../mint-for-context.node.js';

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
