/** The JSON Schema files editors use, rendered from the same definitions ajv validates with. */
import { FILE_SCHEMAS } from './index.ts';

export function renderSchemaFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [kind, schema] of Object.entries(FILE_SCHEMAS)) {
    const doc = { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(schema)) };
    out.set(`${kind}.schema.json`, JSON.stringify(doc, null, 2) + '\n');
  }
  return out;
}
