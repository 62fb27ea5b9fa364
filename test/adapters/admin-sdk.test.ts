// What the admin's IAM and EKS adapters share (admin/admin-sdk.node.ts): the endpoint each one calls, how
// messages name it, and the one call that answers "not found" as undefined and turns every other SDK error
// into an EksLoginError; then both adapters against a loopback server that answers like IAM and EKS.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { adminSdk } from '../../src/admin/admin-sdk.node.js';
import { createEksAdmin } from '../../src/admin/eks-admin.node.js';
import { createIamAdmin } from '../../src/admin/iam-admin.node.js';
import { AccessDeniedError, ConfigError } from '../../src/kernel/errors.js';
import { httpSettingsFromEnv } from '../../src/infra/http/settings.js';

const credentials = { accessKeyId: 'AKIDADMIN0000001', secretAccessKey: 'secret' };
const http = httpSettingsFromEnv({});
const sdkError = (name: string, status: number): Error =>
  Object.assign(new Error(`${name} said no`), { name, $metadata: { httpStatusCode: status } });

describe('adminSdk', () => {
  it('calls AWS_ENDPOINT_URL_<service>, else AWS_ENDPOINT_URL, and names it; else the service and region', async () => {
    const own = { AWS_ENDPOINT_URL_EKS: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: 'http://127.0.0.1:2' };
    expect(adminSdk('EKS', credentials, own, http).at('eu-west-1').where).toBe('http://127.0.0.1:1');
    expect(adminSdk('IAM', credentials, own, http).at().where).toBe('http://127.0.0.1:2');
    expect(adminSdk('EKS', credentials, {}, http).at('eu-west-1').where).toBe('EKS eu-west-1');
    expect(adminSdk('IAM', credentials, {}, http).at().where).toBe('IAM');
    const config = adminSdk('EKS', credentials, own, http).config('eu-west-1');
    expect(config).toMatchObject({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:1', credentials });
    expect(adminSdk('IAM', credentials, {}, http).config('us-east-1')).not.toHaveProperty('endpoint');
  });

  it('call translates an SDK error naming the call and the place; maybe answers "not found" as undefined', async () => {
    const { call, maybe } = adminSdk('EKS', credentials, {}, http).at('eu-west-1');
    expect(await call('DescribeCluster demo', async () => 'ok')).toBe('ok');
    await expect(
      call('DescribeCluster demo', () => Promise.reject(sdkError('AccessDeniedException', 403))),
    ).rejects.toSatisfy(
      (e) =>
        e instanceof AccessDeniedError && e.message.startsWith('DescribeCluster demo was denied at EKS eu-west-1:'),
    );
    expect(await maybe('DescribeAccessEntry x', () => Promise.reject(sdkError('ResourceNotFoundException', 404)))).toBe(
      undefined,
    );
    await expect(
      call('DescribeAccessEntry x', () => Promise.reject(sdkError('ResourceNotFoundException', 404))),
    ).rejects.toBeInstanceOf(ConfigError);
    await expect(
      maybe('DescribeAccessEntry x', () => Promise.reject(sdkError('AccessDeniedException', 403))),
    ).rejects.toBeInstanceOf(AccessDeniedError);
  });
});

describe('the admin adapters over a loopback IAM and EKS', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  async function serve(answer: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => answer(req, body, res));
    });
    await new Promise<void>((ready) => server!.listen(0, '127.0.0.1', ready));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }
  const iamError = (res: ServerResponse, status: number, code: string): void => {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(
      `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${code} here</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
    );
  };
  const eksError = (res: ServerResponse, status: number, type: string): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
    res.end(JSON.stringify({ message: `${type} here` }));
  };

  it('IAM: a missing role is undefined, a denied call exit 5 naming the call and the endpoint', async () => {
    const endpoint = await serve((_req, body, res) =>
      body.includes('RoleName=gone') ? iamError(res, 404, 'NoSuchEntity') : iamError(res, 403, 'AccessDenied'),
    );
    const iam = createIamAdmin(credentials, { AWS_ENDPOINT_URL_IAM: endpoint }, http);
    expect(await iam.getRole('gone')).toBeUndefined();
    await expect(iam.getRole('developers')).rejects.toSatisfy(
      (e) => e instanceof AccessDeniedError && e.message.startsWith(`GetRole developers was denied at ${endpoint}:`),
    );
    await expect(iam.deleteRole('developers')).rejects.toSatisfy(
      (e) => e instanceof AccessDeniedError && e.message.startsWith(`DeleteRole developers was denied at ${endpoint}:`),
    );
  });

  it('EKS: a missing access entry is undefined, a denied call exit 5 naming the call and the endpoint', async () => {
    const endpoint = await serve((req, _body, res) =>
      req.url?.includes('gone')
        ? eksError(res, 404, 'ResourceNotFoundException')
        : eksError(res, 403, 'AccessDeniedException'),
    );
    const eks = createEksAdmin(credentials, { AWS_ENDPOINT_URL: endpoint }, http);
    const gone = 'arn:aws:iam::123456789012:role/gone';
    expect(await eks.describeAccessEntry('demo', 'eu-west-1', gone)).toBeUndefined();
    await expect(eks.describeAccessEntry('demo', 'eu-west-1', 'arn:aws:iam::123456789012:role/x')).rejects.toSatisfy(
      (e) =>
        e instanceof AccessDeniedError &&
        e.message.startsWith(`DescribeAccessEntry arn:aws:iam::123456789012:role/x in demo was denied at ${endpoint}:`),
    );
    await expect(eks.listAccessEntries('demo', 'eu-west-1')).rejects.toSatisfy(
      (e) =>
        e instanceof AccessDeniedError && e.message.startsWith(`ListAccessEntries demo was denied at ${endpoint}:`),
    );
  });
});
