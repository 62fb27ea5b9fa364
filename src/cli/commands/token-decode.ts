// `eks-login token --decode [TOKEN | -]`: reads the token (argument or stdin), prints what it holds.
import { decodeToken } from '../../diagnose/wire.js';
import type { Services } from '../../services/services.js';
import { emit } from '../emit.js';

export interface DecodeOptions {
  token?: string | undefined;
  output: 'text' | 'json';
}

export async function runDecode(options: DecodeOptions, ctx: Services): Promise<void> {
  emit(ctx, await decodeToken(ctx, options));
}
