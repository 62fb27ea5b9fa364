// What JSON.parse does not tell: where a syntax error is (Node 20 omits the position for many errors) and
// keys repeated in one object (JSON.parse silently keeps the last). jsonc-parser (VS Code's JSON scanner)
// gives offsets and a tree; a hand-written scanner would duplicate it.
import { getNodePath, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { JsonInspector } from './parse.js';

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** jsonc-parser recurses per nesting level: text nested thousands deep overflows the stack. Such a bundle
 *  fails validation anyway (no field of a bundle is deep), so the details are skipped then. */
function unlessTooDeep<T>(work: () => T, otherwise: T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError) return otherwise;
    throw error;
  }
}

function repeated(node: Node, found: Array<Array<string | number>>): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const key = property.children?.[0]?.value as string;
      if (seen.has(key)) found.push(getNodePath(property.children![0]!));
      seen.add(key);
    }
  }
  for (const child of node.children ?? []) repeated(child, found);
}

export const jsonInspector: JsonInspector = {
  syntaxError(text) {
    const errors: ParseError[] = [];
    unlessTooDeep(() => parseTree(text, errors, STRICT), undefined);
    const first = errors[0];
    return first && { offset: first.offset, reason: printParseErrorCode(first.error) };
  },
  duplicateKeys(text) {
    const found: Array<Array<string | number>> = [];
    return unlessTooDeep(() => {
      const tree = parseTree(text, [], STRICT);
      if (tree) repeated(tree, found);
      return found;
    }, []);
  },
};
