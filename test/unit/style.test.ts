import { describe, expect, it } from 'vitest';
import { colorEnabled, createStyle } from '../../src/kernel/format/style.js';
import { renderDoctor } from '../../src/diagnose/doctor/render-doctor.js';
import { result } from '../../src/diagnose/doctor/check.js';

describe(colorEnabled.name, () => {
  it('colours only a terminal, and never with NO_COLOR or TERM=dumb', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorEnabled({ TERM: 'dumb' }, true)).toBe(false);
  });

  it('a plain style leaves the report free of escape codes; a coloured one marks ✔ and ✘', () => {
    const report = {
      context: 'c',
      ok: false,
      checks: [result('clock', 'ok', 'in step'), result('token', 'fail', 'no', 'do this')],
    };
    expect(renderDoctor(report, createStyle(false))).not.toContain('\u001b[');
    const coloured = renderDoctor(report, createStyle(true));
    expect(coloured).toContain('\u001b[32m✔\u001b[39m');
    expect(coloured).toContain('\u001b[31m✘\u001b[39m');
  });
});
