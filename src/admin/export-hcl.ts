// A small HCL writer for `admin export --format terraform`: blocks, attributes, strings, lists, maps and
// heredocs, laid out as `terraform fmt` lays them out (two-space indent, `=` aligned in runs of one-line
// attributes), so the output is reviewable as is and the same bytes every time.
import { hasSymbols, splitSymbols, type ExportSymbol } from './export-model.js';

/** An expression written as is (a reference such as `aws_iam_group.developers.name`). */
export class Expr {
  constructor(readonly text: string) {}
}

/** A multi-line string (policy JSON), written as an indented heredoc. */
export class Heredoc {
  constructor(readonly text: string) {}
}

export type HclValue = string | number | boolean | Expr | Heredoc | HclValue[] | HclMap;
export interface HclMap {
  [key: string]: HclValue;
}

export type Item = [string, HclValue] | Block | { comment: string[] };

export class Block {
  constructor(
    readonly type: string,
    readonly labels: string[],
    readonly body: Item[],
  ) {}
}

/** How the renderer writes a symbol inside a template, e.g. `data.aws_partition.current.partition`. */
export type SymbolRef = (symbol: ExportSymbol) => string;

export class HclWriter {
  constructor(private readonly ref: SymbolRef) {}

  /** Top-level items separated by blank lines. */
  file(items: Array<Block | { comment: string[] }>): string {
    return `${items.map((item) => this.item(item, '').join('\n')).join('\n\n')}\n`;
  }

  private item(item: Item, indent: string): string[] {
    if (item instanceof Block) return this.block(item, indent);
    if (!Array.isArray(item)) return item.comment.map((line) => `${indent}#${line === '' ? '' : ` ${line}`}`);
    return this.attribute(item[0], item[1], indent, 0);
  }

  private block(block: Block, indent: string): string[] {
    const head = [block.type, ...block.labels.map((l) => JSON.stringify(l))].join(' ');
    if (block.body.length === 0) return [`${indent}${head} {}`];
    const inner = `${indent}  `;
    const lines: string[] = [];
    // Runs of one-line attributes get their `=` aligned; a block or a multi-line value ends a run.
    let run: Array<[string, HclValue]> = [];
    const flush = (): void => {
      const width = Math.max(0, ...run.map(([k]) => k.length));
      for (const [k, v] of run) lines.push(...this.attribute(k, v, inner, width));
      run = [];
    };
    block.body.forEach((item, index) => {
      if (Array.isArray(item) && this.oneLine(item[1])) return void run.push(item);
      // A heredoc's first line still belongs to the run above it; the run ends after it.
      if (Array.isArray(item) && item[1] instanceof Heredoc) return void (run.push(item), flush());
      flush();
      if (item instanceof Block && index > 0) lines.push('');
      lines.push(...this.item(item, inner));
      if (item instanceof Block && index < block.body.length - 1) lines.push('');
    });
    flush();
    return [`${indent}${head} {`, ...lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')), `${indent}}`];
  }

  private oneLine(value: HclValue): boolean {
    if (value instanceof Heredoc) return false;
    if (Array.isArray(value))
      return value.every(
        (v) => this.oneLine(v) && !(v !== null && typeof v === 'object' && !(v instanceof Expr) && !Array.isArray(v)),
      );
    if (value !== null && typeof value === 'object' && !(value instanceof Expr)) return Object.keys(value).length === 0;
    return true;
  }

  private attribute(key: string, value: HclValue, indent: string, width: number): string[] {
    const name = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
    const lead = `${indent}${name.padEnd(width)} = `;
    const lines = this.value(value, indent);
    return [`${lead}${lines[0]}`, ...lines.slice(1)];
  }

  /** A value's lines; the first continues the attribute's line, the others carry their own indent. */
  private value(value: HclValue, indent: string): string[] {
    if (value instanceof Expr) return [value.text];
    if (value instanceof Heredoc) {
      const body = `${indent}  `;
      return [
        '<<-EOT',
        ...this.template(value.text, false)
          .split('\n')
          .map((l) => (l === '' ? '' : `${body}${l}`)),
        `${indent}EOT`,
      ];
    }
    if (typeof value === 'string') return [this.string(value)];
    if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
    if (Array.isArray(value)) {
      if (this.oneLine(value)) return [`[${value.map((v) => this.value(v, indent)[0]).join(', ')}]`];
      const inner = `${indent}  `;
      const lines = ['['];
      for (const v of value) {
        const vl = this.value(v, inner);
        lines.push(`${inner}${vl[0]}`, ...vl.slice(1));
        lines[lines.length - 1] += ',';
      }
      lines.push(`${indent}]`);
      return lines;
    }
    const entries = Object.entries(value);
    if (entries.length === 0) return ['{}'];
    const inner = `${indent}  `;
    const lines = ['{'];
    // As in a block: `=` aligned in runs of one-line entries.
    let run: Array<[string, HclValue]> = [];
    const flush = (): void => {
      const width = Math.max(
        0,
        ...run.map(([k]) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k)).length),
      );
      for (const [k, v] of run) lines.push(...this.attribute(k, v, inner, width));
      run = [];
    };
    for (const [k, v] of entries) {
      if (this.oneLine(v)) run.push([k, v]);
      else {
        flush();
        lines.push(...this.attribute(k, v, inner, 0));
      }
    }
    flush();
    lines.push(`${indent}}`);
    return lines;
  }

  /** A quoted string: JSON escapes, template sequences escaped, symbols as interpolations. */
  string(text: string): string {
    const parts = splitSymbols(text);
    // A string that is one reference is written as the bare expression, as `terraform fmt` would.
    if (parts.length === 1 && typeof parts[0] !== 'string') return this.ref(parts[0]!);
    return `"${this.template(text, true)}"`;
  }

  private template(text: string, quoted: boolean): string {
    const escape = (s: string): string => {
      const t = quoted ? JSON.stringify(s).slice(1, -1) : s;
      return t.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
    };
    if (!hasSymbols(text)) return escape(text);
    return splitSymbols(text)
      .map((part) => (typeof part === 'string' ? escape(part) : `\${${this.ref(part)}}`))
      .join('');
  }
}
