/** Every file kind with its schema; scripts/write-schemas.ts writes them to schemas/ for editors. */
import { CtemConfigSchema } from './ctem.ts';
import { ExceptionFileSchema } from './exception.ts';
import { InventoryFileSchema } from './inventory.ts';
import { PolicySchema } from './policy.ts';
import { PolicyTestFileSchema } from './policy-test.ts';
import { ScopeSchema } from './scope.ts';
import { ValidationFileSchema } from './validation.ts';

export const FILE_SCHEMAS = {
  ctem: CtemConfigSchema,
  scope: ScopeSchema,
  policy: PolicySchema,
  exception: ExceptionFileSchema,
  inventory: InventoryFileSchema,
  'policy-test': PolicyTestFileSchema,
  validation: ValidationFileSchema,
} as const;
export type FileKind = keyof typeof FILE_SCHEMAS;
