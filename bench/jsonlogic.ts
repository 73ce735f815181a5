/**
 * JSON Logic evaluation benchmark: json-logic-js `apply` (the reference
 * interpreter), json-logic-engine's compiled mode (`LogicEngine#build`, which
 * generates JavaScript source and evals it) and ctem's closure compiler, on
 * the same deterministic (seeded) policy-shaped rules and finding documents,
 * in one run.
 *
 *   npx tsx bench/jsonlogic.ts [--findings N] [--rules R] [--seed S]
 *
 * Every rule is evaluated on every document (no first-match). `runJsonLogicBench`
 * returns the figures so a top-level `npm run bench` can collect them.
 *
 * `glob` is not a json-logic-js or json-logic-engine operator: for the
 * comparison it is registered in both, implemented with picomatch (patterns
 * cached), and removed from json-logic-js again afterwards. ctem's other
 * operators (semver_*, days_since, starts_with, ends_with, lower, upper) are
 * registered the same way, with ctem's own implementations, so that a real
 * policy (`ruleSet`, e.g. the generated estate's 300 rules in `npm run bench`)
 * can be compared on real input documents (`documents`).
 */
import { pathToFileURL } from 'node:url';
import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';
import picomatch from 'picomatch';
import { compile } from '../engine/policy/jsonlogic/index.ts';
import { truthy } from '../engine/policy/jsonlogic/coerce.ts';
import { compareVersions, daysSince, endsWith, lower, satisfies, startsWith, toEpochMs, upper } from '../engine/policy/jsonlogic/custom.ts';
import { mulberry32 } from '../tools/prng.ts';

export interface JsonLogicBenchOptions {
  findings?: number;
  rules?: number;
  seed?: number;
  /** Rules to compare instead of generated ones (then `rules` is ignored). */
  ruleSet?: readonly unknown[];
  /** Input documents to evaluate on instead of generated ones (then `findings` is ignored). */
  documents?: readonly unknown[];
  /**
   * How ctem decides a document under the whole rule list, first-match (e.g. the
   * policy's compiled rule set): the index of the deciding rule, or -1. When given,
   * deciding is timed too, against each peer walking the rules in order.
   */
  decide?: (doc: unknown) => number;
  /** Print a table (default true from the command line, false when called). */
  print?: boolean;
}

export interface EngineFigures {
  /** Process CPU time spent evaluating (what opsPerSec is computed from). */
  cpuMs: number;
  wallMs: number;
  opsPerSec: number;
  /** Evaluations whose result was truthy: a checksum, and proof the work was done. */
  truthy: number;
}

export interface JsonLogicBenchResult {
  findings: number;
  rules: number;
  evaluations: number;
  compileMs: { ctem: number; jsonLogicEngine: number };
  jsonLogicJs: EngineFigures;
  jsonLogicEngine: EngineFigures;
  ctem: EngineFigures;
  /** ctem ops/s divided by the other's: > 1 means ctem is faster. */
  ratios: { vsJsonLogicJs: number; vsJsonLogicEngine: number };
  /** Evaluations where ctem's truthiness differs from json-logic-js's (must be 0). */
  disagreementsWithJsonLogicJs: number;
  /** With `decide`: documents decided per second, first-match over the whole rule list. */
  decisions?: {
    jsonLogicJs: EngineFigures;
    jsonLogicEngine: EngineFigures;
    /** ctem's per-rule closures, walked in order. */
    ctemRuleByRule: EngineFigures;
    /** `decide` (ctem's rule set). */
    ctem: EngineFigures;
    ratios: { vsJsonLogicJs: number; vsJsonLogicEngine: number };
    /** Documents on which any decider chose another rule than json-logic-js (must be 0). */
    disagreements: number;
  };
}

// ---- deterministic generation ----------------------------------------------

const prng = mulberry32;

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const TAGS = ['internet-facing', 'pci', 'prod', 'staging', 'crown-jewel', 'legacy', 'dmz', 'internal'];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];
const NAME_PREFIXES = ['prod-web', 'prod-db', 'staging-api', 'dev-box', 'payments-svc', 'billing-svc'];
const GLOBS = ['prod-*', '*-db-*', 'payments-*', '{prod,staging}-api-*', '*-svc-?', 'dev-*'];
const ECOSYSTEMS = ['npm', 'maven', 'pypi', 'go'];

