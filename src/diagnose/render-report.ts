// How doctor and whoami end: their report on stdout (the text, or with -o json the report as JSON), then, when
// the report says something failed, the failure of that exit code, marked reported (the report said why). Pure.
import { reportedFailure, type ExitCodeValue } from '../kernel/errors.js';
import type { Outcome } from '../kernel/write.js';

export type ReportOutput = 'text' | 'json';

export function reportOutcome(
  report: object,
  output: ReportOutput,
  text: () => string,
  code: ExitCodeValue,
  what: string,
): Outcome {
  return {
    writes: [{ to: 'stdout', text: output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : text() }],
    ...(code !== 0 ? { failure: reportedFailure(code, what) } : {}),
  };
}
