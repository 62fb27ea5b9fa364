import { defineConfig } from 'vitest/config';

// Two projects, both run by `npm test` (`vitest run`): `unit` runs in-process (pure core, the commands through
// run(argv, ctx), adapters against loopback servers of the test itself, the arch rules); `process` starts whole
// processes (the built CLI, kubectl, moto, the sandbox). `vitest run --project unit` is the fast loop.
const UNIT = [
  'test/unit/**/*.test.ts',
  'test/arch/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/adapters/**/*.test.ts',
];
const PROCESS = ['test/e2e/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/sandbox/**/*.test.ts'];

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/*.live.test.ts'],
    // Every test, and every process it starts, stays on loopback (test/support/loopback-guard.cjs).
    setupFiles: ['test/support/loopback-setup.ts'],
    restoreMocks: true,
    unstubEnvs: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Process-level tests spawn the built CLI and kubectl; two workers match CI's two cores.
    maxWorkers: 2,
    // The AWS SDK warns about Node < 22 on load; the CLI silences it too (src/container/sdk-process.ts).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      { extends: true, test: { name: 'process', include: PROCESS } },
    ],
  },
});
