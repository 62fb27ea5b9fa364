// What the composition root gives the AWS SDK of the process (src/container/sdk-process.ts): its home and its
// Node-version warning, decided once, and the SDK's own shared-file loader finding ~/.aws with it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHomeDir, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareProcessForSdk, SDK_HOME_FALLBACK, sdkProcessVariables } from '../../../src/container/sdk-process.js';
import { useTempDirs } from '../../support/temp-dir.js';

const WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
const noOsHome = (): string => {
  throw new Error('uv_os_homedir: no such file or directory');
};

describe('sdkProcessVariables', () => {
  it('a process with HOME: only the warning is turned off, and a value the user set is kept', () => {
    expect(sdkProcessVariables({ HOME: '/home/mike' }, noOsHome)).toEqual({ [WARNING]: 'true' });
    expect(sdkProcessVariables({ HOME: '/home/mike', [WARNING]: 'false' }, noOsHome)).toEqual({});
  });

  it('no HOME but a home the SDK finds itself (USERPROFILE, HOMEPATH, or the OS: Windows, a passwd entry): nothing', () => {
    expect(sdkProcessVariables({ USERPROFILE: 'C:\\Users\\mike', [WARNING]: 'true' }, noOsHome)).toEqual({});
    expect(sdkProcessVariables({ HOMEDRIVE: 'D:', HOMEPATH: '\\mike', [WARNING]: 'true' }, noOsHome)).toEqual({});
    expect(sdkProcessVariables({ [WARNING]: 'true' }, () => 'C:\\Users\\mike')).toEqual({});
    expect(sdkProcessVariables({ [WARNING]: 'true' }, () => '/home/mike')).toEqual({});
  });

  it('no home anywhere: the SDK gets one with no files, and HOME stays unset for eks-login (NO_HOME where it needs one)', () => {
    expect(sdkProcessVariables({ [WARNING]: 'true' }, noOsHome)).toEqual({ USERPROFILE: SDK_HOME_FALLBACK });
    expect(sdkProcessVariables({ [WARNING]: 'true' }, () => '')).toEqual({ USERPROFILE: SDK_HOME_FALLBACK });
  });
});

describe('the SDK reading ~/.aws after prepareProcessForSdk, HOME unset', () => {
  const tempDir = useTempDirs();
  const saved: Record<string, string | undefined> = {};
  const NAMES = ['HOME', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];
  beforeEach(() => {
    for (const name of NAMES) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('finds the profile in %USERPROFILE%\\.aws (Windows without HOME), and the root wrote no HOME', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[profile acme]\nregion = eu-west-1\n');
    process.env.USERPROFILE = home;
    prepareProcessForSdk(process.env, () => home);
    expect(process.env.HOME).toBeUndefined();
    expect(process.env.USERPROFILE).toBe(home);
    expect(getHomeDir()).toBe(home);
    const files = await loadSharedConfigFiles({ ignoreCache: true });
    expect(files.configFile.acme).toEqual({ region: 'eu-west-1' });
  });

  it('with no home at all, reads no files instead of throwing, even with AWS_CONFIG_FILE named', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config'), '[profile acme]\nregion = eu-west-1\n');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    prepareProcessForSdk(process.env, noOsHome);
    expect(process.env.HOME).toBeUndefined();
    expect(process.env.USERPROFILE).toBe(SDK_HOME_FALLBACK);
    // The SDK's lookup stops there: it never reaches os.homedir(), which throws for a uid without a passwd entry.
    expect(getHomeDir()).toBe(SDK_HOME_FALLBACK);
    const files = await loadSharedConfigFiles({ ignoreCache: true });
    expect(files.configFile.acme).toEqual({ region: 'eu-west-1' });
    expect(files.credentialsFile).toEqual({});
  });
});
