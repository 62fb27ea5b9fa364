// key rotate's one call (rotateStoredKey: rotate, then the closing line from render-rotated.ts) and its ports
// from the composition root (services/services.ts): setup records, the secret store, IAM
// (@aws-sdk/client-iam, loaded only when rotation starts), STS at the bundle's first region, the sleep.
import { crashSeam } from '../infra/crash-seam.js';
import { listSetupRecords } from '../record/setup-record-list.node.js';
import { rotateKey, type RotateDeps } from './rotate-key.js';
import { renderRotated } from './render-rotated.js';
import type { Write } from '../kernel/write.js';
import { resolveStsEndpoint } from '../aws/sts-endpoint.js';
import type { Services } from '../services/services.js';
import { recordWriter } from '../setup/wire.js';

export async function rotateStoredKey(s: Services, input: { bundle?: string }): Promise<Write[]> {
  return [{ to: 'stderr', text: renderRotated(await rotateKey(input, createRotateDeps(s))) }];
}

function createRotateDeps(s: Services): RotateDeps {
  const { paths } = s;
  return {
    records: () => listSetupRecords(paths.setupsDir),
    secrets: () => s.secretStore(),
    iam: () => s.iamGateway(),
    sts: () => s.stsGateway(s.awsHttpForProfile()),
    stsTarget: (record) => {
      const endpoint = resolveStsEndpoint(record.bundle.clusters[0]!.region, s.env);
      return { region: endpoint.signingRegion, endpoint: endpoint.url };
    },
    writeRecord: async (record) => void (await recordWriter(s)(record)),
    sleep: (ms) => s.sleep(ms),
    now: () => s.clock.now(),
    ...((checkpoint) => (checkpoint ? { checkpoint } : {}))(crashSeam(s.env)),
    say: (line) => s.stderr.write(`${line}\n`),
  };
}

export { ROTATE_PERMISSIONS } from './rotate-key.js';
