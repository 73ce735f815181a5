import { describe, expect, it } from 'vitest';
import { FILE_SCHEMAS } from '../../../engine/config/schema/index.ts';
import { fields } from '../../../engine/config/schema/reference.ts';

// The configuration files a user writes by hand: every field is explained in
// docs/reference.md, which is generated from these descriptions.
const USER_FILES = ['ctem', 'scope', 'policy', 'exception', 'inventory'] as const;

describe('the configuration reference', () => {
  it.each(USER_FILES)('documents every field of %s', (kind) => {
    const undocumented = fields(FILE_SCHEMAS[kind] as never)
      .filter(([, s]) => !(s as { description?: string }).description)
      .map(([path]) => path);
    expect(undocumented).toEqual([]);
  });
});