function makeRules(count: number, rnd: () => number): unknown[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const round = (x: number): number => Math.round(x * 100) / 100;
  const leaf = (): unknown => {
    switch (Math.floor(rnd() * 11)) {
      case 0:
        return { '==': [{ var: 'finding.severity' }, pick(SEVERITIES)] };
      case 1:
        return { '>=': [{ var: 'epss.score' }, round(rnd())] };
      case 2:
        return { '>': [{ var: 'cvss.score' }, round(rnd() * 10)] };
      case 3:
        return { '==': [{ var: 'kev.listed' }, true] };
      case 4:
        return { in: [pick(TAGS), { var: 'asset.tags' }] };
      case 5:
        return { in: [{ var: 'finding.severity' }, SEVERITIES.slice(0, 1 + Math.floor(rnd() * 3))] };
      case 6:
        return { glob: [{ var: 'asset.name' }, pick(GLOBS)] };
      case 7:
        return { '!': { var: 'finding.suppressed' } };
      case 8:
        return { '<': [round(rnd() * 5), { var: 'cvss.score' }, round(5 + rnd() * 5)] };
      case 9:
        return { '===': [{ var: 'asset.environment' }, pick(ENVIRONMENTS)] };
      default:
        return { '!=': [{ var: 'finding.package.ecosystem' }, pick(ECOSYSTEMS)] };
    }
  };
  const node = (depth: number): unknown => {
    if (depth === 0 || rnd() < 0.35) return rnd() < 0.15 ? { '!': leaf() } : leaf();
    const op = rnd() < 0.6 ? 'and' : 'or';
    return { [op]: Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => node(depth - 1)) };
  };
  return Array.from({ length: count }, () => node(1 + Math.floor(rnd() * 2)));
}

