// Text for `eks-login token --decode`: what a token holds, short and aligned, no secret. Pure.
import { formatDuration } from '../../kernel/format/duration.js';
import { formatPairs } from '../../kernel/format/table.js';
import type { TokenInspection } from './inspect-token.js';

export function renderInspection(t: TokenInspection): string {
  const region =
    t.hostRegion === null
      ? `${t.signingRegion} (signing scope; the host is not an AWS STS endpoint)`
      : t.hostRegion === t.signingRegion || (t.hostRegion === 'global' && t.signingRegion === 'us-east-1')
        ? `${t.signingRegion}${t.hostRegion === 'global' ? ' (global endpoint)' : ''}`
        : `${t.hostRegion} host, but signed for ${t.signingRegion} (STS will reject this mismatch)`;
  const age =
    t.ageSeconds >= 0
      ? `${formatDuration(t.ageSeconds)} ago`
      : `${formatDuration(-t.ageSeconds)} in the future (the signer's clock is ahead)`;
  const validity = t.expired
    ? `expired ${formatDuration(-t.remainingSeconds)} ago`
    : `${formatDuration(t.remainingSeconds)} left`;
  const pairs: Array<[string, string]> = [
    [
      'STS host',
      t.stsScheme === 'http'
        ? `${t.stsHost} (http: accepted by emulators only; a real EKS cluster only accepts https STS hosts)`
        : t.stsHost,
    ],
    ['region', region],
    ['access key id', t.accessKeyId],
    [
      'session token',
      t.sessionToken ? 'present (temporary credentials, e.g. an assumed role)' : 'absent (long-term access key)',
    ],
    [
      'cluster id',
      'signed, not readable: only the header name x-k8s-aws-id is in the URL; the cluster checks its own id against the signature',
    ],
    ['signed at', `${t.signedAt} (${age})`],
    ['valid until', `${t.validUntil} (${validity})`],
    ['X-Amz-Expires', `${t.presignExpiresSeconds}s (ignored by STS; tokens live 15 min after signing)`],
  ];
  return `EKS token (k8s-aws-v1, ${t.length} characters)\n${formatPairs(pairs)}\n`;
}
