/**
 * Render the field-by-field configuration reference (docs/reference.md) from the
 * same schemas ajv validates with, so the documentation cannot drift from the code.
 */
import { FILE_SCHEMAS, type FileKind } from './index.ts';

interface Schema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  patternProperties?: Record<string, Schema>;
  title?: string;
}

const FILES: Record<FileKind, { path: string; intro: string }> = {
  ctem: { path: '`ctem.yaml`', intro: 'The root of an exposure repository: where inputs are and how a run behaves.' },
  scope: { path: '`scopes/*.yaml`', intro: 'One business scope per file: which assets, who owns them, how much they matter.' },
  policy: { path: '`policies/*.yaml`', intro: 'Prioritisation rules and mobilisation routes. Files are evaluated in file-name order.' },
  exception: { path: '`exceptions/*.yaml`', intro: 'Approved departures from policy, each with an expiry.' },
  inventory: { path: 'inventory YAML (`inventory-yaml` connector)', intro: 'Assets, their aliases, tags and repository.' },
  'policy-test': { path: '`policies/*.test.yaml`', intro: 'Policy test cases, run by `ctem test` (docs/policy.md).' },
  validation: { path: '`validations/*.yaml`', intro: 'Manual validation records: who showed an exposure exploitable or not, when, with what evidence (docs/validation.md).' },
};

export function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object' && !s.properties && s.patternProperties) return 'map';
  if (s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object') return `map of ${typeOf(s.additionalProperties)}`;
  if (s.type === 'object' && !s.properties) return 'map';
  if (Array.isArray(s.type)) return s.type.join(' \\| ');
  return s.type ?? 'any JSON value';
}

/** Every documented field: [dotted path, schema, required]. Lists are shown as `name[]`. */
export function fields(schema: Schema, prefix = ''): [string, Schema, boolean][] {
  const out: [string, Schema, boolean][] = [];
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    if (name === '$schema') continue;
    const path = prefix ? `${prefix}.${name}` : name;
    out.push([path, s, (schema.required ?? []).includes(name)]);
    if (s.properties) out.push(...fields(s, path));
    if (s.items?.properties) out.push(...fields(s.items, `${path}[]`));
  }
  return out;
}

export function renderReference(): string {
  const lines = [
    '# Configuration reference',
    '',
    'Generated from `engine/config/schema/` by `npm run schemas`; do not edit by hand.',
    'The guide with examples is [configuration.md](configuration.md).',
    '',
  ];
  for (const [kind, schema] of Object.entries(FILE_SCHEMAS) as [FileKind, Schema][]) {
    const f = FILES[kind];
    lines.push(`## ${f.path}`, '', f.intro, '', `Schema: \`schemas/${kind}.schema.json\``, '', '| field | type | required | description |', '|---|---|---|---|');
    for (const [path, s, required] of fields(schema)) {
      const desc = (s.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
      lines.push(`| \`${path}\` | ${typeOf(s)} | ${required ? 'yes' : ''} | ${desc} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
