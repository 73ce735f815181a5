/** Every file kind with its schema; scripts/write-schemas.ts writes them to schemas/ for editors. */
import { CtemConfigSchema } from './ctem.ts';
import { ExceptionFileSchema } from './exception.ts';
import { InventoryFileSchema } from './inventory.ts';
import { PolicySchema } from './policy.ts';
import { ScopeSchema } from './scope.ts';

export const FILE_SCHEMAS = {
  ctem: CtemConfigSchema,
  scope: ScopeSchema,
  policy: PolicySchema,
  exception: ExceptionFileSchema,
  inventory: InventoryFileSchema,
} as const;
export type FileKind = keyof typeof FILE_SCHEMAS;