function makeDocuments(count: number, rnd: () => number): unknown[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  return Array.from({ length: count }, (_, i) => ({
    finding: {
      id: `F-${i}`,
      severity: pick(SEVERITIES),
      suppressed: rnd() < 0.1,
      first_seen: '2024-01-15T00:00:00Z',
      package: { name: `pkg-${i % 97}`, version: `1.${i % 13}.${i % 7}`, ecosystem: pick(ECOSYSTEMS) },
    },
    epss: { score: Math.round(rnd() * 1000) / 1000, percentile: rnd() },
    cvss: { score: Math.round(rnd() * 100) / 10, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    kev: { listed: rnd() < 0.05 },
    asset: {
      name: `${pick(NAME_PREFIXES)}-${Math.floor(rnd() * 20)}`,
      environment: pick(ENVIRONMENTS),
      tags: TAGS.filter(() => rnd() < 0.3),
    },
    now: '2024-06-01T00:00:00Z',
  }));
}

// ---- the engines ------------------------------------------------------------

const patternCache = new Map<string, (s: string) => boolean>();
/** The peers' `glob`: picomatch with `dot: true`, the syntax ctem's matcher follows; each pattern compiled once. */
export function picomatchGlob(value: unknown, pattern: unknown): boolean {
  if (typeof value !== 'string' || typeof pattern !== 'string') return false;
  let m = patternCache.get(pattern);
  if (m === undefined) {
    m = picomatch(pattern, { dot: true });
    patternCache.set(pattern, m);
  }
  return m(value);
}

/** ctem's operators for the peers, with `this` as the document (for `days_since`'s `now`). */
const CTEM_OPERATORS: Record<string, (this: unknown, ...args: unknown[]) => unknown> = {
  semver_lt(a, b) { const c = compareVersions(a, b); return c !== undefined && c < 0; },
  semver_lte(a, b) { const c = compareVersions(a, b); return c !== undefined && c <= 0; },
  semver_gt(a, b) { const c = compareVersions(a, b); return c !== undefined && c > 0; },
  semver_gte(a, b) { const c = compareVersions(a, b); return c !== undefined && c >= 0; },
  semver_satisfies: (v, r) => satisfies(v, r),
  days_since(date) {
    const now = this !== null && typeof this === 'object' && Object.hasOwn(this, 'now') ? (this as { now: unknown }).now : undefined;
    return daysSince(date, toEpochMs(now));
  },
  starts_with: (s, p) => startsWith(s, p),
  ends_with: (s, p) => endsWith(s, p),
  lower: (s) => lower(s),
  upper: (s) => upper(s),
};

type Evaluate = (ruleIndex: number, doc: unknown) => unknown;

/** First-match over rules evaluated one by one: the first truthy rule's index, -1 if none; a rule that throws does not match. */
function firstMatch(rules: number, evaluate: Evaluate): (doc: unknown) => number {
  return (doc) => {
    for (let r = 0; r < rules; r++) {
      try {
        if (truthy(evaluate(r, doc))) return r;
      } catch {
        // as the engine: recorded there, treated as not matching
      }
    }
    return -1;
  };
}

/** Evaluates every rule on docs[from, to); returns how many results were truthy. */
function pass(evaluate: Evaluate, rules: number, docs: readonly unknown[], from: number, to: number): number {
  let count = 0;
  for (let d = from; d < to; d++) {
    const doc = docs[d];
    for (let r = 0; r < rules; r++) if (truthy(evaluate(r, doc))) count++;
  }
  return count;
}

/**
 * Times the engines on the same documents, interleaved: the documents are cut
 * into slices and each slice runs under every engine in turn (rotating who
 * goes first), so load from other processes falls on all engines alike.
 * Throughput is measured on process CPU time (process.cpuUsage), which a busy
 * machine inflates far less than wall-clock time; wall time is reported too.
 */
function timeInterleaved(engines: readonly Evaluate[], rules: number, docs: readonly unknown[]): EngineFigures[] {
  const warm = Math.min(docs.length, 200);
  for (const e of engines) pass(e, rules, docs, 0, warm); // let the JIT see every rule first
  const slices = Math.max(1, Math.min(20, Math.floor(docs.length / 100)));
  const cpu = engines.map(() => 0);
  const wall = engines.map(() => 0);
  const counts = engines.map(() => 0);
  for (let s = 0; s < slices; s++) {
    const from = Math.floor((s * docs.length) / slices);
    const to = Math.floor(((s + 1) * docs.length) / slices);
    for (let k = 0; k < engines.length; k++) {
      const e = (s + k) % engines.length;
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      counts[e] = (counts[e] as number) + pass(engines[e] as Evaluate, rules, docs, from, to);
      wall[e] = (wall[e] as number) + performance.now() - w0;
      const c = process.cpuUsage(c0);
      cpu[e] = (cpu[e] as number) + (c.user + c.system) / 1000;
    }
  }
  return engines.map((_, e) => ({
    cpuMs: cpu[e] as number,
    wallMs: wall[e] as number,
    opsPerSec: (docs.length * rules) / ((cpu[e] as number) / 1000),
    truthy: counts[e] as number,
  }));
}

export function runJsonLogicBench(opts: JsonLogicBenchOptions = {}): JsonLogicBenchResult {
  const rnd = prng(opts.seed ?? 42);
  const rules = opts.ruleSet !== undefined ? [...opts.ruleSet] : makeRules(opts.rules ?? 300, rnd);
  const docs = opts.documents ?? makeDocuments(opts.findings ?? 20_000, rnd);
  const findings = docs.length;
  const ruleCount = rules.length;

  let t = performance.now();
  const ours = rules.map((r) => compile(r));
  const ctemCompileMs = performance.now() - t;

  const engine = new LogicEngine();
  engine.addMethod('glob', (args: unknown[]) => picomatchGlob(args[0], args[1]), { deterministic: true });
  for (const [name, op] of Object.entries(CTEM_OPERATORS)) {
    engine.addMethod(name, (args: unknown[], data: unknown) => op.call(data, ...args));
  }
  t = performance.now();
  const built = rules.map((r) => engine.build(r) as (data: unknown) => unknown);
  const engineCompileMs = performance.now() - t;

  jsonLogic.add_operation('glob', picomatchGlob);
  // json-logic-js calls operations with the data as `this`.
  for (const [name, op] of Object.entries(CTEM_OPERATORS)) jsonLogic.add_operation(name, op as (...args: unknown[]) => unknown);
  const apply = jsonLogic.apply as unknown as (rule: unknown, data: unknown) => unknown;
  let figures: EngineFigures[];
  let disagreements = 0;
  let decisions: JsonLogicBenchResult['decisions'];
  try {
    // Agreement first (on a sample), then timing.
    for (let d = 0; d < Math.min(docs.length, 500); d++) {
      for (let r = 0; r < ruleCount; r++) if (truthy(apply(rules[r], docs[d])) !== truthy((ours[r] as (x: unknown) => unknown)(docs[d]))) disagreements++;
    }
    figures = timeInterleaved(
      [(r, doc) => apply(rules[r], doc), (r, doc) => (built[r] as (x: unknown) => unknown)(doc), (r, doc) => (ours[r] as (x: unknown) => unknown)(doc)],
      ruleCount,
      docs,
    );
    if (opts.decide !== undefined) {
      const deciders = [firstMatch(ruleCount, (r, doc) => apply(rules[r], doc)), firstMatch(ruleCount, (r, doc) => (built[r] as (x: unknown) => unknown)(doc)), firstMatch(ruleCount, (r, doc) => (ours[r] as (x: unknown) => unknown)(doc)), opts.decide];
      let disagree = 0;
      for (const doc of docs) {
        const want = deciders[0]!(doc);
        if (deciders.some((d) => d(doc) !== want)) disagree++;
      }
      const [js, eng, loop, set] = timeInterleaved(deciders.map((d) => (_r: number, doc: unknown) => d(doc) >= 0), 1, docs) as [EngineFigures, EngineFigures, EngineFigures, EngineFigures];
      decisions = { jsonLogicJs: js, jsonLogicEngine: eng, ctemRuleByRule: loop, ctem: set, ratios: { vsJsonLogicJs: set.opsPerSec / js.opsPerSec, vsJsonLogicEngine: set.opsPerSec / eng.opsPerSec }, disagreements: disagree };
    }
  } finally {
    jsonLogic.rm_operation('glob');
    for (const name of Object.keys(CTEM_OPERATORS)) jsonLogic.rm_operation(name);
  }
  const [jsonLogicJs, jsonLogicEngine, ctem] = figures as [EngineFigures, EngineFigures, EngineFigures];

  const result: JsonLogicBenchResult = {
    findings,
    rules: ruleCount,
    evaluations: findings * ruleCount,
    compileMs: { ctem: ctemCompileMs, jsonLogicEngine: engineCompileMs },
    jsonLogicJs,
    jsonLogicEngine,
    ctem,
    ratios: { vsJsonLogicJs: ctem.opsPerSec / jsonLogicJs.opsPerSec, vsJsonLogicEngine: ctem.opsPerSec / jsonLogicEngine.opsPerSec },
    disagreementsWithJsonLogicJs: disagreements,
    decisions,
  };
  if (opts.print ?? false) printResult(result);
  return result;
}

function printResult(r: JsonLogicBenchResult): void {
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const row = (name: string, f: EngineFigures): string =>
    `${name.padEnd(34)} ${fmt(f.opsPerSec).padStart(12)} ops/s  cpu ${fmt(f.cpuMs).padStart(7)} ms  wall ${fmt(f.wallMs).padStart(7)} ms  truthy ${f.truthy}`;
  console.log(`JSON Logic: ${fmt(r.findings)} documents × ${r.rules} rules = ${fmt(r.evaluations)} evaluations per engine`);
  console.log(`compile: ctem ${r.compileMs.ctem.toFixed(1)} ms, json-logic-engine build ${r.compileMs.jsonLogicEngine.toFixed(1)} ms`);
  console.log(row('json-logic-js apply', r.jsonLogicJs));
  console.log(row('json-logic-engine build (compiled)', r.jsonLogicEngine));
  console.log(row('ctem compile (closures)', r.ctem));
  console.log(`ctem vs json-logic-js: ${r.ratios.vsJsonLogicJs.toFixed(2)}×   ctem vs json-logic-engine: ${r.ratios.vsJsonLogicEngine.toFixed(2)}×`);
  console.log(`disagreements with json-logic-js (sample): ${r.disagreementsWithJsonLogicJs}`);
}

function argValue(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  if (i === -1) return undefined;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer`);
  return v;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runJsonLogicBench({ findings: argValue('--findings'), rules: argValue('--rules'), seed: argValue('--seed'), print: true });
}
