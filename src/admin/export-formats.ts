// The formats of `admin export`, shared by the command's flag and the use case (kept apart so the CLI's
// parser loads nothing of the export itself).
export const EXPORT_FORMATS = ['terraform', 'cloudformation', 'kubernetes'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
