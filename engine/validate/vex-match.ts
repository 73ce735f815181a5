/**
 * Which VEX statement applies to which exposure.
 *
 * A statement matches an exposure when one of its vulnerability ids (name or alias)
 * is one of the exposure's ids, and one of its products is
 *  - the exposure's asset: an image purl or image reference, or any name the
 *    inventory knows the asset by (id, alias, repository), or the `asset` the
 *    evidence source names — then, if the statement lists subcomponents, the
 *    exposure's package must be one of them; or
 *  - the exposure's package: any other purl (type and name, and version if given).
 * When several statements match one exposure the latest (by statement, else document,
 * timestamp; then by order of configuration) wins, as in OpenVEX.
 *
 * Effects: `not_affected` with a justification or impact statement suppresses the
 * exposure; without either it is only recorded (OpenVEX requires one) and warned
 * about; `fixed` closes it; `affected` and `under_investigation` are recorded. Products
 * the inventory does not know give one warning per document and product. Pure.
 */
import type { Problem } from '../errors.ts';
import type { VexProduct, VexStatement } from '../model/evidence.ts';
import type { Finding } from '../model/finding.ts';
import { imageRefsOfPurl, packageMatches, parsePurl } from './product-ref.ts';

export type VexEffect = 'not-affected' | 'fixed' | 'recorded';

export interface VexMatch {
  statement: VexStatement;
  /** The product (as written) that matched. */
  product: string;
  effect: VexEffect;
}

export interface VexMatchContext {
  /** Asset id for a reference (inventory aliases, image references), or undefined. */
  resolve: (ref: string) => string | undefined;
  knownAsset: (id: string) => boolean;
  /** An asset's `attributes.version`, for statements limited to a product version. */
  assetVersion: (id: string) => string | undefined;
}

interface ResolvedProduct {
  ref: string;
  assets: Set<string>;
  packages: string[];
  /** It names a known asset, but another version of it: not applied, and not unknown either. */
  otherVersion?: boolean;
}

export function exposureIds(f: Finding): string[] {
  const ids = new Set<string>(f.aliases.map((a) => a.toUpperCase()));
  if (f.vulnerabilityId) ids.add(f.vulnerabilityId.toUpperCase());
  ids.add(f.ruleId.toUpperCase());
  return [...ids];
}

export function matchVex(
  statements: readonly VexStatement[],
  exposures: readonly Finding[],
  ctx: VexMatchContext,
): { byFingerprint: Map<string, VexMatch>; problems: Problem[] } {
  const problems: Problem[] = [];
  // The exposures of the vulnerabilities some statement names, by id: a run has hundreds of thousands of
  // exposures and its VEX documents name a few hundred vulnerabilities, often none.
  const named = new Set<string>();
  for (const s of statements) for (const id of [s.vulnerability, ...s.aliases]) named.add(id.toUpperCase());
  const byId = new Map<string, Finding[]>();
  if (named.size > 0) {
    for (const f of exposures) {
      for (const id of exposureIds(f)) {
        if (!named.has(id)) continue;
        const list = byId.get(id);
        if (list) list.push(f);
        else byId.set(id, [f]);
      }
    }
  }
  const warned = new Set<string>();
  const chosen = new Map<string, { match: VexMatch; time: number; order: number }>();

  statements.forEach((s, order) => {
    const products = s.products.map((p) => resolveProduct(p, s.asset, ctx));
    for (const p of products) {
      if (p.assets.size > 0 || p.packages.length > 0 || p.otherVersion) continue;
      const key = `${s.file}\u0000${p.ref}`;
      if (warned.has(key)) continue;
      warned.add(key);
      problems.push({
        code: 'vex-unknown-product',
        severity: 'warning',
        message: `VEX product '${p.ref}' is neither an inventory asset nor a package URL; its statements are not applied`,
        file: s.file,
        path: pointerToPath(s.pointer),
        hint: 'add the image reference or name as an alias of the asset in the inventory, or set `asset:` on the evidence source',
      });
    }
    const noJustification = s.status === 'not_affected' && s.justification === undefined && s.impactStatement === undefined;
    if (noJustification) {
      problems.push({
        code: 'vex-no-justification',
        severity: 'warning',
        message: `VEX statement says not_affected for ${s.vulnerability} without a justification or impact statement; it is recorded but suppresses nothing`,
        file: s.file,
        path: pointerToPath(s.pointer),
      });
    }
    const effect: VexEffect = s.status === 'fixed' ? 'fixed' : s.status === 'not_affected' && !noJustification ? 'not-affected' : 'recorded';
    const time = s.timestamp !== undefined && !Number.isNaN(Date.parse(s.timestamp)) ? Date.parse(s.timestamp) : -Infinity;
    const candidates = new Set<Finding>();
    for (const id of [s.vulnerability, ...s.aliases]) for (const f of byId.get(id.toUpperCase()) ?? []) candidates.add(f);
    for (const f of candidates) {
      const product = products.find((p) => productMatches(p, s, f));
      if (product === undefined) continue;
      const prev = chosen.get(f.fingerprint);
      if (prev && (prev.time > time || (prev.time === time && prev.order > order))) continue;
      chosen.set(f.fingerprint, { match: { statement: s, product: product.ref, effect }, time, order });
    }
  });
  return { byFingerprint: new Map([...chosen].map(([k, v]) => [k, v.match])), problems };
}

function resolveProduct(product: VexProduct, forced: string | undefined, ctx: VexMatchContext): ResolvedProduct {
  const out: ResolvedProduct = { ref: product.ref, assets: new Set(), packages: [] };
  // A statement about one version of a product applies to an asset of that version only.
  const versionOk = (asset: string) => product.version === undefined || ctx.assetVersion(asset) === product.version;
  for (const id of product.identifiers) {
    const purl = parsePurl(id);
    if (purl !== undefined && imageRefsOfPurl(purl).length === 0) {
      out.packages.push(id);
      continue;
    }
    if (forced !== undefined) continue;
    const candidates = purl ? [id, ...imageRefsOfPurl(purl)] : [id];
    for (const c of candidates) {
      const asset = ctx.knownAsset(c) ? c : ctx.resolve(c);
      if (asset !== undefined) {
        if (versionOk(asset)) out.assets.add(asset);
        else out.otherVersion = true;
        break;
      }
    }
  }
  // An evidence source's `asset` says what the document's products are; package purls narrow it to a component.
  if (forced !== undefined && out.packages.length === 0) {
    if (versionOk(forced)) out.assets.add(forced);
    else out.otherVersion = true;
  }
  return out;
}

function productMatches(p: ResolvedProduct, s: VexStatement, f: Finding): boolean {
  if (p.assets.has(f.asset)) {
    return s.subcomponents.length === 0 || s.subcomponents.some((c) => packageMatches(f.package, c));
  }
  if (s.asset !== undefined && f.asset !== s.asset) return false;
  return p.packages.some((id) => packageMatches(f.package, id));
}

/** `/statements/0/products/1` → `$.statements[0].products[1]`. */
export function pointerToPath(pointer: string): string {
  let out = '$';
  for (const raw of pointer.split('/').slice(1)) {
    const t = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(t) ? `[${t}]` : /^[A-Za-z_][\w-]*$/.test(t) ? `.${t}` : `[${JSON.stringify(t)}]`;
  }
  return out;
}
