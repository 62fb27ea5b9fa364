// Text for `eks-login whoami`: short aligned sections (AWS, Kubernetes, what you may do), or on 401
// the reason and the admin's fix. Pure.
import { formatDuration } from '../../kernel/format/duration.js';
import { formatColumns, formatPairs } from '../../kernel/format/table.js';
import { plainStyle, type Style } from '../../kernel/format/style.js';
import { renderUnmappedFix } from '../unmapped-fix.js';
import type { Outcome } from '../../kernel/write.js';
import { reportOutcome, type ReportOutput } from '../render-report.js';
import { whoamiExitCode, type WhoamiReport } from './whoami.js';

function until(isoTime: string, now: Date): string {
  const seconds = Math.round((new Date(isoTime).getTime() - now.getTime()) / 1000);
  return seconds > 0
    ? `${isoTime} (in ${formatDuration(seconds)})`
    : `${isoTime} (expired ${formatDuration(-seconds)} ago)`;
}

export function renderWhoami(r: WhoamiReport, now: Date, style: Style = plainStyle): string {
  const out: string[] = [];
  const ns = r.namespace;
  out.push(`${style.bold('context')}  ${r.context} (namespace ${ns}) → ${r.cluster.server}`);
  if (r.adoptedFrom)
    out.push(
      `${style.bold('adopted')}  from ${r.adoptedFrom} by \`eks-login adopt\` (undo: \`eks-login adopt --undo --context ${r.context}\`)`,
    );
  out.push('');
  const aws: Array<[string, string]> = [];
  if (r.aws.ssoSignIn) aws.push(['IAM Identity Center', r.aws.ssoSignIn]);
  if (r.aws.sourceArn) aws.push(['source identity', r.aws.sourceArn]);
  if (r.aws.arn) aws.push([r.aws.arn.includes(':assumed-role/') ? 'assumed role' : 'identity', r.aws.arn]);
  else if (r.aws.roleArn) aws.push(['role', `${r.aws.roleArn} (STS did not confirm the session)`]);
  if (r.aws.sessionName) aws.push(['session name', r.aws.sessionName]);
  if (r.aws.sourceIdentity)
    aws.push([
      'SourceIdentity',
      `${r.aws.sourceIdentity} (${r.aws.sourceIdentityFrom === 'sts' ? 'as STS reported it' : 'as eks-login sends it'}; bound to the IAM user name)`,
    ]);
  if (r.aws.sessionExpiresAt) aws.push(['session expires', until(r.aws.sessionExpiresAt, now)]);
  if (r.aws.account) aws.push(['account', r.aws.account]);
  aws.push(['token signed for', `${r.aws.stsHost}, cluster id ${r.cluster.clusterId || '(not in the exec args)'}`]);
  aws.push([
    'token valid until',
    `${until(r.aws.tokenExpiresAt, now)}${r.aws.tokenFromCache ? ', from the cache' : ''}`,
  ]);
  const sts = r.aws.sts;
  aws.push([
    'STS check',
    sts.status === 200
      ? style.ok('accepted')
      : sts.status === 0
        ? style.warn(`not checked: ${sts.error ?? ''}`)
        : style.fail(`not accepted: ${sts.error ?? ''}`),
  ]);
  out.push(style.bold('AWS'), formatPairs(aws), '');

  if (r.outcome === 'unmapped' || r.outcome === 'rejected') {
    out.push(style.bold('Kubernetes'), `  ${style.fail('Unauthorized (HTTP 401)')}`, '');
    if (r.outcome === 'unmapped' && r.fix) out.push(renderUnmappedFix(r.fix, r.aws.arn, r.cluster.eksName));
    else {
      out.push(
        r.aws.sts.status === 0
          ? `STS could not be asked about the token (${r.aws.sts.error ?? 'no answer'}); the cluster rejected it.`
          : `STS did not accept the token either (${r.aws.sts.error ?? 'no answer'}), so the cluster could not know who you are.`,
        "Usual causes: a clock more than 5 min off, credentials that expired, or a cluster id that differs from the cluster's.",
        'Run `eks-login doctor` to check each step.',
        '',
      );
    }
    return finish(out);
  }
  if (r.outcome === 'no-review-api' || !r.kubernetes) {
    out.push(
      style.bold('Kubernetes'),
      '  this cluster serves no SelfSubjectReview API (Kubernetes < 1.26); the token was not rejected',
      '',
    );
    return finish(out);
  }
  const k = r.kubernetes;
  const kube: Array<[string, string]> = [
    ['username', k.username],
    ['groups', k.groups.join(', ') || '(none)'],
  ];
  for (const [key, values] of Object.entries(k.extra)) {
    if (key === 'arn' || key === 'sessionName')
      kube.push([key === 'arn' ? 'mapped from' : 'session name', values.join(', ')]);
  }
  out.push(style.bold('Kubernetes'), formatPairs(kube), '');
  out.push(style.bold(`May do in namespace ${ns}`));
  const a = r.access;
  if (!a) out.push('  (not checked)');
  else if (a.forbidden) out.push(`  could not list rules: ${a.forbidden}`);
  else if (!a.rows.length) out.push('  nothing (beyond discovery and self-reviews)');
  else out.push(formatColumns([['RESOURCE', 'VERBS'], ...a.rows.map((row) => [row.resource, row.verbs.join(', ')])]));
  if (a?.incomplete && !a.forbidden)
    out.push(style.dim(`  (incomplete: ${a.evaluationError ?? 'an authorizer could not list its rules'})`));
  return finish(out);
}

function finish(lines: string[]): string {
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** What `whoami` says: the report, then its exit code (none when STS and the cluster both answered who). */
export function whoamiOutcome(report: WhoamiReport, output: ReportOutput, now: Date, style: Style): Outcome {
  return reportOutcome(
    report,
    output,
    () => renderWhoami(report, now, style),
    whoamiExitCode(report),
    `whoami: ${report.outcome} (the report above says why)`,
  );
}
