import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.live.test.ts'],
    // Every test, and every process it starts, stays on loopback (test/support/loopback-guard.cjs).
    setupFiles: ['test/support/loopback-setup.ts'],
    restoreMocks: true,
    unstubEnvs: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Process-level tests spawn the built CLI and kubectl; two workers match CI's two cores.
    maxWorkers: 2,
    // The AWS SDK warns about Node < 22 on load; the CLI silences it too (adapters/sdk-client.ts).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
