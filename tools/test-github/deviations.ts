/**
 * Places where GitHub's description disagrees with what GitHub sends (as shown by
 * GitHub's own examples), patched here so that real-shaped data is not reported as a
 * violation. Each entry widens one schema as little as possible and says why; a
 * client must cope with both forms, so these are worth knowing about beyond this file.
 */

export interface Deviation {
  /** Component schema name (`#/components/schemas/<name>`). */
  component: string;
  /** Property path inside the component's `properties`. */
  property: string[];
  /** The schema used instead (OpenAPI 3.0 dialect, before conversion). */
  schema: Record<string, unknown>;
  why: string;
}

export const DEVIATIONS: Deviation[] = [
  {
    component: 'security-advisory-epss',
    property: ['percentile'],
    schema: { anyOf: [{ type: 'number', minimum: 0, maximum: 100 }, { type: 'string', pattern: '^[0-9.eE+-]+$' }] },
    why:
      'The description says number, but every Dependabot alert example GitHub publishes has "percentile": "0.16001e0" (a string). ' +
      'A Dependabot consumer must accept a numeric string here.',
  },
  {
    component: 'issue-search-result-item',
    property: ['body'],
    schema: { type: 'string', nullable: true },
    why:
      'The search item describes `body` as a string, while the issue it is a view of (`issue`) has a nullable body: ' +
      'an issue opened without a description has `"body": null` in both. A search consumer must accept null here.',
  },
];

/** A copy of `schema` with the deviations for `component` applied. */
export function applyDeviations(component: string, schema: unknown): unknown {
  const mine = DEVIATIONS.filter((d) => d.component === component);
  if (mine.length === 0) return schema;
  const copy = structuredClone(schema) as Record<string, unknown>;
  for (const d of mine) {
    let node = copy;
    for (const key of d.property.slice(0, -1)) node = (node.properties as Record<string, Record<string, unknown>>)[key] as Record<string, unknown>;
    (node.properties as Record<string, unknown>)[d.property[d.property.length - 1] as string] = d.schema;
  }
  return copy;
}
