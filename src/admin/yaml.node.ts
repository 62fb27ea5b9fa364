// js-yaml for aws-auth's mapRoles (YAML text inside the ConfigMap); output in the usual block style.
import { dump, load } from 'js-yaml';
import type { YamlCodec } from '../kernel/admin-ports.js';

export const yamlCodec: YamlCodec = {
  parse: (text) => load(text),
  dump: (value) => dump(value, { noRefs: true, lineWidth: -1 }),
};
