// Terminal styling that disappears when colour is off (NO_COLOR set, or stdout not a terminal). Pure.
import type { Env } from '../ports.js';

export interface Style {
  bold(text: string): string;
  ok(text: string): string;
  warn(text: string): string;
  fail(text: string): string;
  dim(text: string): string;
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function colorEnabled(env: Env, stdoutIsTerminal: boolean): boolean {
  return stdoutIsTerminal && !env.NO_COLOR && env.TERM !== 'dumb';
}

export function createStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { bold: wrap(1, 22), ok: wrap(32, 39), warn: wrap(33, 39), fail: wrap(31, 39), dim: wrap(2, 22) };
}

export const plainStyle: Style = createStyle(false);
