// AWS partitions as far as the STS host is concerned (docs/token.md, "STS endpoint"; cross-checked in tests against the
// endpoint rules of @aws-sdk/client-sts).

export interface Partition {
  name: string;
  domain: string;
  dualStackDomain: string;
  /** Only the commercial partition has the global sts.amazonaws.com endpoint. */
  hasGlobalEndpoint: boolean;
}

const PARTITIONS: Array<Partition & { regionPattern: RegExp }> = [
  {
    name: 'aws-cn',
    regionPattern: /^cn-/,
    domain: 'amazonaws.com.cn',
    dualStackDomain: 'api.amazonwebservices.com.cn',
    hasGlobalEndpoint: false,
  },
  {
    name: 'aws-us-gov',
    regionPattern: /^us-gov-/,
    domain: 'amazonaws.com',
    dualStackDomain: 'api.aws',
    hasGlobalEndpoint: false,
  },
  {
    name: 'aws-iso',
    regionPattern: /^us-iso-/,
    domain: 'c2s.ic.gov',
    dualStackDomain: 'api.aws.ic.gov',
    hasGlobalEndpoint: false,
  },
  {
    name: 'aws-iso-b',
    regionPattern: /^us-isob-/,
    domain: 'sc2s.sgov.gov',
    dualStackDomain: 'api.aws.scloud',
    hasGlobalEndpoint: false,
  },
  {
    name: 'aws-iso-e',
    regionPattern: /^eu-isoe-/,
    domain: 'cloud.adc-e.uk',
    dualStackDomain: 'api.cloud-aws.adc-e.uk',
    hasGlobalEndpoint: false,
  },
  {
    name: 'aws-iso-f',
    regionPattern: /^us-isof-/,
    domain: 'csp.hci.ic.gov',
    dualStackDomain: 'api.aws.hci.ic.gov',
    hasGlobalEndpoint: false,
  },
  {
    name: 'aws-eusc',
    regionPattern: /^eusc-/,
    domain: 'amazonaws.eu',
    dualStackDomain: 'api.amazonwebservices.eu',
    hasGlobalEndpoint: false,
  },
];

const COMMERCIAL: Partition = {
  name: 'aws',
  domain: 'amazonaws.com',
  dualStackDomain: 'api.aws',
  hasGlobalEndpoint: true,
};

/** The partition a region belongs to; unknown regions resolve to the commercial pattern, as the SDK does. */
export function partitionOf(region: string): Partition {
  const found = PARTITIONS.find((p) => p.regionPattern.test(region));
  if (!found) return COMMERCIAL;
  const { regionPattern: _ignored, ...partition } = found;
  return partition;
}
