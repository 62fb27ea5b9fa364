// How eks-login states an IAM Identity Center sign-in to people: login, whoami and doctor share it. Pure.
import { formatTimestamp } from '../../kernel/format/timestamp.js';

export interface SsoStatus {
  startUrl: string;
  expiresAt: Date;
  refreshable: boolean;
}

/** "signed in to https://acme.awsapps.com/start until 2026-11-30T09:00:00Z (refresh available)" */
export function ssoStatusLine(status: SsoStatus): string {
  return `signed in to ${status.startUrl} until ${formatTimestamp(status.expiresAt)}${status.refreshable ? ' (refresh available)' : ''}`;
}
