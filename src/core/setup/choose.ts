// Interactive choices of setup on top of the Prompter port: the group, the access key, confirmation.
import { UsageError } from '../../errors.js';
import type { Bundle, BundleGroup } from '../bundle/types.js';
import type { Prompter } from '../../ports.js';

/** --group, else the only group, else a question on the terminal; without one, exit 2 naming --group. */
export async function chooseGroup(bundle: Bundle, flag: string | undefined, prompter: Prompter | undefined): Promise<BundleGroup> {
  const names = bundle.groups.map((g) => g.name);
  if (flag !== undefined) {
    const group = bundle.groups.find((g) => g.name === flag);
    if (!group) throw new UsageError(`group ${flag} is not in bundle ${bundle.name} (groups: ${names.join(', ')})`, { hint: `pass --group ${names[0]}` });
    return group;
  }
  if (bundle.groups.length === 1) return bundle.groups[0]!;
  if (!prompter) {
    throw new UsageError(`bundle ${bundle.name} has ${names.length} groups and there is no terminal to ask which one`, {
      code: 'GROUP_REQUIRED',
      hint: `pass --group (one of: ${names.join(', ')})`,
    });
  }
  const menu = bundle.groups.map((g, i) => `  ${i + 1}) ${g.name}  ${g.roleArn}${g.mfa ? '  (MFA)' : ''}`).join('\n');
  for (;;) {
    const answer = (await prompter.ask(`Bundle ${bundle.name} has these groups:\n${menu}\nWhich group are you in? [1-${names.length}] `)).trim();
    const byNumber = Number(answer);
    const group = Number.isInteger(byNumber) && byNumber >= 1 && byNumber <= names.length ? bundle.groups[byNumber - 1] : bundle.groups.find((g) => g.name === answer);
    if (group) return group;
  }
}

/** Long-term IAM user access keys start with AKIA; ASIA keys are temporary and useless once stored. */
const ACCESS_KEY_ID = /^AKIA[A-Z2-7]{16}$/;

/** Asks for the access key id (shown) and the secret access key (hidden), re-asking until plausible. */
export async function askAccessKey(prompter: Prompter): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  let accessKeyId = (await prompter.ask('AWS access key id (AKIA…): ')).trim();
  while (!ACCESS_KEY_ID.test(accessKeyId)) {
    const why = accessKeyId.startsWith('ASIA') ? 'that is a temporary key; setup needs your long-term key' : 'that is not an access key id';
    accessKeyId = (await prompter.ask(`${why} (20 characters starting with AKIA). AWS access key id: `)).trim();
  }
  let secretAccessKey = (await prompter.ask('AWS secret access key (input hidden): ', { secret: true })).trim();
  while (secretAccessKey.length < 16) {
    secretAccessKey = (await prompter.ask('that is too short for a secret access key (40 characters). Secret access key: ', { secret: true })).trim();
  }
  return { accessKeyId, secretAccessKey };
}

/** Yes unless the answer starts with n. */
export async function confirm(prompter: Prompter, question: string): Promise<boolean> {
  const answer = (await prompter.ask(`${question} [Y/n] `)).trim().toLowerCase();
  return !answer.startsWith('n');
}
