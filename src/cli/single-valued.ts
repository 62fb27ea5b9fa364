// Flags that take one value: yargs turns a repeated flag into an array, which would otherwise reach
// messages as "a,b". A repeated one is exit 2 naming the flag and its values.
import { UsageError } from '../kernel/errors.js';

/** The string value of each named flag (dashed names); UsageError when one was given more than once. */
export function singleValued<K extends string>(
  args: Record<string, unknown>,
  names: readonly K[],
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const name of names) {
    const value = args[name];
    if (Array.isArray(value)) {
      throw new UsageError(`--${name} was given ${value.length} times (${value.join(', ')}); it takes one value`, {
        code: 'FLAG_REPEATED',
        hint: `pass --${name} once`,
      });
    }
    if (value !== undefined && value !== null) out[name] = String(value);
  }
  return out;
}
