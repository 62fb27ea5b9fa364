// docs/bundle.schema.json agrees with the validator: examples/bundle.json passes both, and every
// structural case of the bad-bundle corpus is rejected by the schema too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { inspectPemCertificates } from '../../../src/infra/x509.js';
import { validateBundle } from '../../../src/bundle/validate.js';
import { BAD_BUNDLES, badBundle } from '../../support/bad-bundles.js';
import { sampleBundle } from '../../support/bundles.js';

const root = join(import.meta.dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'docs', 'bundle.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

describe('docs/bundle.schema.json', () => {
  it('accepts examples/bundle.json and the sample bundle, like the validator', () => {
    const example = JSON.parse(readFileSync(join(root, 'examples', 'bundle.json'), 'utf8')) as unknown;
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validateBundle(example, inspectPemCertificates).problems).toEqual([]);
    expect(validate(sampleBundle())).toBe(true);
  });

  it.each(BAD_BUNDLES.filter((c) => !c.semanticOnly).map((c) => [c.name, c] as const))(
    'rejects: %s',
    (_name, entry) => {
      expect(validate(badBundle(entry))).toBe(false);
    },
  );
});
