// Every write of a setup record goes through here (setup, sync, key rotate, logout --remove-contexts): a
// bundle URL's secrets (userinfo, query values) go to the secret store first, also those of a record an
// older eks-login wrote in clear, so no plain file ever holds them (bundle/source-url.ts).
import { writeSetupRecord } from '../record/setup-record-writer.node.js';
import { sourceToFetch, withSourceSecretStored } from '../bundle/source-url.js';
import { StoreError } from '../kernel/errors.js';
import { bundleUrlAccount, type SetupRecord } from '../record/setup-record.js';
import type { Services } from '../services/services.js';

/** Writes `<setupsDir>/<bundle>.json`; returns the file written. */
export function recordWriter(s: Pick<Services, 'paths' | 'secretStore'>): (record: SetupRecord) => Promise<string> {
  return async (record) =>
    writeSetupRecord(
      s.paths.setupsDir,
      await withSourceSecretStored(record, bundleUrlAccount(record.bundle.name), () => s.secretStore()),
    );
}

/** The URL (or path) sync fetches for a record: a URL's secrets joined back from the secret store. */
export async function recordedSourceToFetch(
  s: Pick<Services, 'secretStore'>,
  record: SetupRecord & { bundleSource: string },
): Promise<string> {
  const account = bundleUrlAccount(record.bundle.name);
  const source = await sourceToFetch(record, account, () => s.secretStore());
  if (source !== undefined) return source;
  const store = await s.secretStore();
  throw new StoreError(
    `cannot read bundle ${record.bundle.name} from ${record.bundleSource}: the URL's credentials are not in ${store.location} (account ${account})`,
    {
      code: 'BUNDLE_URL_SECRET_MISSING',
      hint: `run \`eks-login setup '<the bundle URL with its credentials>'\` again to store them (the record keeps only ${record.bundleSource})`,
    },
  );
}
