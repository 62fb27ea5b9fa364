// kubectl sends request bodies as Kubernetes protobuf (application/vnd.kubernetes.protobuf): the "k8s\0"
// magic, a runtime.Unknown envelope, then the object. A real API server accepts that, so the sandbox
// decodes the few kinds kubectl creates here (SelfSubject*Review, Deployment, Pod) into their JSON shape.
// A dozen lines of wire-format reading; no protobuf package needed for read-only use of known fields.

type Field = Buffer | number;

/** Protobuf wire format → field number → values (varints as numbers, length-delimited as Buffers). */
function fields(buf: Buffer): Map<number, Field[]> {
  const out = new Map<number, Field[]>();
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++];
      if (b === undefined) throw new Error('truncated protobuf');
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const type = key & 7;
    let value: Field;
    if (type === 0) value = varint();
    else if (type === 2) {
      const len = varint();
      value = buf.subarray(i, i + len);
      i += len;
    } else if (type === 5) {
      value = buf.readUInt32LE(i);
      i += 4;
    } else if (type === 1) {
      value = Number(buf.readBigUInt64LE(i));
      i += 8;
    } else throw new Error(`unsupported protobuf wire type ${type}`);
    out.set(no, [...(out.get(no) ?? []), value]);
  }
  return out;
}

class Msg {
  private readonly f: Map<number, Field[]>;
  constructor(buf: Buffer | undefined) {
    this.f = fields(buf ?? Buffer.alloc(0));
  }
  str(no: number): string | undefined {
    const v = this.f.get(no)?.[0];
    return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
  }
  num(no: number): number | undefined {
    const v = this.f.get(no)?.[0];
    return typeof v === 'number' ? v : undefined;
  }
  msg(no: number): Msg {
    return new Msg(this.f.get(no)?.[0] as Buffer | undefined);
  }
  has(no: number): boolean {
    return this.f.has(no);
  }
  all(no: number): Msg[] {
    return (this.f.get(no) ?? []).map((v) => new Msg(v as Buffer));
  }
  map(no: number): Record<string, string> | undefined {
    const entries = this.all(no);
    return entries.length ? Object.fromEntries(entries.map((e) => [e.str(1) ?? '', e.str(2) ?? ''])) : undefined;
  }
}

const MAGIC = Buffer.from('k8s\0', 'latin1');

/** Decodes a protobuf request body into the JSON object kubectl would have sent; undefined if unknown. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> | undefined {
  if (!body.subarray(0, 4).equals(MAGIC)) return undefined;
  const unknown = new Msg(body.subarray(4));
  const apiVersion = unknown.msg(1).str(1) ?? '';
  const kind = unknown.msg(1).str(2) ?? '';
  const raw = unknown.msg(2);
  const meta = (m: Msg): Record<string, unknown> =>
    clean({ name: m.str(1), generateName: m.str(2), namespace: m.str(3), labels: m.map(11), annotations: m.map(12) });
  const podSpec = (m: Msg): Record<string, unknown> => ({
    containers: m.all(2).map((c) => clean({ name: c.str(1), image: c.str(2) })),
  });
  const head = { apiVersion, kind };
  switch (kind) {
    case 'SelfSubjectReview':
      return { ...head, metadata: {} };
    case 'SelfSubjectAccessReview': {
      const spec = raw.msg(2);
      const r = spec.msg(1);
      const n = spec.msg(2);
      const resourceAttributes = clean({
        namespace: r.str(1),
        verb: r.str(2),
        group: r.str(3),
        version: r.str(4),
        resource: r.str(5),
        subresource: r.str(6),
        name: r.str(7),
      });
      return {
        ...head,
        spec: spec.has(2)
          ? { nonResourceAttributes: clean({ path: n.str(1), verb: n.str(2) }) }
          : { resourceAttributes },
      };
    }
    case 'SelfSubjectRulesReview':
      return { ...head, spec: clean({ namespace: raw.msg(2).str(1) }) };
    case 'Pod':
      return { ...head, metadata: meta(raw.msg(1)), spec: podSpec(raw.msg(2)) };
    case 'Deployment': {
      const spec = raw.msg(2);
      const template = spec.msg(3);
      return {
        ...head,
        metadata: meta(raw.msg(1)),
        spec: clean({
          replicas: spec.num(1),
          selector: clean({ matchLabels: spec.msg(2).map(1) }),
          template: { metadata: meta(template.msg(1)), spec: podSpec(template.msg(2)) },
        }),
      };
    }
    default:
      return undefined;
  }
}

function clean(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
