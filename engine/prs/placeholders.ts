/**
 * `{{name}}` placeholders in playbook text, filled from an allow-list of fields.
 * Deliberately not Handlebars: no helpers, no paths into objects, no expressions —
 * only a fixed set of names, each mapped to a value that was checked to be a plain
 * package name or version (scanner data is untrusted, and it is about to be written
 * into a Dockerfile or a manifest). Pure; no regular expressions built from input.
 */

export const PLACEHOLDERS = ['asset', 'repository', 'package.name', 'package.installed_version', 'package.fixed_version', 'package.ecosystem'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/** What a package name or a version may look like to be written into a file. */
const SAFE = {
  name: /^[A-Za-z0-9@][A-Za-z0-9@/._:+-]{0,213}$/,
  version: /^[A-Za-z0-9][A-Za-z0-9._+~:-]{0,63}$/,
  id: /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,199}$/,
};

const KIND: Record<Placeholder, keyof typeof SAFE> = {
  asset: 'id',
  repository: 'id',
  'package.name': 'name',
  'package.installed_version': 'version',
  'package.fixed_version': 'version',
  'package.ecosystem': 'name',
};

/** Keep only values that are safe to write into a file; others are left out (and the edit is skipped). */
export function safeValues(values: PlaceholderValues): PlaceholderValues {
  const out: PlaceholderValues = {};
  for (const p of PLACEHOLDERS) {
    const v = Object.hasOwn(values, p) ? values[p] : undefined;
    if (typeof v === 'string' && SAFE[KIND[p]].test(v)) out[p] = v;
  }
  return out;
}

export type FillResult = { text: string } | { missing: string };

/** Replace each `{{ name }}`; an unknown name, or one without a (safe) value, fails with its name. */
export function fill(template: string, values: PlaceholderValues): FillResult {
  let out = '';
  let at = 0;
  for (;;) {
    const open = template.indexOf('{{', at);
    if (open < 0) break;
    const close = template.indexOf('}}', open + 2);
    if (close < 0) break;
    const name = template.slice(open + 2, close).trim();
    const known = (PLACEHOLDERS as readonly string[]).includes(name);
    const value = known && Object.hasOwn(values, name) ? values[name as Placeholder] : undefined;
    if (value === undefined) return { missing: name };
    out += template.slice(at, open) + value;
    at = close + 2;
  }
  return { text: out + template.slice(at) };
}

/** Every placeholder name a template uses that is not on the list. */
export function unknownPlaceholders(template: string): string[] {
  const bad: string[] = [];
  let at = 0;
  for (;;) {
    const open = template.indexOf('{{', at);
    if (open < 0) return bad;
    const close = template.indexOf('}}', open + 2);
    if (close < 0) return bad;
    const name = template.slice(open + 2, close).trim();
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) bad.push(name);
    at = close + 2;
  }
}
