// `eks-login key rotate [--bundle NAME]`: replace the stored access key by a new one (aws-vault's rotate).
import { writeSetupRecord } from '../../adapters/setup-record-writer.js';
import { listSetupRecords } from '../../adapters/session-files.js';
import { ROTATE_PERMISSIONS, rotateKey } from '../../core/key/rotate-key.js';
import { resolveStsEndpoint } from '../../core/token/sts-endpoint.js';
import { defineCommand } from '../command.js';
import { singleValued } from '../single-valued.js';

export const keyCommand = defineCommand({
  command: 'key <action>',
  describe: 'Manage the access key setup stored: rotate it (new key created, verified and stored, old key deleted)',
  builder: (y) =>
    y
      .positional('action', { choices: ['rotate'] as const, demandOption: true, describe: `rotate: IAM CreateAccessKey with the stored key, wait until the new key works, store it, DeleteAccessKey the old one. Needs ${ROTATE_PERMISSIONS}` })
      .option('bundle', { type: 'string', describe: 'The bundle whose key to rotate (needed when several keys are stored); bundles sharing the key get the new one too' })
      .example('$0 key rotate', 'Rotate the one stored key; nothing is lost if a step fails')
      .example('$0 key rotate --bundle acme', 'Rotate the key stored for bundle acme'),
  handler: async (args, ctx) => {
    const flags = singleValued(args, ['bundle']);
    const { paths } = ctx;
    const result = await rotateKey(flags.bundle ? { bundle: flags.bundle } : {}, {
      records: () => listSetupRecords(paths.setupsDir),
      secrets: () => ctx.secretStore(),
      iam: () => ctx.iamGateway(),
      sts: () => ctx.stsGateway(ctx.awsHttpForProfile()),
      stsTarget: (record) => {
        const endpoint = resolveStsEndpoint(record.bundle.clusters[0]!.region, ctx.env);
        return { region: endpoint.signingRegion, endpoint: endpoint.url };
      },
      writeRecord: async (record) => void (await writeSetupRecord(paths.setupsDir, record)),
      sleep: (ms) => ctx.sleep(ms),
      say: (line) => ctx.stderr.write(`${line}\n`),
    });
    ctx.stderr.write(`access key rotated: …${result.oldKeyId.slice(-4)} → …${result.newKeyId.slice(-4)} for bundle${result.bundles.length > 1 ? 's' : ''} ${result.bundles.join(', ')}\n`);
    return 0;
  },
});
