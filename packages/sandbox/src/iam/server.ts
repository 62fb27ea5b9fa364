// A small IAM API (awsQuery, SigV4 service "iam") over the world, so `eks-login admin apply` works against
// the sandbox alone (`npm run demo`): users (read), roles (create, read, trust policy, max session, tags,
// delete), groups with inline policies and members. Group policies count for sts:AssumeRole at once.
// No IAM policy is evaluated for these calls: any principal of the world may make them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerMap, readBody } from '../http.js';
import { awsId, requestId } from '../ids.js';
import { unsupportedInPolicy } from '../iam-policy.js';
import type { SandboxState } from '../state.js';
import { authenticate } from '../sts/authenticate.js';
import { StsFault } from '../sts/fault.js';
import { escapeXml } from '../sts/xml.js';
import type { IamGroup, PolicyDocument, WorldRole } from '../world-types.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

function render(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => `<member>${render(v)}</member>`).join('');
  if (value && typeof value === 'object')
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${render(v)}</${k}>`)
      .join('');
  return escapeXml(String(value));
}

const fault = (status: number, code: string, message: string): StsFault => new StsFault(status, code, message);
const noSuch = (what: string): StsFault => fault(404, 'NoSuchEntity', `The ${what} cannot be found.`);

export function iamHandler(state: SandboxState) {
  const created = new Map<string, string>();
  const date = (key: string): string => {
    if (!created.has(key))
      created.set(
        key,
        state.clock
          .now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
      );
    return created.get(key)!;
  };
  const world = () => state.world;
  const groups = (): IamGroup[] => (world().iamGroups ??= []);

  const roleView = (r: WorldRole) => ({
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: date(r.arn),
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(r.trustPolicy)),
    MaxSessionDuration: r.maxSessionDuration,
    Tags: Object.entries(r.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  });
  const userView = (name: string) => {
    const u = world().users.find((x) => x.name === name)!;
    return { Path: '/', UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: date(u.arn) };
  };
  const groupView = (g: IamGroup) => ({
    Path: g.path,
    GroupName: g.name,
    GroupId: g.id,
    Arn: g.arn,
    CreateDate: date(g.arn),
  });
  const role = (name: string | null): WorldRole =>
    world().roles.find((r) => r.name === name) ??
    (() => {
      throw noSuch(`role with name ${name}`);
    })();
  const group = (name: string | null): IamGroup =>
    groups().find((g) => g.name === name) ??
    (() => {
      throw noSuch(`group with name ${name}`);
    })();
  const user = (name: string | null): string =>
    world().users.find((u) => u.name === name)?.name ??
    (() => {
      throw noSuch(`user with name ${name}`);
    })();
  const policy = (text: string | null, what: string): PolicyDocument => {
    let doc: PolicyDocument;
    try {
      doc = JSON.parse(text ?? '') as PolicyDocument;
    } catch {
      throw fault(400, 'MalformedPolicyDocument', `${what} is not valid JSON.`);
    }
    const why = unsupportedInPolicy(doc);
    if (why !== undefined)
      throw fault(400, 'MalformedPolicyDocument', `${what}: the sandbox does not evaluate this policy: ${why}`);
    return doc;
  };
  const path = (value: string | null): string => {
    const p = value ?? '/';
    if (!/^\/(?:[\x21-\x7e]+\/)?$/.test(p))
      throw fault(400, 'ValidationError', `The specified value for path is invalid: ${p}`);
    return p;
  };

  function act(action: string, p: URLSearchParams): Record<string, unknown> | undefined {
    const account = world().account;
    switch (action) {
      case 'GetUser':
        return { User: userView(user(p.get('UserName'))) };
      case 'GetRole':
        return { Role: roleView(role(p.get('RoleName'))) };
      case 'ListRoles': {
        const prefix = p.get('PathPrefix') ?? '/';
        return {
          Roles: world()
            .roles.filter((r) => r.path.startsWith(prefix))
            .map(roleView),
          IsTruncated: false,
        };
      }
      case 'CreateRole': {
        const name = p.get('RoleName') ?? '';
        if (!/^[\w+=,.@-]{1,64}$/.test(name))
          throw fault(400, 'ValidationError', `The specified value for roleName is invalid: ${name}`);
        if (world().roles.some((r) => r.name.toLowerCase() === name.toLowerCase()))
          throw fault(409, 'EntityAlreadyExists', `Role with name ${name} already exists.`);
        const rolePath = path(p.get('Path'));
        const tags: Record<string, string> = {};
        for (let i = 1; p.has(`Tags.member.${i}.Key`); i += 1)
          tags[p.get(`Tags.member.${i}.Key`)!] = p.get(`Tags.member.${i}.Value`) ?? '';
        const r: WorldRole = {
          name,
          path: rolePath,
          arn: `arn:aws:iam::${account}:role${rolePath}${name}`,
          id: awsId('AROA'),
          maxSessionDuration: Number(p.get('MaxSessionDuration') ?? 3600),
          trustPolicy: policy(p.get('AssumeRolePolicyDocument'), 'AssumeRolePolicyDocument'),
          policies: [],
          tags,
        };
        world().roles.push(r);
        return { Role: roleView(r) };
      }
      case 'UpdateAssumeRolePolicy':
        role(p.get('RoleName')).trustPolicy = policy(p.get('PolicyDocument'), 'PolicyDocument');
        return undefined;
      case 'UpdateRole': {
        const max = Number(p.get('MaxSessionDuration') ?? NaN);
        if (!Number.isInteger(max) || max < 3600 || max > 43200)
          throw fault(400, 'ValidationError', 'MaxSessionDuration must be 3600..43200.');
        role(p.get('RoleName')).maxSessionDuration = max;
        return {};
      }
      case 'DeleteRole': {
        const r = role(p.get('RoleName'));
        if (r.policies.length > 0)
          throw fault(409, 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
        world().roles = world().roles.filter((x) => x !== r);
        return undefined;
      }
      case 'ListGroups': {
        const prefix = p.get('PathPrefix') ?? '/';
        return {
          Groups: groups()
            .filter((g) => g.path.startsWith(prefix))
            .map(groupView),
          IsTruncated: false,
        };
      }
      case 'GetGroup': {
        const g = group(p.get('GroupName'));
        return { Group: groupView(g), Users: g.members.map(userView), IsTruncated: false };
      }
      case 'CreateGroup': {
        const name = p.get('GroupName') ?? '';
        if (!/^[\w+=,.@-]{1,128}$/.test(name))
          throw fault(400, 'ValidationError', `The specified value for groupName is invalid: ${name}`);
        if (groups().some((g) => g.name.toLowerCase() === name.toLowerCase()))
          throw fault(409, 'EntityAlreadyExists', `Group with name ${name} already exists.`);
        const groupPath = path(p.get('Path'));
        const g: IamGroup = {
          name,
          path: groupPath,
          id: awsId('AGPA'),
          arn: `arn:aws:iam::${account}:group${groupPath}${name}`,
          members: [],
          policies: {},
        };
        groups().push(g);
        return { Group: groupView(g) };
      }
      case 'DeleteGroup': {
        const g = group(p.get('GroupName'));
        if (g.members.length > 0 || Object.keys(g.policies).length > 0)
          throw fault(
            409,
            'DeleteConflict',
            'Cannot delete entity, must remove users from group first / delete policies first.',
          );
        world().iamGroups = groups().filter((x) => x !== g);
        return undefined;
      }
      case 'ListGroupPolicies':
        return { PolicyNames: Object.keys(group(p.get('GroupName')).policies), IsTruncated: false };
      case 'GetGroupPolicy': {
        const g = group(p.get('GroupName'));
        const name = p.get('PolicyName') ?? '';
        const doc = g.policies[name];
        if (!doc) throw noSuch(`group policy with name ${name}`);
        return { GroupName: g.name, PolicyName: name, PolicyDocument: encodeURIComponent(JSON.stringify(doc)) };
      }
      case 'PutGroupPolicy':
        group(p.get('GroupName')).policies[p.get('PolicyName') ?? ''] = policy(
          p.get('PolicyDocument'),
          'PolicyDocument',
        );
        return undefined;
      case 'DeleteGroupPolicy': {
        const g = group(p.get('GroupName'));
        const name = p.get('PolicyName') ?? '';
        if (!g.policies[name]) throw noSuch(`group policy with name ${name}`);
        delete g.policies[name];
        return undefined;
      }
      case 'AddUserToGroup': {
        const g = group(p.get('GroupName'));
        const name = user(p.get('UserName'));
        if (!g.members.includes(name)) g.members.push(name);
        return undefined;
      }
      case 'RemoveUserFromGroup': {
        const g = group(p.get('GroupName'));
        const name = user(p.get('UserName'));
        if (!g.members.includes(name)) throw noSuch(`user ${name} in group ${g.name}`);
        g.members = g.members.filter((m) => m !== name);
        return undefined;
      }
      default:
        throw fault(400, 'InvalidAction', `The sandbox IAM API does not implement ${action || '(none)'}.`);
    }
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const headers = headerMap(req);
    const url = req.url ?? '/';
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    let who = 'unauthenticated caller';
    try {
      if (req.method !== 'POST') throw fault(405, 'InvalidAction', 'IAM requests are POSTs.');
      who = authenticate(state, { method: 'POST', url, headers, body }, 'iam').principal.arn;
      const result = act(action, params);
      if (
        !['GetUser', 'GetRole', 'ListRoles', 'ListGroups', 'GetGroup', 'ListGroupPolicies', 'GetGroupPolicy'].includes(
          action,
        )
      )
        state.decide('sts', true, `IAM ${action} by ${who}`);
      const inner = result === undefined ? '' : `<${action}Result>${render(result)}</${action}Result>`;
      send(
        res,
        200,
        `<${action}Response xmlns="${NS}">${inner}<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>\n`,
      );
    } catch (error) {
      if (!(error instanceof StsFault)) throw error;
      // A lookup of something that does not exist is an answer, not a denial: only the rest is logged.
      if (error.code !== 'NoSuchEntity')
        state.decide('sts', false, `IAM ${action || 'request'} by ${who}: ${error.code}: ${error.message}`);
      send(
        res,
        error.status,
        `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>\n`,
      );
    }
  };
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId(),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
