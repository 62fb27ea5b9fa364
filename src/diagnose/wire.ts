// diagnose's composition: the one call of `doctor`, `whoami` and `token --decode` each (its ports from the
// services → the use case → its pure renderer → the writes), and the context loading and minting that
// `admin --kube-context` shares with them. What each owns: load-context-target.node.ts (the context, its exec
// env), mint-for-context.node.ts (its token, as kubectl's exec would mint it), doctor/doctor-deps.node.ts and
// whoami/whoami-deps.node.ts (their ports).
import type { Services } from '../services/services.js';
import type { Outcome, Write } from '../kernel/write.js';
import { UsageError } from '../kernel/errors.js';
import { colorEnabled, createStyle, type Style } from '../kernel/format/style.js';
import type { ReportOutput } from './render-report.js';
import { runDoctor } from './doctor/run-doctor.js';
import { createDoctorDeps } from './doctor/doctor-deps.node.js';
import { doctorOutcome } from './doctor/render-doctor.js';
import { whoami } from './whoami/whoami.js';
import { prepareWhoami } from './whoami/whoami-deps.node.js';
import { whoamiOutcome } from './whoami/render-whoami.js';
import { inspectToken } from './token-inspect/inspect-token.js';
import { renderInspection } from './token-inspect/render-inspection.js';

export { loadContextTarget } from './load-context-target.node.js';
export { mintForContext } from './mint-for-context.node.js';

/** `doctor` and `whoami`: which context, which namespace, text or JSON. */
export interface DiagnoseInput {
  context?: string | undefined;
  namespace?: string | undefined;
  output: ReportOutput;
}

const styleOf = (ctx: Services): Style => createStyle(colorEnabled(ctx.env, ctx.stdoutIsTerminal));

/** `eks-login doctor`: the report, and the exit code of its first failed step (0 when none failed). */
export async function checkContext(ctx: Services, input: DiagnoseInput): Promise<Outcome> {
  const report = await runDoctor(createDoctorDeps(ctx, input));
  return doctorOutcome(report, input.output, styleOf(ctx));
}

/** `eks-login whoami`: the report, and its exit code (0 when STS and the cluster both answered who). */
export async function identifyContext(ctx: Services, input: DiagnoseInput): Promise<Outcome> {
  const prepared = await prepareWhoami(ctx, input);
  const report = await whoami(prepared.input, prepared.deps);
  return whoamiOutcome(report, input.output, ctx.clock.now(), styleOf(ctx));
}

/** `eks-login token --decode [TOKEN | -]`: what a token holds, offline; no token given: the one piped in. */
export async function decodeToken(
  ctx: Services,
  input: { token?: string | undefined; output: ReportOutput },
): Promise<Write[]> {
  let token = input.token;
  // yargs hands a lone `-` over as ''.
  if (token === undefined || token === '-' || token === '') {
    const piped = ctx.readStdin ? await ctx.readStdin() : null;
    if (piped === null) {
      throw new UsageError('no token to decode: pass it as an argument or pipe it in', {
        hint: 'run `eks-login token --decode k8s-aws-v1.…` or `… | eks-login token --decode -`',
      });
    }
    token = piped;
  }
  const inspection = inspectToken(token, ctx.clock.now());
  return [
    {
      to: 'stdout',
      text: input.output === 'json' ? `${JSON.stringify(inspection, null, 2)}\n` : renderInspection(inspection),
    },
  ];
}
