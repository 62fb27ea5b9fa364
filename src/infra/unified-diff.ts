// The unified diff `setup --dry-run` (and sync, adopt) prints, from the `diff` package (git-style ---/+++ headers).
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** `command`: what makes the change, for the header (`after eks-login setup`). */
export function unifiedDiff(path: string, before: string, after: string, command = 'setup'): string {
  if (before === after) return '';
  return createTwoFilesPatch(path, path, before, after, 'current', `after eks-login ${command}`, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}
