/**
 * The description of the input document (engine/prioritise/input-fields.ts) is what
 * `ctem validate` checks rules against, so it must be exactly the document rules
 * are evaluated on: every field a real document holds is described, with its type,
 * every described field occurs in some real document, and docs/policy.md lists the
 * same fields with the same types.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareRun } from '../../../engine/app/prepare.ts';
import { runCycle } from '../../../engine/cycle.ts';
import { parseEpss, parseKev } from '../../../engine/enrich/index.ts';
import type { InventoryAsset } from '../../../engine/model/asset.ts';
import { compilePolicies } from '../../../engine/policy/compile-policy.ts';
import { decide, validationFacts, type DecideContext } from '../../../engine/prioritise/decide.ts';
import { createEnricher } from '../../../engine/prioritise/enrichment-view.ts';
import { compileExceptions } from '../../../engine/prioritise/exceptions.ts';
import { buildRuleInput, type RuleInput } from '../../../engine/prioritise/input-document.ts';
import { inputPathProblem, RULE_INPUT_FIELDS, type InputField } from '../../../engine/prioritise/input-fields.ts';
import { assignScopes, compileScope, type Scope } from '../../../engine/scope/match-scopes.ts';
import { repoRoot } from '../../support/corpus.ts';
import { finding, KEV, loadMemoryConfig } from './helpers.ts';

const NOW = '2026-11-28T10:00:00.000Z';

const EPSS = '#model_version:v2025.03.14,score_date:2026-11-27T00:00:00+0000\ncve,epss,percentile\nCVE-2024-0001,0.97,0.999\n';

const ASSET: InventoryAsset = {
  id: 'app',
  type: 'repository',
  name: 'app',
  tags: ['prod'],
  repository: 'acme/app',
  exposure: 'internet',
  aliases: [],
  attributes: { env: 'prod', tier: 1, pci: true },
  source: 'test',
};

const SCOPE: Scope = {
  id: 'payments',
  name: 'Payments',
  file: 'scopes/payments.yaml',
  owner: { team: 'payments' } as Scope['owner'],
  criticality: 'critical',
  exposure: 'internet',
  crownJewel: true,
  dataClassification: ['pci'],
  matches: () => true,
};

/** Every optional part present: a package with a fix, a file, a suppression, KEV, EPSS, CVSS, a scope, a previous decision. */
function fullDocument(): RuleInput {
  const f = finding({
    package: { name: 'left-pad', ecosystem: 'npm', installedVersion: '1.0.0', fixedVersions: ['1.0.1'] },
    location: { path: 'src/index.js' },
    suppressed: { kind: 'inSource' },
    cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    cwe: ['CWE-79'],
  });
  const enrich = createEnricher({ epss: parseEpss(EPSS), kev: parseKev(KEV) });
  return buildRuleInput(f, {
    asset: ASSET,
    scope: SCOPE,
    enrichment: enrich(f, SCOPE),
    validation: validationFacts(ASSET, SCOPE, undefined),
    firstSeen: '2026-11-01T00:00:00.000Z',
    previous: { priority: 'P1', due_date: '2026-11-08' },
    now: NOW,
  });
}

/** Every optional part absent: an unknown asset, no scope, no feeds, no package, no history. */
function bareDocument(): RuleInput {
  const f = finding({ vulnerabilityId: undefined, aliases: [], kind: 'secret', ruleId: 'aws-key' });
  const enrich = createEnricher({ epss: null, kev: null });
  return buildRuleInput(f, {
    asset: undefined,
    scope: undefined,
    enrichment: enrich(f, undefined),
    validation: validationFacts(undefined, undefined, undefined),
    firstSeen: NOW,
    now: NOW,
  });
}

/** The documents a run of the bundled example evaluates its rules on, with each exposure's decision as the previous one. */
async function exampleDocuments(): Promise<RuleInput[]> {
  const { prepared, problems } = await prepareRun(repoRoot, NOW);
  if (!prepared) throw new Error(`the example did not prepare: ${JSON.stringify(problems)}`);
  const run = runCycle({ ...prepared, findings: prepared.findings, firstSeen: new Map(), existingIssues: [], now: NOW });
  const { validation } = run;
  if (!validation) throw new Error('the example ran no validation stage');
  const scopes = prepared.config.scopes.map((s) => compileScope(s.value, s.file));
  const ctx: DecideContext = {
    policy: prepared.policy,
    exceptions: compileExceptions(prepared.config.exceptions),
    assets: new Map(prepared.assets.map((a) => [a.id, a])),
    primaryScope: assignScopes(prepared.assets, scopes).primaryOf,
    enrich: prepared.enrich,
    feeds: prepared.feeds,
    policyCommits: new Map(),
    firstSeen: new Map(),
    previous: new Map(run.decisions.map((d) => [d.fingerprint, { priority: d.priority, due_date: d.due_date }])),
    validated: validation.of,
    now: NOW,
  };
  return prepared.findings.map((f) => decide(f, ctx).input);
}

