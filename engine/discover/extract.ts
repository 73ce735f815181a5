/**
 * Run a connector over a parsed report and turn what it yields into findings with
 * a resolved asset and a fingerprint. Pure. All-or-nothing: a ReportError anywhere
 * rejects the whole report, so a half-read report never passes for a complete one.
 */
import type { JsonFindingConnector } from '../../connectors/types.ts';
import { CtemError, ExitCode, ReportError } from '../errors.ts';
import type { DiscoveredFinding, Finding } from '../model/finding.ts';
import { fingerprint } from './fingerprint.ts';
import { internFinding } from './intern.ts';
import { setOwnField } from '../model/own-field.ts';

export interface AssetResolver {
  /** The asset id a finding belongs to, given the scanner's own reference (if any). */
  (hint: string | undefined): string;
}

/** A discovered finding with its asset resolved and its fingerprint computed, its repeated strings shared (intern.ts). */
export function toFinding(d: DiscoveredFinding, resolveAsset: AssetResolver): Finding {
  return internFinding(makeFinding(d, resolveAsset));
}

/**
 * As `toFinding`, with the finding's strings its own: for a worker thread, whose findings
 * are copied to the main thread and shared there (threads/).
 */
export function makeFinding(d: DiscoveredFinding, resolveAsset: AssetResolver): Finding {
  const asset = resolveAsset(d.assetHint);
  // Copied key by key rather than with `{ ...rest, asset, fingerprint }`: in Node 20's V8 an object
  // spread followed by more properties gets a hidden class of its own, so a million findings had a
  // million hidden classes (memory, and megamorphic property reads everywhere after).
  const f: Record<string, unknown> = {};
  for (const k of Object.keys(d)) if (k !== 'assetHint') setOwnField(f, k, (d as unknown as Record<string, unknown>)[k]);
  setOwnField(f, 'asset', asset);
  setOwnField(f, 'fingerprint', fingerprint(d, asset));
  return f as unknown as Finding;
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
  make: typeof toFinding = toFinding,
): Finding[] {
  const out: Finding[] = [];
  try {
    for (const d of connector.extract(doc, { file })) out.push(make(d, resolveAsset));
  } catch (err) {
    if (err instanceof ReportError) throw badReport(`${connector.name} report`, file, err);
    throw err;
  }
  return out;
}
