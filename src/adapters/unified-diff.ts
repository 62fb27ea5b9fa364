// The unified diff `setup --dry-run` prints, from the `diff` package (git-style ---/+++ headers).
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(path, path, before, after, 'current', 'after eks-login setup', { context: 3, headerOptions: FILE_HEADERS_ONLY });
}
