// `admin export`: the access file → the one model (admin/export-model.ts) → Terraform, CloudFormation or
// Kubernetes manifests, written to --out or stdout. Offline: no AWS call, no credentials, no clock; the same
// access file gives the same bytes.
import type { AccessFile } from './access/types.js';
import { cloudFormationTemplate } from './export-cloudformation.js';
import type { ExportSource } from './export-header.js';
import { kubernetesManifests } from './export-kubernetes.js';
import { exportModel } from './export-model.js';
import { terraformFile } from './export-terraform.js';
import { InternalError, UsageError } from '../kernel/errors.js';
import type { Services } from '../services/services.js';
import type { ExportFormat } from './export-formats.js';

export interface ExportInput {
  /** The access file as given on the command line (named in the generated-by header). */
  file: string;
  format: ExportFormat;
  cluster?: string | undefined;
  /** Absolute path to write, else stdout. */
  out?: string | undefined;
}

/** The exported text. */
export async function renderExport(access: AccessFile, input: ExportInput): Promise<string> {
  const { yamlCodec } = await import('./yaml.node.js');
  const names = access.clusters.map((c) => c.name);
  if (input.cluster !== undefined && !names.includes(input.cluster)) {
    throw new UsageError(`access file ${input.file} has no cluster ${input.cluster}`, {
      hint: `pass --cluster with one of: ${names.join(', ')}`,
    });
  }
  const source: ExportSource = { file: input.file, access: access.name, account: access.account };
  const exp = exportModel(access, input.cluster);
  switch (input.format) {
    case 'terraform':
      return terraformFile(source, exp);
    case 'cloudformation':
      return cloudFormationTemplate(source, exp, yamlCodec);
    case 'kubernetes': {
      if (exp.model.clusters.length > 1) {
        throw new UsageError(
          `access file ${input.file} has ${names.length} clusters, and Kubernetes manifests are for one cluster`,
          { hint: `pass --cluster NAME (one of: ${names.join(', ')})` },
        );
      }
      return kubernetesManifests(source, exp.model.clusters[0]!, yamlCodec);
    }
  }
}

export async function exportAccess(access: AccessFile, input: ExportInput, ctx: Services): Promise<void> {
  const text = await renderExport(access, input);
  if (input.out === undefined) {
    ctx.stdout.write(text);
    return;
  }
  const { writeFileAtomic } = await import('../infra/fs/atomic-file.js');
  await writeFileAtomic(input.out, text, 0o644).catch((error: unknown) => {
    throw new InternalError(`cannot write ${input.out}: ${(error as Error).message}`, { cause: error });
  });
  ctx.stderr.write(
    `wrote ${input.out}: ${input.format} for access ${access.name}${input.cluster ? ` (cluster ${input.cluster})` : ''}\n`,
  );
}
