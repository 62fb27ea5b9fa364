// IAM Identity Center as eks-login meets it, on one HTTPS server: the SSO OIDC service (RegisterClient,
// StartDeviceAuthorization, CreateToken for the authorization_code, device_code and refresh_token grants,
// plus the browser pages /authorize and /device) and the access portal (GetRoleCredentials, Logout).
// restJson1 as the AWS SDK speaks it: errors carry x-amzn-errortype and {error, error_description}.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http.js';
import { awsId, requestId, secretKey, sessionToken } from '../ids.js';
import type { IssuedSession, SandboxState } from '../state.js';
import type { WorldSso, WorldSsoUser } from '../world-types.js';
import { opaque, userCode, type SsoState } from './sso-state.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const REGISTRATION_SECONDS = 90 * 24 * 3600;
const GRANT_SECONDS = 600;

class SsoFault extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const invalidRequest = (why: string): SsoFault => new SsoFault(400, 'InvalidRequestException', 'invalid_request', why);
const invalidClient = (why: string): SsoFault => new SsoFault(401, 'InvalidClientException', 'invalid_client', why);
const invalidGrant = (why: string): SsoFault => new SsoFault(400, 'InvalidGrantException', 'invalid_grant', why);

export function ssoHandler(state: SandboxState, sso: WorldSso, s: SsoState) {
  const now = (): Date => state.clock.now();
  const decide = (allowed: boolean, reason: string): void => state.decide('sso', allowed, reason);
  const signedInUser = (): WorldSsoUser => sso.users[0]!;

  const client = (clientId: unknown, clientSecret: unknown) => {
    const found = typeof clientId === 'string' ? s.clients.get(clientId) : undefined;
    if (!found || found.clientSecret !== clientSecret) throw invalidClient('Invalid client id or secret.');
    if (found.expiresAt.getTime() <= now().getTime()) throw invalidClient('The client registration has expired.');
    return found;
  };

  const issue = (user: WorldSsoUser, clientId: string, withRefresh: boolean): Record<string, unknown> => {
    const accessToken = opaque('aoa', 48);
    const refreshToken = withRefresh ? opaque('aor', 48) : undefined;
    s.accessTokens.set(accessToken, {
      user,
      clientId,
      expiresAt: new Date(now().getTime() + sso.accessTokenSeconds * 1000),
      ...(refreshToken ? { refreshToken } : {}),
    });
    if (refreshToken) s.refreshTokens.set(refreshToken, { user, clientId });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: sso.accessTokenSeconds,
      ...(refreshToken ? { refreshToken } : {}),
    };
  };

  const registerClient = (body: Record<string, unknown>): Record<string, unknown> => {
    s.counters.registerClient += 1;
    if (typeof body.clientName !== 'string' || body.clientType !== 'public')
      throw invalidRequest('clientName and clientType=public are required.');
    const grantTypes = Array.isArray(body.grantTypes) ? body.grantTypes.map(String) : [DEVICE_GRANT, 'refresh_token'];
    const redirectUris = Array.isArray(body.redirectUris) ? body.redirectUris.map(String) : [];
    if (grantTypes.includes('authorization_code')) {
      if (body.issuerUrl !== sso.startUrl)
        throw invalidRequest(`issuerUrl must be the start URL of this instance (${sso.startUrl}).`);
      if (
        redirectUris.length === 0 ||
        redirectUris.some((u) => !/^http:\/\/127\.0\.0\.1(:\d+)?\/oauth\/callback$/.test(u))
      ) {
        throw invalidRequest('redirectUris must be loopback URLs like http://127.0.0.1/oauth/callback.');
      }
    }
    const registered = {
      clientId: opaque('cid', 16),
      clientSecret: opaque('csec', 48),
      grantTypes,
      redirectUris,
      scopes: Array.isArray(body.scopes) ? body.scopes.map(String) : [],
      expiresAt: new Date(Math.floor(now().getTime() / 1000) * 1000 + REGISTRATION_SECONDS * 1000),
      ...(typeof body.issuerUrl === 'string' ? { issuerUrl: body.issuerUrl } : {}),
    };
    s.clients.set(registered.clientId, registered);
    decide(true, `RegisterClient ${body.clientName} (${grantTypes.join(', ')})`);
    return {
      clientId: registered.clientId,
      clientSecret: registered.clientSecret,
      clientIdIssuedAt: Math.floor(now().getTime() / 1000),
      clientSecretExpiresAt: Math.floor(registered.expiresAt.getTime() / 1000),
    };
  };

  const startDevice = (body: Record<string, unknown>, base: string): Record<string, unknown> => {
    s.counters.startDeviceAuthorization += 1;
    const c = client(body.clientId, body.clientSecret);
    if (!c.grantTypes.includes(DEVICE_GRANT))
      throw new SsoFault(
        400,
        'UnauthorizedClientException',
        'unauthorized_client',
        'The client is not registered for the device code grant.',
      );
    if (body.startUrl !== sso.startUrl) throw invalidRequest(`startUrl must be ${sso.startUrl}.`);
    const grant = {
      deviceCode: opaque('dev', 32),
      userCode: userCode(),
      clientId: c.clientId,
      expiresAt: new Date(now().getTime() + GRANT_SECONDS * 1000),
      intervalSeconds: sso.deviceIntervalSeconds,
    };
    s.devices.set(grant.deviceCode, grant);
    return {
      deviceCode: grant.deviceCode,
      userCode: grant.userCode,
      verificationUri: `${base}/device`,
      verificationUriComplete: `${base}/device?user_code=${grant.userCode}`,
      expiresIn: GRANT_SECONDS,
      interval: grant.intervalSeconds,
    };
  };

  const createToken = (body: Record<string, unknown>): Record<string, unknown> => {
    s.counters.createToken += 1;
    const c = client(body.clientId, body.clientSecret);
    const grantType = String(body.grantType ?? '');
    if (!c.grantTypes.includes(grantType))
      throw new SsoFault(
        400,
        'UnsupportedGrantTypeException',
        'unsupported_grant_type',
        `The client is not registered for ${grantType}.`,
      );
    if (grantType === DEVICE_GRANT) {
      const grant = typeof body.deviceCode === 'string' ? s.devices.get(body.deviceCode) : undefined;
      if (!grant || grant.clientId !== c.clientId) throw invalidGrant('Invalid device code provided.');
      if (grant.expiresAt.getTime() <= now().getTime())
        throw new SsoFault(400, 'ExpiredTokenException', 'expired_token', 'The device code has expired.');
      const poll = Date.now();
      const tooSoon = grant.lastPoll !== undefined && poll - grant.lastPoll < grant.intervalSeconds * 1000 - 200;
      grant.lastPoll = poll;
      if (tooSoon) throw new SsoFault(400, 'SlowDownException', 'slow_down', 'Client is polling too fast.');
      if (!grant.user)
        throw new SsoFault(
          400,
          'AuthorizationPendingException',
          'authorization_pending',
          'Authorization is still pending.',
        );
      s.devices.delete(grant.deviceCode);
      decide(true, `CreateToken device_code: ${grant.user.name} signed in`);
      return issue(grant.user, c.clientId, c.grantTypes.includes('refresh_token'));
    }
    if (grantType === 'authorization_code') {
      const grant = typeof body.code === 'string' ? s.codes.get(body.code) : undefined;
      if (!grant || grant.clientId !== c.clientId) throw invalidGrant('Invalid authorization code provided.');
      s.codes.delete(body.code as string);
      if (grant.expiresAt.getTime() <= now().getTime()) throw invalidGrant('The authorization code has expired.');
      if (body.redirectUri !== grant.redirectUri)
        throw invalidGrant('redirectUri does not match the authorization request.');
      const challenge = createHash('sha256')
        .update(String(body.codeVerifier ?? ''))
        .digest('base64url');
      if (challenge !== grant.codeChallenge) {
        decide(false, 'CreateToken authorization_code: the PKCE code_verifier does not match the code_challenge');
        throw invalidGrant('Code verifier does not match the code challenge.');
      }
      decide(true, `CreateToken authorization_code (PKCE S256): ${grant.user.name} signed in`);
      return issue(grant.user, c.clientId, c.grantTypes.includes('refresh_token'));
    }
    if (grantType === 'refresh_token') {
      s.counters.refreshToken += 1;
      const held = typeof body.refreshToken === 'string' ? s.refreshTokens.get(body.refreshToken) : undefined;
      if (!held || held.clientId !== c.clientId) {
        decide(false, 'CreateToken refresh_token: unknown or revoked refresh token');
        throw invalidGrant('Invalid refresh token provided.');
      }
      s.refreshTokens.delete(body.refreshToken as string);
      decide(true, `CreateToken refresh_token: ${held.user.name}`);
      return issue(held.user, c.clientId, true);
    }
    throw new SsoFault(
      400,
      'UnsupportedGrantTypeException',
      'unsupported_grant_type',
      `Unsupported grant type ${grantType}.`,
    );
  };

  /** The browser step of the authorization code flow: the first world user approves at once. */
  const authorize = (query: URLSearchParams, res: ServerResponse): void => {
    s.counters.authorize += 1;
    const c = s.clients.get(query.get('client_id') ?? '');
    const redirectUri = query.get('redirect_uri') ?? '';
    const state = query.get('state') ?? '';
    if (!c || !c.grantTypes.includes('authorization_code'))
      return page(res, 400, 'Unknown client', 'The client_id is not registered for the authorization code grant.');
    if (!c.redirectUris.some((u) => sameLoopbackRedirect(u, redirectUri)))
      return page(res, 400, 'Bad redirect', 'redirect_uri is not one the client registered.');
    if (
      query.get('response_type') !== 'code' ||
      query.get('code_challenge_method') !== 'S256' ||
      !query.get('code_challenge') ||
      !state
    ) {
      return page(
        res,
        400,
        'Bad request',
        'response_type=code, state, code_challenge and code_challenge_method=S256 are required.',
      );
    }
    const user = signedInUser();
    const code = opaque('code', 24);
    s.codes.set(code, {
      clientId: c.clientId,
      redirectUri,
      codeChallenge: query.get('code_challenge')!,
      user,
      expiresAt: new Date(now().getTime() + GRANT_SECONDS * 1000),
    });
    decide(true, `authorize: ${user.name} allowed access for client ${c.clientId.slice(0, 8)}…`);
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', state);
    res.writeHead(302, { location: target.toString(), 'content-length': 0 });
    res.end();
  };

  /** The device page: opening verificationUriComplete approves the code as the first world user. */
  const device = (query: URLSearchParams, res: ServerResponse): void => {
    const code = query.get('user_code') ?? '';
    const grant = [...s.devices.values()].find((g) => g.userCode === code);
    if (!grant || grant.expiresAt.getTime() <= now().getTime())
      return page(res, 400, 'Unknown code', `No pending request has the code ${code}.`);
    grant.user = signedInUser();
    decide(true, `device page: ${grant.user.name} approved code ${code}`);
    page(res, 200, 'Request approved', 'You can close this window.');
  };

  const bearer = (req: IncomingMessage) => {
    const token = String(req.headers['x-amz-sso_bearer_token'] ?? '');
    const issued = s.accessTokens.get(token);
    if (!issued || issued.expiresAt.getTime() <= now().getTime())
      throw new SsoFault(401, 'UnauthorizedException', 'unauthorized', 'Session token not found or invalid');
    return { token, issued };
  };

  const getRoleCredentials = (req: IncomingMessage, query: URLSearchParams): Record<string, unknown> => {
    s.counters.getRoleCredentials += 1;
    const { issued } = bearer(req);
    const accountId = query.get('account_id') ?? '';
    const roleName = query.get('role_name') ?? '';
    const set = sso.permissionSets.find((p) => p.name === roleName);
    if (accountId !== state.world.account || !set || !issued.user.permissionSets.includes(roleName)) {
      decide(false, `GetRoleCredentials ${roleName} in ${accountId} for ${issued.user.name}: no such assignment`);
      throw new SsoFault(403, 'ForbiddenException', 'forbidden', 'No access');
    }
    const role = state.world.roles.find((r) => r.name === set.role)!;
    const session: IssuedSession = {
      accessKeyId: awsId('ASIA'),
      secretAccessKey: secretKey(),
      sessionToken: sessionToken(),
      expiration: new Date(Math.floor(now().getTime() / 1000) * 1000 + set.sessionDurationSeconds * 1000),
      role,
      sessionName: issued.user.name,
      mfaPresent: false,
    };
    state.sessions.set(session.accessKeyId, session);
    decide(
      true,
      `GetRoleCredentials ${roleName} in ${accountId}: ${role.arn} session ${issued.user.name} (${set.sessionDurationSeconds} s)`,
    );
    return {
      roleCredentials: {
        accessKeyId: session.accessKeyId,
        secretAccessKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
        expiration: session.expiration.getTime(),
      },
    };
  };

  const logout = (req: IncomingMessage): void => {
    s.counters.logout += 1;
    const { token, issued } = bearer(req);
    s.accessTokens.delete(token);
    if (issued.refreshToken) s.refreshTokens.delete(issued.refreshToken);
    decide(true, `Logout ${issued.user.name}`);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const base = `https://${req.headers.host ?? 'localhost'}`;
    const route = `${req.method} ${url.pathname}`;
    try {
      const json = (): Record<string, unknown> => {
        try {
          const parsed = body.length ? (JSON.parse(body.toString('utf8')) as unknown) : {};
          return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
        } catch {
          throw invalidRequest('The body is not JSON.');
        }
      };
      switch (route) {
        case 'POST /client/register':
          return send(res, 200, registerClient(json()));
        case 'POST /device_authorization':
          return send(res, 200, startDevice(json(), base));
        case 'POST /token':
          return send(res, 200, createToken(json()));
        case 'GET /authorize':
          return authorize(url.searchParams, res);
        case 'GET /device':
          return device(url.searchParams, res);
        case 'GET /federation/credentials':
          return send(res, 200, getRoleCredentials(req, url.searchParams));
        case 'POST /logout':
          logout(req);
          return send(res, 200, {});
        default:
          throw new SsoFault(
            404,
            'ResourceNotFoundException',
            'not_found',
            `The sandbox's IAM Identity Center has no ${route}.`,
          );
      }
    } catch (error) {
      if (!(error instanceof SsoFault)) throw error;
      if (error.type !== 'AuthorizationPendingException' && error.type !== 'SlowDownException')
        decide(false, `${route}: ${error.type}: ${error.message}`);
      res.writeHead(error.status, {
        'content-type': 'application/json',
        'x-amzn-errortype': error.type,
        'x-amzn-requestid': requestId(),
      });
      res.end(JSON.stringify({ error: error.error, error_description: error.message, message: error.message }));
    }
  };
}

/** RFC 8252 §7.3: a loopback redirect URI matches the registered one on any port. */
function sameLoopbackRedirect(registered: string, requested: string): boolean {
  try {
    const a = new URL(registered);
    const b = new URL(requested);
    return a.protocol === b.protocol && a.hostname === b.hostname && a.pathname === b.pathname && b.search === '';
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId(),
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><title>${title}</title><h1>${title}</h1><p>${text}</p>\n`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}
