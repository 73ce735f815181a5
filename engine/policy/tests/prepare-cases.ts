/**
 * From policy test files (`policies/*.test.yaml`, already parsed) to runnable cases:
 * each case's finding, asset, scope, feeds, exceptions and clock, built from the
 * same pieces a real run uses, with every mistake reported as a located problem.
 * Pure.
 *
 * The feeds a case describes are turned into a one-row EPSS file and a one-entry KEV
 * catalog and read by the real parsers, so the enrichment a case sees (which CVE
 * counts, KEV dates, the SSVC decision) is computed by the same code as in a run.
 */
import type { LoadedConfig, Located, LocatedException } from '../../config/load.ts';
import type { PolicyTestCase, PolicyTestFile, PolicyTestFinding } from '../../config/schema/policy-test.ts';
import { createSchemaChecker } from '../../config/schema-check.ts';
import { suggest } from '../../config/suggest.ts';
import { fingerprint } from '../../discover/fingerprint.ts';
import { isCvssError, parseCvssVector, parseEpss, readKev } from '../../enrich/index.ts';
import { ReportError, type Problem } from '../../errors.ts';
import type { InventoryAsset } from '../../model/asset.ts';
import type { PathSegment } from '../../model/json-path.ts';
import type { CvssRef, DiscoveredFinding, Finding } from '../../model/finding.ts';
import { DEFAULT_RULE_ID } from '../../prioritise/decide.ts';
import type { LoadedFeeds } from '../../prioritise/enrichment-view.ts';
import type { PreviousDecision } from '../../prioritise/input-document.ts';
import { assignScopes, compileScope, type Scope } from '../../scope/match-scopes.ts';
import type { PolicySet } from '../compile-policy.ts';

/** What a case runs against: the repository's configuration, compiled policy and inventory. */
export interface PolicyTestEnv {
  config: LoadedConfig;
  policy: PolicySet;
  assets: readonly InventoryAsset[];
}

export interface PreparedCase {
  file: string;
  name: string;
  line: number;
  column: number;
  finding: Finding;
  /** The inventory asset, or undefined for an asset the inventory does not know. */
  asset: InventoryAsset | undefined;
  scope: Scope | undefined;
  feeds: LoadedFeeds;
  exceptions: LocatedException[];
  /** Validation facts the case states, over what the validation stage computes. */
  validation: PolicyTestCase['validation'];
  previous: PreviousDecision | undefined;
  now: string;
  expect: PolicyTestCase['expect'];
}

/** The id a case's asset gets when it names none. */
export const TEST_ASSET_ID = 'test-asset';
const TEST_SOURCE = 'policy-test';
const CVE = /^CVE-\d{4}-\d{4,}$/;

export function prepareCases(files: readonly Located<unknown>[], env: PolicyTestEnv): { cases: PreparedCase[]; problems: Problem[] } {
  const checker = createSchemaChecker();
  const problems: Problem[] = [];
  const cases: PreparedCase[] = [];
  for (const file of files) {
    const schemaProblems = checker.check('policy-test', file.value, file.file, file.locate);
    if (schemaProblems.length > 0) {
      problems.push(...schemaProblems);
      continue;
    }
    const doc = file.value as PolicyTestFile;
    const names = new Set<string>();
    doc.cases.forEach((c, i) => {
      const at = (path: PathSegment[], key = false) => file.locate(['cases', i, ...path], { key });
      let errors = 0;
      const err: Report = (path, message, hint, key = false) => {
        errors++;
        const p = at(path, key);
        problems.push({ code: 'policy-test', severity: 'error', message: `case '${c.name}': ${message}`, file: file.file, line: p.line, column: p.column, hint });
      };
      if (names.has(c.name)) err(['name'], 'another case in this file has the same name');
      names.add(c.name);
      const prepared = prepareCase(c, i, doc, file, env, err);
      if (prepared && errors === 0) {
        const p = at([]);
        cases.push({ ...prepared, file: file.file, name: c.name, line: p.line, column: p.column });
      }
    });
  }
  return { cases, problems };
}

