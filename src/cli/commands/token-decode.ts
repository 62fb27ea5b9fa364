// `eks-login token --decode [TOKEN | -]`: reads the token (argument or stdin), prints what it holds.
import { decodeToken } from '../../diagnose/wire.js';
import { renderInspection } from '../../diagnose/token-inspect/render-inspection.js';
import { UsageError } from '../../kernel/errors.js';
import type { Services } from '../../services/services.js';

export interface DecodeOptions {
  token?: string | undefined;
  output: 'text' | 'json';
}

export async function runDecode(options: DecodeOptions, ctx: Services): Promise<void> {
  let input = options.token;
  // yargs hands a lone `-` over as ''.
  if (input === undefined || input === '-' || input === '') {
    const piped = ctx.readStdin ? await ctx.readStdin() : null;
    if (piped === null) {
      throw new UsageError('no token to decode: pass it as an argument or pipe it in', {
        hint: 'run `eks-login token --decode k8s-aws-v1.…` or `… | eks-login token --decode -`',
      });
    }
    input = piped;
  }
  const inspection = decodeToken(input, ctx.clock.now());
  ctx.stdout.write(
    options.output === 'json' ? `${JSON.stringify(inspection, null, 2)}\n` : renderInspection(inspection),
  );
}
