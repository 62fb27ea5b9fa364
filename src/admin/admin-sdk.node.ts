// What the admin's IAM and EKS adapters (iam-admin.node.ts, eks-admin.node.ts) share: the endpoint
// (AWS_ENDPOINT_URL_IAM / _EKS, else AWS_ENDPOINT_URL, else the SDK's own), the options of the one SDK client
// factory with the admin's credentials, and the call that turns an SDK error into an EksLoginError naming the
// operation and where it went (aws-errors.node.ts).
import type { AwsCredentials, Env } from '../kernel/ports.js';
import type { HttpSettings } from '../infra/http/settings.js';
import { sdkClients, type SdkClients } from '../infra/aws/sdk-client.js';
import { isNotFound, translateAdminError } from './aws-errors.node.js';

/** The calls to one place (IAM, or EKS in one region). */
interface AdminCalls {
  /** Where the calls go, as messages name it: the endpoint set, else the service (and the region). */
  where: string;
  /** Runs one SDK call; its error becomes an EksLoginError naming `what` and `where`. */
  call<T>(what: string, run: () => Promise<T>): Promise<T>;
  /** The same, with the service's "no such entity / resource" answered as undefined. */
  maybe<T>(what: string, run: () => Promise<T>): Promise<T | undefined>;
}

export interface AdminSdk {
  /** The options of the service's SDK client in `region`. */
  config(region: string): ReturnType<SdkClients['config']>;
  /** The calls to the service (in `region`, for a regional one). */
  at(region?: string): AdminCalls;
}

export function adminSdk(service: 'IAM' | 'EKS', credentials: AwsCredentials, env: Env, http: HttpSettings): AdminSdk {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  const sdk = sdkClients(http);
  return {
    config: (region) => sdk.config(region, { credentials, endpoint }),
    at: (region) => {
      const where = endpoint ?? (region === undefined ? service : `${service} ${region}`);
      return {
        where,
        async call(what, run) {
          try {
            return await run();
          } catch (error) {
            throw translateAdminError(error, what, where);
          }
        },
        async maybe(what, run) {
          try {
            return await run();
          } catch (error) {
            if (isNotFound(error)) return undefined;
            throw translateAdminError(error, what, where);
          }
        },
      };
    },
  };
}
