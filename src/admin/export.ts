// `admin export`: the access file → the one model (admin/export-model.ts) → Terraform, CloudFormation or
// Kubernetes manifests. Offline: no AWS call, no credentials, no clock; the same access file gives the same
// bytes. admin/wire.ts writes the text to --out or stdout.
import type { AccessFile } from './access/types.js';
import { cloudFormationTemplate } from './export-cloudformation.js';
import type { ExportSource } from './export-header.js';
import { kubernetesManifests } from './export-kubernetes.js';
import { exportModel } from './export-model.js';
import { terraformFile } from './export-terraform.js';
import { UsageError } from '../kernel/errors.js';
import type { YamlCodec } from '../kernel/admin-ports.js';
import type { ExportFormat } from './export-formats.js';

export interface ExportInput {
  /** The access file as given on the command line (named in the generated-by header). */
  file: string;
  format: ExportFormat;
  cluster?: string | undefined;
}

/** The exported text. */
export function renderExport(access: AccessFile, input: ExportInput, yaml: YamlCodec): string {
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
      return cloudFormationTemplate(source, exp, yaml);
    case 'kubernetes': {
      if (exp.model.clusters.length > 1) {
        throw new UsageError(
          `access file ${input.file} has ${names.length} clusters, and Kubernetes manifests are for one cluster`,
          { hint: `pass --cluster NAME (one of: ${names.join(', ')})` },
        );
      }
      return kubernetesManifests(source, exp.model.clusters[0]!, yaml);
    }
  }
}

/** What `admin export --out` says once the file is written. */
export function renderExportWritten(out: string, input: ExportInput, access: AccessFile): string {
  return `wrote ${out}: ${input.format} for access ${access.name}${input.cluster ? ` (cluster ${input.cluster})` : ''}\n`;
}
