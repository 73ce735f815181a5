/**
 * Which exposures an exception or a validation record is about: the `selector` both
 * files share (fingerprint or a prefix of one, vulnerability id, asset globs,
 * package, scope), every criterion given matching. One compiler, so that an exception
 * and a validation record written with the same selector always select the same
 * exposures. Pure.
 */
import { packageKey } from '../discover/fingerprint.ts';
import type { Finding } from '../model/finding.ts';
import { compileGlobList } from '../policy/glob-list.ts';

export interface ExposureSelector {
  fingerprint?: string;
  vulnerability?: string;
  assets?: readonly string[];
  package?: string;
  scope?: string;
}

/** `scopeId`: the exposure's primary scope, read only when the selector names a scope. */
export type SelectorMatch = (f: Finding, scopeId: string | null) => boolean;

/** A fingerprint prefix shorter than this would select too much by accident: only whole fingerprints then. */
const MIN_PREFIX = 8;

export function compileExposureSelector(sel: ExposureSelector): SelectorMatch {
  const checks: SelectorMatch[] = [];
  if (sel.fingerprint !== undefined) {
    const fp = sel.fingerprint;
    checks.push((f) => f.fingerprint === fp || (fp.length >= MIN_PREFIX && f.fingerprint.startsWith(fp)));
  }
  if (sel.vulnerability !== undefined) {
    // Aliases are upper-cased when findings are made (engine/model/finding.ts); ids are compared without case.
    const v = sel.vulnerability.toUpperCase();
    checks.push((f) => f.vulnerabilityId?.toUpperCase() === v || f.aliases.includes(v) || f.ruleId.toUpperCase() === v);
  }
  if (sel.assets !== undefined) {
    const m = compileGlobList(sel.assets);
    checks.push((f) => m(f.asset));
  }
  if (sel.package !== undefined) {
    const key = packageKey(sel.package);
    checks.push((f) => f.package !== undefined && packageKey(f.package.name) === key);
  }
  if (sel.scope !== undefined) {
    const s = sel.scope;
    checks.push((_f, scopeId) => scopeId === s);
  }
  return (f, scopeId) => checks.every((c) => c(f, scopeId));
}
