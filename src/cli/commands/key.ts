// `eks-login key rotate [--bundle NAME]`: replace the stored access key by a new one (aws-vault's rotate).
import { ROTATE_PERMISSIONS, rotateStoredKey } from '../../key/wire.js';
import { defineCommand } from '../command.js';
import { emit } from '../emit.js';
import { singleValued } from '../single-valued.js';

export const keyCommand = defineCommand({
  command: 'key <action>',
  describe: 'Manage the access key setup stored: rotate it (new key created, verified and stored, old key deleted)',
  builder: (y) =>
    y
      .positional('action', {
        choices: ['rotate'] as const,
        demandOption: true,
        describe: `rotate: IAM CreateAccessKey with the stored key, wait until the new key works, store it, DeleteAccessKey the old one. Needs ${ROTATE_PERMISSIONS}`,
      })
      .option('bundle', {
        type: 'string',
        describe:
          'The bundle whose key to rotate (needed when several keys are stored); bundles sharing the key get the new one too',
      })
      .example('$0 key rotate', 'Rotate the one stored key; nothing is lost if a step fails')
      .example('$0 key rotate --bundle acme', 'Rotate the key stored for bundle acme'),
  handler: async (args, ctx) => {
    const flags = singleValued(args, ['bundle']);
    emit(ctx, await rotateStoredKey(ctx, flags.bundle ? { bundle: flags.bundle } : {}));
  },
});
