/**
 * Run a connector over a parsed report and turn what it yields into findings with
 * a resolved asset and a fingerprint. Pure. All-or-nothing: a ReportError anywhere
 * rejects the whole report, so a half-read report never passes for a complete one.
 */
import type { JsonFindingConnector } from '../../connectors/types.ts';
import { CtemError, ExitCode, ReportError } from '../errors.ts';
import type { DiscoveredFinding, Finding } from '../model/finding.ts';
import { fingerprint } from './fingerprint.ts';

export interface AssetResolver {
  /** The asset id a finding belongs to, given the scanner's own reference (if any). */
  (hint: string | undefined): string;
}

/** A discovered finding with its asset resolved and its fingerprint computed. */
export function toFinding(d: DiscoveredFinding, resolveAsset: AssetResolver): Finding {
  const { assetHint, ...rest } = d;
  const asset = resolveAsset(assetHint);
  return { ...rest, asset, fingerprint: fingerprint(d, asset) };
}

/** A connector's ReportError as the one located line the user sees. */
export function badReport(what: string, file: string, err: ReportError): CtemError {
  return new CtemError(
    {
      code: 'bad-report',
      severity: 'error',
      message: `not a valid ${what}: ${err.path === '' ? '' : `${err.path} `}${err.message}`,
      file,
      line: err.line,
      path: err.path === '' ? undefined : err.path,
    },
    ExitCode.input,
  );
}

export function extractFindings(
  connector: JsonFindingConnector,
  doc: unknown,
  file: string,
  resolveAsset: AssetResolver,
): Finding[] {
  const out: Finding[] = [];
  try {
    for (const d of connector.extract(doc, { file })) out.push(toFinding(d, resolveAsset));
  } catch (err) {
    if (err instanceof ReportError) throw badReport(`${connector.name} report`, file, err);
    throw err;
  }
  return out;
}
