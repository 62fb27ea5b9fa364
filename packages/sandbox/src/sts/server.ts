// The STS emulator's HTTP face: awsQuery POSTs from the AWS SDK and the presigned GETs that the EKS
// emulator replays. Every answer is either STS's XML (or JSON for `accept: application/json`, which is
// what aws-iam-authenticator asks for) or STS's ErrorResponse XML.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerMap, readBody } from '../http.js';
import { requestId } from '../ids.js';
import type { SandboxState } from '../state.js';
import { assumeRole } from './assume-role.js';
import { authenticate } from './authenticate.js';
import { StsFault } from './fault.js';
import { errorXml, successXml } from './xml.js';

const AUTH_PARAMS = /^X-Amz-/i;

export function stsHandler(state: SandboxState, beforeAnswer?: (action: string) => Promise<void>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    await state.refreshIam?.();
    const headers = headerMap(req);
    const url = req.url ?? '/';
    const params = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
    for (const key of [...params.keys()]) if (AUTH_PARAMS.test(key)) params.delete(key);
    if (req.method === 'POST') for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
    const action = params.get('Action') ?? '';
    await beforeAnswer?.(action);
    if (action === 'AssumeRole') state.counters.assumeRole += 1;
    if (action === 'GetCallerIdentity') state.counters.getCallerIdentity += 1;
    let who = 'unauthenticated caller';
    try {
      if (req.method !== 'GET' && req.method !== 'POST')
        throw new StsFault(405, 'InvalidAction', `Method ${req.method} is not supported.`);
      const auth = authenticate(state, { method: req.method, url, headers, body });
      who = auth.principal.arn;
      if (action === 'GetCallerIdentity') {
        const result = { UserId: auth.principal.userId, Account: auth.principal.account, Arn: auth.principal.arn };
        const via = auth.presigned
          ? `presigned (signed headers ${auth.signedHeaders.join(';')}, x-k8s-aws-id ${headers.get('x-k8s-aws-id')?.[0] ?? 'absent'})`
          : 'header-signed';
        state.decide('sts', true, `GetCallerIdentity ${via}: ${who}`);
        if ((headers.get('accept')?.[0] ?? '').includes('application/json')) {
          send(
            res,
            200,
            'application/json',
            JSON.stringify({
              GetCallerIdentityResponse: {
                GetCallerIdentityResult: result,
                ResponseMetadata: { RequestId: requestId() },
              },
            }),
          );
        } else send(res, 200, 'text/xml', successXml('GetCallerIdentity', result));
        return;
      }
      if (action === 'AssumeRole') {
        if (req.method !== 'POST')
          throw new StsFault(400, 'InvalidAction', 'AssumeRole must be a POST in this sandbox.');
        send(res, 200, 'text/xml', successXml('AssumeRole', assumeRole(state, auth.principal, params)));
        return;
      }
      throw new StsFault(
        400,
        'InvalidAction',
        `Could not find operation ${action || '(none)'} for version ${params.get('Version') ?? '(none)'}; the sandbox emulates AssumeRole and GetCallerIdentity.`,
      );
    } catch (error) {
      if (!(error instanceof StsFault)) throw error;
      state.decide('sts', false, `${action || 'request'} by ${who}: ${error.code}: ${error.reason ?? error.message}`);
      send(res, error.status, 'text/xml', errorXml(error));
    }
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'x-amzn-requestid': requestId(),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
