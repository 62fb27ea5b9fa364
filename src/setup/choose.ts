// Interactive choices of setup on top of the Prompter port: the group, the access key, confirmation.
import { UsageError } from '../kernel/errors.js';
import type { Bundle, BundleGroup } from '../record/bundle-types.js';
import type { Prompter } from '../kernel/ports.js';

/** What --group names: each value may also be a comma-separated list; duplicates count once. */
export function groupFlagValues(flag: string | readonly string[] | undefined): string[] {
  const values = flag === undefined ? [] : typeof flag === 'string' ? [flag] : flag;
  return [
    ...new Set(
      values
        .flatMap((v) => String(v).split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The groups to set up, in bundle order: those set up before (`previous`, still in the bundle) plus every
 * --group; without --group the only group, or (terminal) a multi-select preselecting the set-up groups, or
 * (no terminal) the set-up groups again; else exit 2 naming --group.
 */
export async function chooseGroups(
  bundle: Bundle,
  flags: readonly string[],
  previous: readonly string[],
  prompter: Prompter | undefined,
): Promise<BundleGroup[]> {
  const names = bundle.groups.map((g) => g.name);
  const unknown = flags.filter((f) => !names.includes(f));
  if (unknown.length > 0) {
    const what = unknown.length === 1 ? `group ${unknown[0]} is` : `groups ${unknown.join(', ')} are`;
    throw new UsageError(`${what} not in bundle ${bundle.name} (groups: ${names.join(', ')})`, {
      hint: `pass --group with one of: ${names.join(', ')} (repeat --group for several)`,
    });
  }
  const kept = previous.filter((g) => names.includes(g));
  const pick = (chosen: readonly string[]) => bundle.groups.filter((g) => chosen.includes(g.name));
  if (flags.length > 0) return pick([...kept, ...flags]);
  if (bundle.groups.length === 1) return bundle.groups;
  if (!prompter) {
    if (kept.length > 0) return pick(kept);
    throw new UsageError(`bundle ${bundle.name} has ${names.length} groups and there is no terminal to ask which one`, {
      code: 'GROUP_REQUIRED',
      hint: `pass --group (one of: ${names.join(', ')}), repeated for several groups`,
    });
  }
  const menu = bundle.groups
    .map(
      (g, i) =>
        `  ${i + 1}) [${kept.includes(g.name) ? 'x' : ' '}] ${g.name}  ${g.roleArn ?? ''}${g.sso ? `${g.roleArn ? ' after ' : ''}IAM Identity Center ${g.sso.roleName}` : ''}${g.mfa ? '  (MFA)' : ''}`,
    )
    .join('\n');
  const preset = kept.map((g) => names.indexOf(g) + 1).join(',');
  for (;;) {
    const answer = (
      await prompter.ask(
        `Bundle ${bundle.name} has these groups (x: set up already):\n${menu}\nWhich groups are you in? numbers or names, comma-separated${preset ? ` [${preset}]` : ''}: `,
      )
    ).trim();
    if (answer === '' && kept.length > 0) return pick(kept);
    const chosen = answer
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((a) => {
        const n = Number(a);
        return Number.isInteger(n) && n >= 1 && n <= names.length ? names[n - 1]! : a;
      });
    if (chosen.length > 0 && chosen.every((c) => names.includes(c))) return pick([...kept, ...chosen]);
  }
}

/** Long-term IAM user access keys start with AKIA; ASIA keys are temporary and useless once stored. */
const ACCESS_KEY_ID = /^AKIA[A-Z2-7]{16}$/;

/** Asks for the access key id (shown) and the secret access key (hidden), re-asking until plausible. */
export async function askAccessKey(prompter: Prompter): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  let accessKeyId = (await prompter.ask('AWS access key id (AKIA…): ')).trim();
  while (!ACCESS_KEY_ID.test(accessKeyId)) {
    const why = accessKeyId.startsWith('ASIA')
      ? 'that is a temporary key; setup needs your long-term key'
      : 'that is not an access key id';
    accessKeyId = (await prompter.ask(`${why} (20 characters starting with AKIA). AWS access key id: `)).trim();
  }
  let secretAccessKey = (await prompter.ask('AWS secret access key (input hidden): ', { secret: true })).trim();
  while (secretAccessKey.length < 16) {
    secretAccessKey = (
      await prompter.ask('that is too short for a secret access key (40 characters). Secret access key: ', {
        secret: true,
      })
    ).trim();
  }
  return { accessKeyId, secretAccessKey };
}

/** Yes unless the answer starts with n. */
export async function confirm(prompter: Prompter, question: string): Promise<boolean> {
  const answer = (await prompter.ask(`${question} [Y/n] `)).trim().toLowerCase();
  return !answer.startsWith('n');
}