/** Each path to a value that is not a non-empty plain object: scalars, null, lists, empty objects. */
function leaves(v: unknown, path = ''): [string, unknown][] {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) return [[path, v]];
  return Object.entries(v).flatMap(([k, x]) => leaves(x, path === '' ? k : `${path}.${k}`));
}

const byPath = new Map(RULE_INPUT_FIELDS.map((f) => [f.path, f]));

/** The field that describes `path`: itself, or the open map it is a key of. */
function describing(path: string): InputField | undefined {
  const own = byPath.get(path);
  if (own !== undefined) return own;
  const parent = byPath.get(path.slice(0, path.lastIndexOf('.')));
  return parent?.open === true ? { path, type: 'string' } : undefined;
}

/** Whether a value fits the documented type (an attribute value is any scalar). */
function fits(field: InputField, value: unknown, isAttribute: boolean): boolean {
  if (value === null) return field.type.endsWith('| null');
  if (isAttribute) return ['string', 'number', 'boolean'].includes(typeof value);
  if (Array.isArray(value)) return field.type === 'string[]' && value.every((x) => typeof x === 'string');
  const base = field.type.replace(' | null', '');
  return base === 'object' ? typeof value === 'object' : typeof value === base;
}

describe('the description of the input document', () => {
  let documents: RuleInput[];

  beforeAll(async () => {
    const example = await exampleDocuments();
    expect(example.length).toBeGreaterThan(100);
    documents = [fullDocument(), bareDocument(), ...example];
  });

  it('describes every field of every real document, with its type', () => {
    const wrong = new Set<string>();
    for (const doc of documents) {
      for (const [path, value] of leaves(doc)) {
        const field = describing(path);
        const isAttribute = field !== undefined && !byPath.has(path);
        if (field === undefined) wrong.add(`${path}: not described`);
        else if (!fits(field, value, isAttribute)) wrong.add(`${path}: ${JSON.stringify(value)} is not ${field.type}`);
        else if (inputPathProblem(path) !== undefined) wrong.add(`${path}: refused by the check`);
      }
    }
    expect([...wrong]).toEqual([]);
  });

  it('describes nothing a real document lacks (a field may be absent only where it is null)', () => {
    const seen = new Set(documents.flatMap((d) => leaves(d).flatMap(([p]) => p.split('.').map((_, i, s) => s.slice(0, i + 1).join('.')))));
    expect(RULE_INPUT_FIELDS.map((f) => f.path).filter((p) => !seen.has(p))).toEqual([]);
    // Under a parent that is there, a missing field reads null: only a nullable one may be missing.
    const missing = new Set<string>();
    for (const doc of documents) {
      for (const f of RULE_INPUT_FIELDS) {
        const parent = f.path.includes('.') ? f.path.slice(0, f.path.lastIndexOf('.')) : '';
        const holder = parent === '' ? doc : read(doc, parent);
        if (holder !== null && typeof holder === 'object' && !Object.hasOwn(holder, f.path.slice(parent.length + (parent ? 1 : 0))) && !f.type.endsWith('| null')) {
          missing.add(f.path);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('has an attribute key in some real document, so the open map is exercised', () => {
    expect(documents.some((d) => Object.keys(d.asset.attributes).length > 0)).toBe(true);
  });
});

function read(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const seg of path.split('.')) cur = cur !== null && typeof cur === 'object' && Object.hasOwn(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
  return cur;
}

describe('docs/policy.md, "The input document"', () => {
  it('lists exactly the described fields, in the same order, with the same types', () => {
    const md = readFileSync(join(repoRoot, 'docs', 'policy.md'), 'utf8');
    const section = md.slice(md.indexOf('\n## The input document'), md.indexOf('\n## Operators'));
    const rows = [...section.matchAll(/^\| `([a-z_.]+)` \| ([^|]+?(?:\\\|[^|]+?)*) \|/gm)].map((m) => ({ path: m[1], type: m[2]!.replace('\\|', '|').trim() }));
    expect(rows).toEqual(RULE_INPUT_FIELDS.map((f) => ({ path: f.path, type: f.type })));
  });
});

describe('inputPathProblem', () => {
  it('accepts every described field and every object above one', () => {
    for (const f of RULE_INPUT_FIELDS) {
      const segs = f.path.split('.');
      for (let i = 1; i <= segs.length; i++) expect(inputPathProblem(segs.slice(0, i).join('.'))).toBeUndefined();
    }
  });

  it('accepts an index or the length of a list, the length of a string, and any attribute', () => {
    for (const p of ['finding.aliases.0', 'finding.tools.12', 'asset.tags.length', 'finding.title.length', 'asset.attributes.env', 'asset.attributes.cost-centre']) {
      expect(inputPathProblem(p)).toBeUndefined();
    }
  });

  it.each([
    ['kev.lsted', "unknown variable 'kev.lsted': 'kev' has no field 'lsted' (did you mean 'kev.listed'?)"],
    ['finding.severty', "unknown variable 'finding.severty': 'finding' has no field 'severty' (did you mean 'finding.severity'?)"],
    ['kevv.listed', "unknown variable 'kevv.listed': the input document has no 'kevv' (did you mean 'kev.listed'?)"],
    ['finding.pakage.name', "unknown variable 'finding.pakage.name': 'finding' has no field 'pakage' (did you mean 'finding.package.name'?)"],
    ['asset.tag', "unknown variable 'asset.tag': 'asset' has no field 'tag' (did you mean 'asset.tags'?)"],
    ['validation.internet_facing', "unknown variable 'validation.internet_facing': 'validation' has no field 'internet_facing'"],
    ['finding.tools.name', "unknown variable 'finding.tools.name': 'finding.tools' is a list: only an index ('finding.tools.0') or 'length' may follow it"],
    ['finding.aliases.0.x', "unknown variable 'finding.aliases.0.x': 'finding.aliases' is a list: only an index ('finding.aliases.0') or 'length' may follow it"],
    ['finding.severity.level', "unknown variable 'finding.severity.level': 'finding.severity' is a string: only 'length' may follow it"],
    ['kev.listed.value', "unknown variable 'kev.listed.value': 'kev.listed' is a boolean and has no fields"],
    ['epss.score.x', "unknown variable 'epss.score.x': 'epss.score' is a number and has no fields"],
    ['asset.attributes.env.name', "unknown variable 'asset.attributes.env.name': 'asset.attributes.env' is an attribute value and has no fields"],
    ['finding.', "unknown variable 'finding.': 'finding' has no field ''"],
    ['constructor', "unknown variable 'constructor': the input document has no 'constructor'"],
  ])('refuses %s, saying why', (path, message) => {
    expect(inputPathProblem(path)).toEqual({ message, hint: 'the fields a rule can read are listed in docs/policy.md, "The input document"' });
  });
});

describe('a policy reading a misspelt field', () => {
  it('fails to load, located at the variable (what `ctem validate` prints)', async () => {
    const policy = `id: p
rules:
  - id: kev
    when:
      and:
        - var: kev.lsted
        - var: validation.internet_exposed
    set: { priority: P1 }
`;
    await expect(loadMemoryConfig({ 'policies/p.yaml': policy })).rejects.toThrow(
      JSON.stringify({
        code: 'unknown-variable',
        severity: 'error',
        message: "rule 'kev': unknown variable 'kev.lsted': 'kev' has no field 'lsted' (did you mean 'kev.listed'?)",
        file: 'policies/p.yaml',
        line: 6,
        column: 16,
        hint: 'the fields a rule can read are listed in docs/policy.md, "The input document"',
      }),
    );
  });

  it('loads when every field is real, including inside iterators', async () => {
    const policy = `id: p
rules:
  - id: r
    when:
      and:
        - some: [{ var: finding.aliases }, { starts_with: [{ var: "" }, "CVE-"] }]
        - reduce: [{ var: finding.cwe }, { "+": [{ var: accumulator }, 1] }, 0]
        - "==": [{ var: asset.attributes.env }, prod]
        - { var: [epss.score, 0] }
        - { var: { cat: [kev, ., listed] } }
    set: { priority: P1 }
`;
    const { config } = await loadMemoryConfig({ 'policies/p.yaml': policy });
    expect(compilePolicies(config).rules.map((r) => r.id)).toEqual(['r']);
  });
});
