// Which AWS region the token is for. No silent default: a missing region is a usage error that says how
// to set one.
import { UsageError } from '../kernel/errors.js';
import type { Env } from '../kernel/ports.js';

export type RegionSource = 'flag' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile' | 'cluster endpoint';

export interface RegionInputs {
  flag?: string | undefined;
  env: Env;
  /** The `region` of the active AWS profile, when the caller has read it (undefined = not known). */
  profileRegion?: string | undefined;
  /** spec.cluster.server from KUBERNETES_EXEC_INFO (kubeconfig exec provideClusterInfo: true). */
  clusterServer?: string | undefined;
}

export interface ResolvedRegion {
  region: string;
  source: RegionSource;
}

/** Precedence: --region > AWS_REGION > AWS_DEFAULT_REGION > profile region > the EKS endpoint host's region. */
export function resolveRegion(inputs: RegionInputs): ResolvedRegion {
  const found = findRegion(inputs);
  if (found) return found;
  throw new UsageError(
    'no AWS region known: none of --region, AWS_REGION, AWS_DEFAULT_REGION or the profile sets one',
    {
      hint: 'pass --region <region> (eks-login setup writes it into the kubeconfig), or export AWS_REGION=<region>',
    },
  );
}

/** The part that needs no file: --region or the environment; undefined when the profile could still decide. */
export function regionFromFlagOrEnv(inputs: Omit<RegionInputs, 'profileRegion'>): ResolvedRegion | undefined {
  return envRegion(inputs);
}

function findRegion(inputs: RegionInputs): ResolvedRegion | undefined {
  const early = envRegion(inputs);
  if (early) return early;
  if (inputs.profileRegion?.trim()) return { region: inputs.profileRegion.trim(), source: 'profile' };
  const fromServer = inputs.clusterServer ? regionOfEksEndpoint(inputs.clusterServer) : undefined;
  return fromServer ? { region: fromServer, source: 'cluster endpoint' } : undefined;
}

function envRegion(inputs: Omit<RegionInputs, 'profileRegion'>): ResolvedRegion | undefined {
  if (inputs.flag?.trim()) return { region: inputs.flag.trim(), source: 'flag' };
  if (inputs.env.AWS_REGION?.trim()) return { region: inputs.env.AWS_REGION.trim(), source: 'AWS_REGION' };
  if (inputs.env.AWS_DEFAULT_REGION?.trim())
    return { region: inputs.env.AWS_DEFAULT_REGION.trim(), source: 'AWS_DEFAULT_REGION' };
  return undefined;
}

/** `https://ABCD.gr7.eu-west-1.eks.amazonaws.com` → eu-west-1 (also .amazonaws.com.cn); else undefined. */
export function regionOfEksEndpoint(server: string): string | undefined {
  let host: string;
  try {
    host = new URL(server).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.eks\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1];
}
