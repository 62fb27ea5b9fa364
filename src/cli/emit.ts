// The last step of every command: the writes of its one wired call, in order, then its failure if it has one.
import type { Services } from '../services/services.js';
import type { Outcome, Write } from '../kernel/write.js';

export function emit(ctx: Pick<Services, 'stdout' | 'stderr'>, result: readonly Write[] | Outcome): void {
  const { writes, failure } = Array.isArray(result)
    ? { writes: result as readonly Write[], failure: undefined }
    : (result as Outcome);
  for (const { to, text } of writes) ctx[to].write(text);
  if (failure) throw failure;
}
