// The platform rules (kernel/platform.ts) for Linux, macOS and Windows, each run here with the platform
// injected: kubeconfig location and list separator, eks-login's own directories, path spelling, PATH
// lookup names, terminals, keychain limits.
import { describe, expect, it } from 'vitest';
import { locateKubeconfig } from '../../../src/kubeconfig/locate.js';
import { resolvePaths } from '../../../src/kernel/paths.js';
import { platformOf } from '../../../src/kernel/platform.js';
import { warmCacheDir, warmPlace } from '../../../src/token-lane/warm-paths.js';

const linux = platformOf('linux');
const darwin = platformOf('darwin');
const win32 = platformOf('win32');
const noHome = () => {
  throw new Error('home asked for');
};

describe('kubeconfig location', () => {
  it.each([
    [linux, { HOME: '/home/jane' }, '/home/jane/.kube/config'],
    [darwin, { HOME: '/Users/jane' }, '/Users/jane/.kube/config'],
    [win32, { USERPROFILE: 'C:\\Users\\Jane Doe' }, 'C:\\Users\\Jane Doe\\.kube\\config'],
    [win32, { HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\jane' }, 'D:\\Users\\jane\\.kube\\config'],
  ])('%# default: ~/.kube/config, %%USERPROFILE%%\\.kube\\config on Windows', (platform, env, expected) => {
    expect(locateKubeconfig(env, noHome, undefined, '/', platform)).toEqual({ paths: [expected], source: 'default' });
  });

  it('Windows: the home comes from os.homedir() when the environment names none', () => {
    expect(locateKubeconfig({}, () => 'C:\\Users\\svc', undefined, 'C:\\', win32).paths).toEqual([
      'C:\\Users\\svc\\.kube\\config',
    ]);
  });

  it('KUBECONFIG is split on ":" on Linux and macOS, on ";" on Windows (a drive letter has a colon)', () => {
    expect(locateKubeconfig({ KUBECONFIG: '/a/one:/b/two' }, noHome, undefined, '/', darwin).paths).toEqual([
      '/a/one',
      '/b/two',
    ]);
    expect(
      locateKubeconfig({ KUBECONFIG: 'C:\\kube\\one;D:\\two;;C:\\kube\\one' }, noHome, undefined, 'C:\\', win32).paths,
    ).toEqual(['C:\\kube\\one', 'D:\\two']);
  });

  it('relative entries and --kubeconfig are made absolute against the cwd in the platform spelling', () => {
    expect(
      locateKubeconfig(
        { KUBECONFIG: 'conf\\..\\kc;\\shared\\kc' },
        noHome,
        undefined,
        'C:\\Users\\Jane Doe\\work',
        win32,
      ).paths,
    ).toEqual(['C:\\Users\\Jane Doe\\work\\kc', 'C:\\shared\\kc']);
    expect(locateKubeconfig({}, noHome, 'sub/./kc', 'c:/projects', win32).paths).toEqual(['C:\\projects\\sub\\kc']);
    expect(locateKubeconfig({}, noHome, '../kc', '/home/jane/work', linux).paths).toEqual(['/home/jane/kc']);
    expect(locateKubeconfig({}, noHome, '\\\\server\\share\\kube\\..\\config', 'C:\\', win32).paths).toEqual([
      '\\\\server\\share\\config',
    ]);
  });
});

describe("eks-login's directories", () => {
  it('XDG layout under the home of each platform, in its spelling', () => {
    expect(resolvePaths({ HOME: '/Users/jane' }, noHome, darwin).cacheDir).toBe('/Users/jane/.cache/eks-login');
    expect(resolvePaths({ USERPROFILE: 'C:\\Users\\Jane Doe' }, noHome, win32)).toEqual({
      configDir: 'C:\\Users\\Jane Doe\\.config\\eks-login',
      setupsDir: 'C:\\Users\\Jane Doe\\.config\\eks-login\\bundles',
      secretsFile: 'C:\\Users\\Jane Doe\\.config\\eks-login\\secrets.json',
      cacheDir: 'C:\\Users\\Jane Doe\\.cache\\eks-login',
    });
    expect(resolvePaths({ XDG_CACHE_HOME: 'D:\\cache', USERPROFILE: 'C:\\Users\\j' }, noHome, win32).cacheDir).toBe(
      'D:\\cache\\eks-login',
    );
  });
});

describe("the warm path's entry finds the token cache directory with the POSIX rules alone", () => {
  it.each([
    ['linux', { HOME: '/home/jane' }],
    ['darwin', { HOME: '/Users/jane/' }],
    ['linux', { HOME: '/home/jane', XDG_CACHE_HOME: '/var/cache//jane/' }],
    ['freebsd', { HOME: '/usr/home/jane', XDG_CACHE_HOME: '' }],
    ['linux', { HOME: '', XDG_CACHE_HOME: '/tmp/c' }],
    ['linux', {}],
    ['win32', { USERPROFILE: 'C:\\Users\\Jane', HOME: '/c/Users/Jane' }],
  ] as const)('%s %j: where the hit finds it, and none on Windows or without a home', (platform, env) => {
    const proc = { platform, env } as unknown as NodeJS.Process;
    const place = warmPlace(proc);
    expect(warmCacheDir(proc)).toBe(place?.posixModes ? place.paths.cacheDir : undefined);
  });
});

describe('the rest of the platform facts', () => {
  it('absolute paths', () => {
    expect([linux.isAbsolute('/usr/bin/node'), linux.isAbsolute('C:\\node.exe')]).toEqual([true, false]);
    expect([
      win32.isAbsolute('C:\\Program Files\\nodejs\\node.exe'),
      win32.isAbsolute('c:/x'),
      win32.isAbsolute('\\\\srv\\share\\x'),
      win32.isAbsolute('\\x'),
      win32.isAbsolute('x'),
    ]).toEqual([true, true, true, false, false]);
  });

  it('the names a command has on PATH: PATHEXT on Windows', () => {
    expect(linux.executableNames('node', {})).toEqual(['node']);
    expect(win32.executableNames('node', { PATHEXT: '.COM;.EXE;.CMD' })).toEqual(['node.com', 'node.exe', 'node.cmd']);
    expect(win32.executableNames('node.exe', {})).toEqual(['node.exe']);
  });

  it('terminals, file modes and keychains', () => {
    expect([linux.terminal, darwin.terminal, win32.terminal]).toEqual([
      { input: '/dev/tty', output: '/dev/tty' },
      { input: '/dev/tty', output: '/dev/tty' },
      { input: 'CONIN$', output: 'CONOUT$' },
    ]);
    expect([linux.posixModes, darwin.posixModes, win32.posixModes]).toEqual([true, true, false]);
    expect([linux.keychainValueLimit, darwin.keychainValueLimit, win32.keychainValueLimit]).toEqual([
      undefined,
      undefined,
      1280,
    ]);
    expect([linux.keychainName, darwin.keychainName, win32.keychainName]).toEqual([
      'Secret Service',
      'macOS Keychain',
      'Windows Credential Manager',
    ]);
    expect(platformOf('freebsd').name).toBe('linux');
    expect([
      linux.browserCommand('https://x/?a=1&b=2'),
      darwin.browserCommand('https://x/'),
      win32.browserCommand('https://x/?a=1&b=2'),
    ]).toEqual([
      ['xdg-open', ['https://x/?a=1&b=2']],
      ['open', ['https://x/']],
      ['cmd', ['/c', 'start', '""', 'https://x/?a=1^&b=2']],
    ]);
    expect([linux.keychainPromptNote, win32.keychainPromptNote]).toEqual([undefined, undefined]);
    expect(darwin.keychainPromptNote).toMatch(/"node".*Always Allow.*Node\.js upgrade/);
  });
});
