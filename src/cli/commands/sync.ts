// `eks-login sync [--bundle NAME] [--sha256 HEX] [--dry-run]`: follow the admin's changes to set-up bundles.
import { loadBundleSource, normalizeSha256 } from '../../adapters/bundle-source.js';
import { resolveExecLauncher } from '../../adapters/exec-command.js';
import { writeSetupRecord } from '../../adapters/setup-record-writer.js';
import { listSetupRecords } from '../../adapters/session-files.js';
import { unifiedDiff } from '../../adapters/unified-diff.js';
import { describeChanges } from '../../core/setup/report.js';
import { runSync } from '../../core/setup/run-sync.js';
import { defineCommand } from '../command.js';
import { singleValued } from '../single-valued.js';

export const syncCommand = defineCommand({
  command: 'sync',
  describe: "Re-read each set-up bundle from where setup got it and apply the admin's changes (contexts added, updated, removed)",
  builder: (y) =>
    y
      .option('bundle', { type: 'string', describe: 'Only this bundle (default: every bundle set up on this machine)' })
      .option('sha256', { type: 'string', describe: 'The new digest of a pinned bundle that changed: applied and pinned (needs --bundle when several are set up)' })
      .option('dry-run', { type: 'boolean', describe: 'Say what would change and print the kubeconfig diff on stdout; write nothing' })
      .example('$0 sync', 'Apply every bundle\'s changes; "unchanged" when there are none (the kubeconfig is not rewritten)')
      .example('$0 sync --dry-run', 'What would change')
      .example('$0 sync --bundle acme --sha256 9f86d0…', 'The admin published a new pinned version: check it against the announced digest, apply, re-pin'),
  handler: async (args, ctx) => {
    const flags = singleValued(args, ['bundle', 'sha256']);
    const { paths } = ctx;
    const results = await runSync(
      {
        ...(flags.bundle ? { bundle: flags.bundle } : {}),
        ...(flags.sha256 ? { sha256: normalizeSha256(flags.sha256)! } : {}),
        dryRun: Boolean(args.dryRun),
        command: resolveExecLauncher({ pathEnv: ctx.env.PATH, running: ctx.script, cwd: ctx.cwd }),
      },
      {
        records: () => listSetupRecords(paths.setupsDir),
        load: (source, pin) => loadBundleSource(source, ctx.cwd, pin, () => ctx.httpsGetter()),
        kubeconfig: await ctx.kubeconfigStore((m) => ctx.logger.warn(m)),
        writeRecord: (record) => writeSetupRecord(paths.setupsDir, record),
      },
    );
    const say = (line: string) => ctx.stderr.write(`${line}\n`);
    for (const r of results) {
      if (r.skipped || !r.kubeconfig) {
        say(`bundle ${r.name}: skipped: ${r.skipped}`);
        continue;
      }
      const k = r.kubeconfig;
      const unchanged = !k.changed && !r.recordChanged;
      say(`bundle ${r.name} (${r.source}): ${unchanged ? 'unchanged' : args.dryRun ? 'changes found (dry run, nothing written)' : 'synced'}${r.repinned ? `; pinned to sha256 ${r.repinned}` : ''}`);
      for (const group of r.groupsGone) say(`  group ${group} is no longer in the bundle: its contexts are removed`);
      if (unchanged) continue;
      if (args.dryRun) ctx.stdout.write(unifiedDiff(k.path, k.before, k.after));
      for (const line of describeChanges(k, args.dryRun ? 'dry-run' : 'done')) say(`  ${line}`);
    }
    return 0;
  },
});
