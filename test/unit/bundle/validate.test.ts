// Bundle validation: a valid bundle passes; every case of the bad-bundle corpus reports exactly its
// problems (path + expectation); several problems are reported together.
import { describe, expect, it } from 'vitest';
import { jsonInspector } from '../../../src/bundle/json-inspector.node.js';
import { inspectPemCertificates } from '../../../src/infra/x509.js';
import { checkBundleText, parseBundle } from '../../../src/bundle/parse.js';
import { formatProblems } from '../../../src/bundle/problems.js';
import { validateBundle } from '../../../src/bundle/validate.js';
import { ConfigError } from '../../../src/kernel/errors.js';
import { BAD_BUNDLES, badBundle } from '../../support/bad-bundles.js';
import { CA2_PEM, CA_PEM, sampleBundle } from '../../support/bundles.js';

describe(validateBundle.name, () => {
  it('accepts the sample bundle', () => {
    expect(validateBundle(sampleBundle(), inspectPemCertificates)).toEqual({ bundle: sampleBundle(), problems: [] });
  });

  it('accepts a CA of two certificates (a rotation)', () => {
    const bundle = sampleBundle();
    bundle.clusters[0]!.certificateAuthorityData = Buffer.from(CA_PEM + CA2_PEM).toString('base64');
    expect(validateBundle(bundle, inspectPemCertificates).problems).toEqual([]);
  });

  it.each(BAD_BUNDLES.map((c) => [c.name, c] as const))('%s', (_name, entry) => {
    const lines = formatProblems(validateBundle(badBundle(entry), inspectPemCertificates).problems);
    expect(lines).toHaveLength(entry.problems.length);
    entry.problems.forEach((expected, i) => {
      if (expected.startsWith('^')) expect(lines[i]).toMatch(new RegExp(expected));
      else expect(lines[i]).toBe(expected);
    });
  });

  it('reports every problem at once', () => {
    const bundle = badBundle(BAD_BUNDLES.find((c) => c.name === 'http endpoint')!);
    bundle.groups[0].sessionDurationSeconds = 5;
    bundle.kind = 'bundle';
    expect(formatProblems(validateBundle(bundle, inspectPemCertificates).problems)).toEqual([
      'kind: must be "Bundle" (got "bundle")',
      'clusters[1].endpoint: must be an https URL (got http)',
      'groups[0].sessionDurationSeconds: must be a whole number of seconds from 900 to 43200 (got 5)',
    ]);
  });
});

describe(parseBundle.name, () => {
  it('names the line and column of a JSON syntax error', () => {
    const { problems } = checkBundleText('{\n  "name": "x",\n}\n', 18, inspectPemCertificates);
    expect(formatProblems(problems)).toEqual([
      expect.stringMatching(
        /^\(file\): is not valid JSON at line 3 column 1: .+ \(comments and trailing commas are not allowed\)$/,
      ),
    ]);
  });

  it('names the line and column of an unexpected token, which Node 20 does not give', () => {
    const text = '{\n  "apiVersion": "eks-login/v1",\n  "kind",,\n}\n';
    expect(formatProblems(checkBundleText(text, text.length, inspectPemCertificates, jsonInspector).problems)).toEqual([
      `(file): is not valid JSON at line 3 column 9: Unexpected token ',' (comments and trailing commas are not allowed)`,
    ]);
  });

  it('reports a key repeated in one object with its path (JSON.parse would keep the last silently)', () => {
    const good = JSON.stringify(sampleBundle(), null, 2);
    const text = good
      .replace('"region": "eu-west-1",', '"endpoint": "http://elsewhere", "region": "eu-west-1",')
      .replace('"kind": "Bundle",', '"kind": "Bundle", "kind": "Bundle",');
    expect(formatProblems(checkBundleText(text, text.length, inspectPemCertificates, jsonInspector).problems)).toEqual([
      'kind: appears twice in the same object; JSON keeps only the last one, so remove the other',
      'clusters[0].endpoint: appears twice in the same object; JSON keeps only the last one, so remove the other',
    ]);
    expect(checkBundleText(good, good.length, inspectPemCertificates, jsonInspector)).toMatchObject({ problems: [] });
  });

  it('text nested 100,000 deep is a problem report, not a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const valid = `{"x": ${deep}}`;
    expect(
      formatProblems(checkBundleText(valid, valid.length, inspectPemCertificates, jsonInspector).problems),
    ).toContain(
      'x: unknown field (allowed here: $schema, apiVersion, kind, name, clusters, groups, contextNameTemplate)',
    );
    const broken = `{"x": ${'['.repeat(100_000)}}`;
    expect(
      formatProblems(checkBundleText(broken, broken.length, inspectPemCertificates, jsonInspector).problems),
    ).toEqual([expect.stringMatching(/^\(file\): is not valid JSON at /)]);
  });

  it('refuses more than 1 MiB before parsing', () => {
    expect(formatProblems(checkBundleText('{}', 1024 * 1024 + 1, inspectPemCertificates).problems)).toEqual([
      '(file): is 1048577 bytes; a bundle may be at most 1 MiB (1048576 bytes)',
    ]);
  });

  it('throws one ConfigError (exit 3) listing the problems, with a hint', () => {
    const text = JSON.stringify(badBundle(BAD_BUNDLES[0]!));
    let error: unknown;
    try {
      parseBundle(text, text.length, 'acme.json', inspectPemCertificates);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(3);
    expect((error as ConfigError).message).toBe(
      'invalid bundle acme.json (2 problems):\n  apiVersion: must be "eks-login/v1" (got "eks-login/v2")\n  kind: must be "Bundle" (got "Config")',
    );
    expect((error as ConfigError).hint).toContain('eks-login bundle validate acme.json');
  });
});
