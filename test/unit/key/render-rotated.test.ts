// The last line of key rotate: keys masked to their last 4 characters, one bundle or several.
import { describe, expect, it } from 'vitest';
import { renderRotated } from '../../../src/key/render-rotated.js';

describe(renderRotated.name, () => {
  it('masks both keys to their last 4 characters and names the bundle', () => {
    const line = renderRotated({
      oldKeyId: 'AKIAOLDOLDOLDOLD0001',
      newKeyId: 'AKIANEWNEWNEWNEW0002',
      bundles: ['acme'],
    });
    expect(line).toBe('access key rotated: …0001 → …0002 for bundle acme\n');
    expect(line).not.toContain('AKIA');
  });

  it('bundles sharing the key (setup --reuse-key): plural, comma-separated', () => {
    expect(
      renderRotated({ oldKeyId: 'AKIAOLDOLDOLDOLD0001', newKeyId: 'AKIANEWNEWNEWNEW0002', bundles: ['acme', 'beta'] }),
    ).toBe('access key rotated: …0001 → …0002 for bundles acme, beta\n');
  });
});
