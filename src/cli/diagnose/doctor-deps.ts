// Composes DoctorDeps for a real process from the adapters token and setup use: the kubeconfig resolver,
// the setup record file, the secret store, the token use case's credential sources, STS and the cluster.
import { homeDir } from '../../adapters/home-dir.js';
import { findExecutable } from '../../adapters/find-executable.js';
import { awsHttpSettings } from '../../adapters/http/aws-settings.js';
import { createKubeApi } from '../../adapters/kube-api-client.js';
import { createSecretStore } from '../../adapters/secrets/create-secret-store.js';
import { readSetupRecord } from '../../adapters/setup-record-file.js';
import { createStsProbe } from '../../adapters/sts-probe.js';
import type { DoctorDeps } from '../../core/doctor/doctor-deps.js';
import { resolvePaths } from '../../core/paths.js';
import { resolveSigningCredentials } from '../../core/credentials/resolve-signing-credentials.js';
import { ConfigError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { prepareToken } from '../token/run-token.js';
import { stsTargetOf } from '../../core/token/sts-endpoint.js';
import { loadContextTarget, type ContextTarget } from './context-target.js';
import { execEnvironment, mintForContext } from './mint-for-context.js';

export function createDoctorDeps(ctx: CliContext, options: { context?: string | undefined; namespace?: string | undefined }): DoctorDeps {
  const paths = resolvePaths(ctx.env, homeDir);
  let loaded: ContextTarget | undefined;
  const env = () => (loaded ? execEnvironment(loaded, ctx) : ctx.env);
  return {
    clock: ctx.clock,
    load: async () => {
      loaded = await loadContextTarget(ctx.env, options);
      return loaded.target;
    },
    findExecutable: (command, file) => findExecutable(command, file, ctx.env.PATH),
    record: async (bundle) => readSetupRecord(paths.setupsDir, bundle),
    secretStore: async () => createSecretStore({ env: ctx.env, secretsFile: paths.secretsFile, logger: ctx.logger }),
    signing: async () => {
      if (!loaded?.tokenFlags) throw new ConfigError('the context does not run eks-login token', { hint: 'pick an eks-login context with --context' });
      const { request, deps } = await prepareToken(loaded.tokenFlags, { env: env(), clock: ctx.clock, logger: ctx.logger, isInteractiveTerminal: ctx.isInteractiveTerminal });
      const { source } = request.source;
      // An sso group: say how the IAM Identity Center sign-in stands ("signed in to … until … (refresh available)").
      const sso = source.kind === 'sso' ? `IAM Identity Center: ${await (await import('./mint-for-context.js')).ssoSignInLine(env(), source.sso.startUrl, ctx.clock.now())}` : undefined;
      return {
        sts: stsTargetOf(request.endpoint),
        source: sso ?? request.source.reason,
        // The token use case's own credential resolution, without the role: the source identity.
        credentials: async () => (await resolveSigningCredentials(request.source, undefined, deps)).credentials,
      };
    },
    sts: async () => (await import('../../adapters/sts-gateway.js')).createStsGateway({ logger: ctx.logger, http: awsHttpSettings(env()) }),
    stsProbe: createStsProbe({ http: awsHttpSettings(ctx.env) }),
    mint: () => mintForContext(loaded!, ctx),
    kubeApi: (endpoint, token) => createKubeApi(endpoint, token ? { token } : {}),
  };
}
