// What the IAM Identity Center emulator remembers: registered OIDC clients, pending device and
// authorization-code grants, issued access and refresh tokens, and call counters for tests.
import { randomBytes } from 'node:crypto';
import type { WorldSsoUser } from '../world-types.js';

interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  grantTypes: string[];
  redirectUris: string[];
  issuerUrl?: string;
  scopes: string[];
  expiresAt: Date;
}

interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: Date;
  intervalSeconds: number;
  /** Set when the user approved on the device page. */
  user?: WorldSsoUser;
  lastPoll?: number;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  user: WorldSsoUser;
  expiresAt: Date;
}

interface IssuedToken {
  user: WorldSsoUser;
  clientId: string;
  expiresAt: Date;
  refreshToken?: string;
}

export interface SsoCounters {
  registerClient: number;
  startDeviceAuthorization: number;
  authorize: number;
  createToken: number;
  refreshToken: number;
  getRoleCredentials: number;
  logout: number;
}

export interface SsoState {
  clients: Map<string, RegisteredClient>;
  devices: Map<string, DeviceGrant>;
  codes: Map<string, CodeGrant>;
  accessTokens: Map<string, IssuedToken>;
  refreshTokens: Map<string, { user: WorldSsoUser; clientId: string }>;
  counters: SsoCounters;
}

export function createSsoState(): SsoState {
  return {
    clients: new Map(),
    devices: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    counters: {
      registerClient: 0,
      startDeviceAuthorization: 0,
      authorize: 0,
      createToken: 0,
      refreshToken: 0,
      getRoleCredentials: 0,
      logout: 0,
    },
  };
}

export const opaque = (prefix: string, bytes = 32): string => `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** XXXX-XXXX from an alphabet without look-alikes, as the AWS device page shows. */
export function userCode(): string {
  const alphabet = 'BCDFGHJKLMNPQRSTVWXZ';
  const chars = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}
