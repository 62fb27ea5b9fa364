// @aws-sdk/client-iam and @aws-sdk/client-eks are loaded only by `eks-login admin`: nothing the full CLI
// (dist/main.js) or the token cache miss (dist/token-miss.js) loads statically contains them, and in the
// source only src/admin (and key/iam-gateway.node.ts for key rotate) imports them. The sandbox
// (packages/sandbox), which emulates and reads IAM, is not part of the CLI's build.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMeta, staticClosure } from '../support/build-meta.js';

const root = join(import.meta.dirname, '..', '..');
const ADMIN_CLIENTS = /node_modules\/@aws-sdk\/client-(iam|eks)\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('IAM and EKS SDK clients stay out of every other command', () => {
  it.each(['dist/main.js', 'dist/token-miss.js', 'bin/eks-login'])('%s does not load them statically', (output) => {
    const inputs = [...staticClosure(output)].flatMap((o) => Object.keys(buildMeta.outputs[o]!.inputs));
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((i) => ADMIN_CLIENTS.test(i))).toEqual([]);
  });

  it('are bundled (for the admin commands) and imported only by src/admin and iam-gateway', () => {
    expect(Object.values(buildMeta.outputs).some((o) => Object.keys(o.inputs).some((i) => ADMIN_CLIENTS.test(i)))).toBe(
      true,
    );
    const importers = sourceFiles(join(root, 'src'))
      .filter((f) => /from ['"]@aws-sdk\/client-(iam|eks)['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(join(root, 'src'), f).split('\\').join('/'));
    // key/iam-gateway.node.ts: `eks-login key rotate` (IAM CreateAccessKey/DeleteAccessKey), imported lazily by that command only.
    expect(importers.filter((f) => !f.startsWith('admin/') && f !== 'key/iam-gateway.node.ts')).toEqual([]);
  });
});
