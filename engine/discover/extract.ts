/**
 * Run a connector over a parsed report and turn what it yields into findings with
 * a resolved asset and a fingerprint. Pure. All-or-nothing: a ReportError anywhere
 * rejects the whole report, so a half-read report never passes for a complete one.
 */
import type { FindingConnector } from '../../connectors/types.ts';
import { CtemError, ExitCode, ReportError } from '../errors.ts';
import type { Finding } from '../model/finding.ts';
import { fingerprint } from './fingerprint.ts';

export interface AssetResolver {
  /** The asset id a finding belongs to, given the scanner's own reference (if any). */
  (hint: string | undefined): string;
}

export function extractFindings(
  connector: FindingConnector,
  doc: unknown,
  file: string,
  resolveAsset: AssetResolver,
): Finding[] {
  const out: Finding[] = [];
  try {
    for (const d of connector.extract(doc, { file })) {
      const { assetHint, ...rest } = d;
      const asset = resolveAsset(assetHint);
      out.push({ ...rest, asset, fingerprint: fingerprint(d, asset) });
    }
  } catch (err) {
    if (err instanceof ReportError) {
      throw new CtemError(
        {
          code: 'bad-report',
          severity: 'error',
          message: `not a valid ${connector.name} report: ${err.path} ${err.message}`,
          file,
          line: err.line,
          path: err.path,
        },
        ExitCode.input,
      );
    }
    throw err;
  }
  return out;
}
