// Text for `eks-login doctor`: one line per step with ✔ / ! / ✘ / –, the finding under it, and the fix
// for every failure or warning. Pure.
import { plainStyle, type Style } from '../../kernel/format/style.js';
import type { Outcome } from '../../kernel/write.js';
import { reportOutcome, type ReportOutput } from '../render-report.js';
import { doctorExitCode, type CheckStatus, type DoctorReport } from './check.js';

const MARK: Record<CheckStatus, string> = { ok: '✔', warn: '!', fail: '✘', skip: '–' };

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

export function renderDoctor(report: DoctorReport, style: Style = plainStyle): string {
  const paint = { ok: style.ok, warn: style.warn, fail: style.fail, skip: style.dim } as const;
  const lines = [style.bold(`eks-login doctor${report.context ? ` — context ${report.context}` : ''}`)];
  for (const check of report.checks) {
    if (check.status === 'skip') {
      lines.push(style.dim(`${MARK.skip} ${check.title} (skipped: ${check.detail})`));
      continue;
    }
    lines.push(`${paint[check.status](MARK[check.status])} ${check.title}`);
    lines.push(indent(check.detail, '    '));
    if (check.fix && (check.status === 'fail' || check.status === 'warn')) {
      const [first, ...rest] = check.fix.split('\n');
      lines.push(`    ${style.bold('fix:')} ${first}`);
      if (rest.length) lines.push(indent(rest.join('\n'), '    '));
    }
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  lines.push(
    '',
    failed
      ? style.fail(`${failed} step${failed > 1 ? 's' : ''} failed`) +
          (warned ? `, ${warned} warning${warned > 1 ? 's' : ''}` : '')
      : style.ok(`all good${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}`),
  );
  return `${lines.join('\n')}\n`;
}

/** What `doctor` says: the report, then the exit code of its first failed step (none when every step passed). */
export function doctorOutcome(report: DoctorReport, output: ReportOutput, style: Style): Outcome {
  return reportOutcome(
    report,
    output,
    () => renderDoctor(report, style),
    doctorExitCode(report),
    'doctor: a check failed (the report above says which)',
  );
}