type Report = (path: PathSegment[], message: string, hint?: string, key?: boolean) => void;

function prepareCase(
  c: PolicyTestCase,
  index: number,
  doc: PolicyTestFile,
  file: Located<unknown>,
  env: PolicyTestEnv,
  err: Report,
): Omit<PreparedCase, 'file' | 'name' | 'line' | 'column'> | undefined {
  const nowText = c.now ?? doc.now;
  if (nowText === undefined) err(['name'], 'no `now`: give one on the case or at the top of the file', 'e.g. now: 2026-11-28T10:00:00Z');
  const now = nowText === undefined ? undefined : toInstant(nowText);
  if (nowText !== undefined && now === undefined) err(c.now !== undefined ? ['now'] : ['name'], `'${nowText}' is not a real date or time`);

  const asset = resolveAsset(c, file.file, env, err);
  const assetId = asset?.id ?? (typeof c.asset === 'string' ? c.asset : TEST_ASSET_ID);
  const scope = resolveScope(c, asset, file.file, env, err);
  const finding = buildFinding(c.finding ?? {}, assetId, file.file, index, err);
  const feeds = finding && now ? buildFeeds(c, finding, now, err) : undefined;
  const exceptions = resolveExceptions(c, index, file, env, err);
  checkExpectations(c, exceptions, env, err);

  if (now === undefined || finding === undefined || feeds === undefined) return undefined;
  return {
    finding,
    asset,
    scope,
    feeds,
    exceptions,
    // The file's facts are the default for each of its cases; a case's own override them one by one.
    validation: doc.validation || c.validation ? { ...doc.validation, ...c.validation } : undefined,
    previous: c.previous,
    now,
    expect: c.expect,
  };
}

/** A YYYY-MM-DD (midnight UTC) or an offset date-time as a canonical UTC ISO string. */
export function toInstant(text: string): string | undefined {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const out = new Date(t).toISOString();
  // Date.parse rolls 2026-02-30 over to March; a test that says so is wrong.
  if (!text.includes('T') || /Z$/.test(text)) {
    if (out.slice(0, 10) !== text.slice(0, 10)) return undefined;
  }
  return out;
}

function resolveAsset(c: PolicyTestCase, file: string, env: PolicyTestEnv, err: Report): InventoryAsset | undefined {
  if (c.asset === undefined) return undefined;
  if (typeof c.asset === 'string') {
    const found = env.assets.find((a) => a.id === c.asset);
    if (!found) {
      const guess = suggest(c.asset, env.assets.map((a) => a.id));
      err(['asset'], `unknown asset '${c.asset}'${guess ? ` (did you mean '${guess}'?)` : ''}`, 'name an asset of the inventory, or describe it inline: asset: { id: ..., exposure: internet }');
    }
    return found;
  }
  const a = c.asset;
  return {
    id: a.id,
    type: a.type ?? 'other',
    name: a.name,
    aliases: [],
    tags: a.tags ?? [],
    repository: a.repository,
    exposure: a.exposure,
    attributes: a.attributes ?? {},
    source: file,
  };
}

function resolveScope(c: PolicyTestCase, asset: InventoryAsset | undefined, file: string, env: PolicyTestEnv, err: Report): Scope | undefined {
  const s = c.scope;
  if (s === null) return undefined;
  if (s === undefined) {
    // As in a run: the most critical scope that selects the asset; none for an asset the inventory does not know.
    if (asset === undefined) return undefined;
    const scopes = env.config.scopes.map((l) => compileScope(l.value, l.file));
    return assignScopes([asset], scopes).primaryOf.get(asset.id);
  }
  if (typeof s === 'string') {
    const found = env.config.scopes.find((l) => l.value.id === s);
    if (!found) {
      const guess = suggest(s, env.config.scopes.map((l) => l.value.id));
      err(['scope'], `unknown scope '${s}'${guess ? ` (did you mean '${guess}'?)` : ''}`, 'name a scope of scopes/, describe one inline, or write null for none');
      return undefined;
    }
    return compileScope(found.value, found.file);
  }
  const id = s.id ?? 'test-scope';
  return {
    id,
    name: id,
    file,
    owner: s.owner ?? {},
    criticality: s.criticality,
    exposure: s.exposure,
    crownJewel: s.crown_jewel ?? false,
    dataClassification: s.data_classification ?? [],
    matches: () => true,
  };
}

