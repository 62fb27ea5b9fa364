// The line `eks-login key rotate` ends with (stderr): old and new key masked to their last 4 characters, and
// every bundle that got the new key. Pure.
import type { RotateResult } from './rotate-key.js';

export function renderRotated(result: RotateResult): string {
  const bundles = `bundle${result.bundles.length > 1 ? 's' : ''} ${result.bundles.join(', ')}`;
  return `access key rotated: …${result.oldKeyId.slice(-4)} → …${result.newKeyId.slice(-4)} for ${bundles}\n`;
}
