// EksPort over @aws-sdk/client-eks (loaded only by the admin commands): DescribeCluster and the access-entry
// API. One client per region.
import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DisassociateAccessPolicyCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
  UpdateAccessEntryCommand,
} from '@aws-sdk/client-eks';
import type { AwsCredentials, Env } from '../kernel/ports.js';
import type { AuthenticationMode, EksPort, ObservedAccessEntry } from '../kernel/admin-ports.js';
import { translateAdminError } from './aws-errors.node.js';
import type { HttpSettings } from '../infra/http/settings.js';
import { adminSdk } from './admin-sdk.node.js';

export function createEksAdmin(credentials: AwsCredentials, env: Env, http: HttpSettings): EksPort {
  const eks = adminSdk('EKS', credentials, env, http);
  const clients = new Map<string, EKSClient>();
  const client = (region: string): EKSClient => {
    let c = clients.get(region);
    if (!c) clients.set(region, (c = new EKSClient(eks.config(region))));
    return c;
  };
  const call = <T>(region: string, what: string, run: () => Promise<T>): Promise<T> => eks.at(region).call(what, run);

  return {
    async describeCluster(cluster, region) {
      const out = await call(region, `DescribeCluster ${cluster}`, () =>
        client(region).send(new DescribeClusterCommand({ name: cluster })),
      );
      const c = out.cluster;
      if (!c?.endpoint || !c.certificateAuthority?.data)
        throw translateAdminError(
          Object.assign(new Error(`cluster ${cluster} has no endpoint or CA yet (status ${c?.status ?? 'unknown'})`), {
            name: 'InvalidRequestException',
          }),
          `DescribeCluster ${cluster}`,
          eks.at(region).where,
        );
      return {
        name: cluster,
        endpoint: c.endpoint,
        certificateAuthorityData: c.certificateAuthority.data,
        authenticationMode: (c.accessConfig?.authenticationMode ?? 'CONFIG_MAP') as AuthenticationMode,
      };
    },
    async listAccessEntries(cluster, region) {
      const arns: string[] = [];
      let nextToken: string | undefined;
      do {
        const out = await call(region, `ListAccessEntries ${cluster}`, () =>
          client(region).send(
            new ListAccessEntriesCommand({ clusterName: cluster, ...(nextToken ? { nextToken } : {}) }),
          ),
        );
        arns.push(...(out.accessEntries ?? []));
        nextToken = out.nextToken;
      } while (nextToken);
      return arns;
    },
    async describeAccessEntry(cluster, region, principalArn): Promise<ObservedAccessEntry | undefined> {
      const entry = (
        await eks
          .at(region)
          .maybe(`DescribeAccessEntry ${principalArn} in ${cluster}`, () =>
            client(region).send(new DescribeAccessEntryCommand({ clusterName: cluster, principalArn })),
          )
      )?.accessEntry;
      if (!entry) return undefined;
      const policies =
        (
          await call(region, `ListAssociatedAccessPolicies ${principalArn}`, () =>
            client(region).send(new ListAssociatedAccessPoliciesCommand({ clusterName: cluster, principalArn })),
          )
        ).associatedAccessPolicies ?? [];
      return {
        principalArn: entry.principalArn ?? principalArn,
        ...(entry.username ? { username: entry.username } : {}),
        kubernetesGroups: entry.kubernetesGroups ?? [],
        tags: entry.tags ?? {},
        policies: policies.map((p) => ({
          policyArn: p.policyArn ?? '',
          accessScope: {
            type: (p.accessScope?.type ?? 'cluster') as 'cluster' | 'namespace',
            ...(p.accessScope?.namespaces?.length ? { namespaces: [...p.accessScope.namespaces].sort() } : {}),
          },
        })),
      };
    },
    async createAccessEntry(cluster, region, e) {
      await call(region, `CreateAccessEntry ${e.principalArn} in ${cluster}`, () =>
        client(region).send(
          new CreateAccessEntryCommand({
            clusterName: cluster,
            principalArn: e.principalArn,
            username: e.username,
            kubernetesGroups: e.kubernetesGroups,
            tags: e.tags,
            type: 'STANDARD',
          }),
        ),
      );
    },
    async updateAccessEntry(cluster, region, e) {
      await call(region, `UpdateAccessEntry ${e.principalArn} in ${cluster}`, () =>
        client(region).send(
          new UpdateAccessEntryCommand({
            clusterName: cluster,
            principalArn: e.principalArn,
            username: e.username,
            kubernetesGroups: e.kubernetesGroups,
          }),
        ),
      );
    },
    async deleteAccessEntry(cluster, region, principalArn) {
      await call(region, `DeleteAccessEntry ${principalArn} in ${cluster}`, () =>
        client(region).send(new DeleteAccessEntryCommand({ clusterName: cluster, principalArn })),
      );
    },
    async associateAccessPolicy(cluster, region, principalArn, policyArn, scope) {
      await call(region, `AssociateAccessPolicy ${policyArn} → ${principalArn} in ${cluster}`, () =>
        client(region).send(
          new AssociateAccessPolicyCommand({
            clusterName: cluster,
            principalArn,
            policyArn,
            accessScope: { type: scope.type, ...(scope.namespaces ? { namespaces: scope.namespaces } : {}) },
          }),
        ),
      );
    },
    async disassociateAccessPolicy(cluster, region, principalArn, policyArn) {
      await call(region, `DisassociateAccessPolicy ${policyArn} of ${principalArn} in ${cluster}`, () =>
        client(region).send(new DisassociateAccessPolicyCommand({ clusterName: cluster, principalArn, policyArn })),
      );
    },
  };
}