function buildFinding(t: PolicyTestFinding, assetId: string, file: string, caseIndex: number, err: Report): Finding | undefined {
  const vulnerabilityId = t.vulnerabilityId;
  const ruleId = t.ruleId ?? vulnerabilityId ?? TEST_SOURCE;
  // As connectors do: aliases upper-cased, sorted, unique, and holding the vulnerability id.
  const aliases = [...new Set([...(t.aliases ?? []), ...(vulnerabilityId ? [vulnerabilityId] : [])].map((a) => a.toUpperCase()))].sort();
  let cvss: CvssRef | undefined;
  if (t.cvss) {
    let version = t.cvss.version;
    if (t.cvss.vector !== undefined) {
      const parsed = parseCvssVector(t.cvss.vector, version);
      if (isCvssError(parsed)) {
        err(['finding', 'cvss', 'vector'], `invalid CVSS vector: ${parsed.error}`);
        return undefined;
      }
      version ??= parsed.version;
    }
    if (version === undefined) {
      err(['finding', 'cvss'], 'a CVSS score needs its version (or a vector)');
      return undefined;
    }
    cvss = { version, vector: t.cvss.vector, score: t.cvss.score };
  }
  const instant = (field: 'firstSeen' | 'lastSeen'): string | undefined => {
    const v = t[field];
    if (v === undefined) return undefined;
    const i = toInstant(v);
    if (i === undefined) err(['finding', field], `'${v}' is not a real date or time`);
    return i;
  };
  const discovered: DiscoveredFinding = {
    kind: t.kind ?? 'vulnerability',
    ruleId,
    vulnerabilityId,
    aliases,
    cwe: t.cwe ?? [],
    title: t.title ?? ruleId,
    description: t.description,
    severity: t.severity ?? 'unknown',
    cvss,
    package: t.package && {
      name: t.package.name,
      ecosystem: t.package.ecosystem,
      purl: t.package.purl,
      installedVersion: t.package.installedVersion,
      fixedVersions: t.package.fixedVersions ?? [],
    },
    location: t.location,
    target: t.target,
    suppressed: t.suppressed,
    baselineState: t.baselineState,
    helpUri: t.helpUri,
    nativeFingerprint: t.nativeFingerprint,
    firstSeen: instant('firstSeen'),
    lastSeen: instant('lastSeen'),
    sources: (t.sources ?? [{ tool: TEST_SOURCE }]).map((s) => ({
      connector: s.connector ?? TEST_SOURCE,
      tool: s.tool,
      toolVersion: s.toolVersion,
      file: s.file ?? file,
      pointer: s.pointer ?? `/cases/${caseIndex}`,
      nativeId: s.nativeId,
    })),
  };
  return { ...discovered, fingerprint: t.fingerprint ?? fingerprint(discovered, assetId), asset: assetId };
}

