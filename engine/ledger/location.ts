/** Where the ledger is, from ctem.yaml's `ledger:` section: a branch (the default) or a directory. Pure. */
import type { CtemConfig } from '../config/schema/ctem.ts';
import { CtemError, ExitCode } from '../errors.ts';
import { DEFAULT_LEDGER_BRANCH, DEFAULT_LEDGER_REMOTE } from './layout.ts';

export type LedgerLocation = { kind: 'branch'; branch: string; remote: string } | { kind: 'directory'; directory: string };

export function ledgerLocation(config: CtemConfig['ledger']): LedgerLocation {
  if (config?.branch !== undefined && config.directory !== undefined) {
    throw new CtemError(
      {
        code: 'ledger-config',
        severity: 'error',
        message: 'ledger: set either branch or directory, not both',
        file: 'ctem.yaml',
        hint: 'a branch keeps the ledger out of the working tree (docs/ledger.md)',
      },
      ExitCode.config,
    );
  }
  if (config?.directory !== undefined) return { kind: 'directory', directory: config.directory.replace(/\/+$/, '') };
  return { kind: 'branch', branch: config?.branch ?? DEFAULT_LEDGER_BRANCH, remote: config?.remote ?? DEFAULT_LEDGER_REMOTE };
}

export const describeLocation = (l: LedgerLocation): string =>
  l.kind === 'branch' ? `branch ${l.branch}` : `directory ${l.directory}/`;