/** A one-row EPSS file and a one-entry KEV catalog for the finding's CVE, read by the real parsers. */
function buildFeeds(c: PolicyTestCase, f: Finding, now: string, err: Report): LoadedFeeds | undefined {
  const given = c.feeds ?? {};
  const kevGiven = given.kev !== undefined && given.kev.listed !== false;
  if (given.epss === undefined && !kevGiven) return { epss: null, kev: null };
  const cve = [f.vulnerabilityId, ...f.aliases].find((id): id is string => id !== undefined && CVE.test(id.toUpperCase()))?.toUpperCase();
  if (cve === undefined) {
    err(['feeds'], 'feeds describe a CVE, but the finding has none', 'give the finding a vulnerabilityId (or an alias) CVE-YYYY-NNNN');
    return undefined;
  }
  const version = 'policy-test';
  try {
    const epss = parseEpss(
      `#model_version:${version},score_date:${now}\ncve,epss,percentile\n` +
        (given.epss ? `${cve},${given.epss.score},${given.epss.percentile}\n` : ''),
    );
    const today = now.slice(0, 10);
    const k = given.kev;
    const kev = readKev({
      catalogVersion: version,
      dateReleased: now,
      count: kevGiven ? 1 : 0,
      vulnerabilities: kevGiven
        ? [
            {
              cveID: cve,
              vendorProject: version,
              product: version,
              vulnerabilityName: c.name,
              dateAdded: k?.date_added ?? today,
              shortDescription: c.name,
              requiredAction: 'Apply updates per vendor instructions.',
              dueDate: k?.due_date ?? k?.date_added ?? today,
              knownRansomwareCampaignUse: k?.ransomware ? 'Known' : 'Unknown',
            },
          ]
        : [],
    });
    return { epss, kev };
  } catch (e) {
    if (!(e instanceof ReportError)) throw e;
    const field = /dateAdded/.test(e.path) ? 'date_added' : /dueDate/.test(e.path) ? 'due_date' : undefined;
    err(field ? ['feeds', 'kev', field] : ['feeds'], `feeds: ${e.message}`);
    return undefined;
  }
}

function resolveExceptions(c: PolicyTestCase, caseIndex: number, file: Located<unknown>, env: PolicyTestEnv, err: Report): LocatedException[] {
  const out: LocatedException[] = [];
  (c.exceptions ?? []).forEach((e, i) => {
    if (typeof e === 'string') {
      const found = env.config.exceptions.find((x) => x.value.id === e);
      if (!found) {
        const guess = suggest(e, env.config.exceptions.map((x) => x.value.id));
        err(['exceptions', i], `unknown exception '${e}'${guess ? ` (did you mean '${guess}'?)` : ''}`, 'name an exception of exceptions/, or write one inline');
      } else out.push(found);
      return;
    }
    if (e.effect === 'downgrade' && e.downgrade_to === undefined) err(['exceptions', i, 'effect'], `exception '${e.id}' downgrades but has no 'downgrade_to' priority`);
    // Located in the test file: its `exceptions` list is the case's.
    out.push({ file: file.file, value: e, index: i, locate: (path, o) => file.locate(['cases', caseIndex, ...path], o) });
  });
  return out;
}

function checkExpectations(c: PolicyTestCase, exceptions: readonly LocatedException[], env: PolicyTestEnv, err: Report): void {
  const x = c.expect;
  if (x.rule !== undefined && x.rule !== DEFAULT_RULE_ID && !env.policy.rules.some((r) => r.id === x.rule)) {
    const guess = suggest(x.rule, env.policy.rules.map((r) => r.id));
    err(['expect', 'rule'], `no rule '${x.rule}' in policies/${guess ? ` (did you mean '${guess}'?)` : ''}`, `'${DEFAULT_RULE_ID}' means no rule matched`);
  }
  if (x.route !== undefined && x.route !== 'none' && !env.policy.routes.has(x.route)) {
    const guess = suggest(x.route, [...env.policy.routes.keys()]);
    err(['expect', 'route'], `no route '${x.route}' in policies/${guess ? ` (did you mean '${guess}'?)` : ''}`, "'none' means not mobilised");
  }
  if (typeof x.exception === 'string' && !exceptions.some((e) => e.value.id === x.exception)) {
    err(['expect', 'exception'], `expects exception '${x.exception}', which the case does not put in force`, 'list it under the case\'s `exceptions:`');
  }
}
