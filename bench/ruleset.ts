/**
 * Rule-set benchmark: deciding every document under an ordered policy of 300
 * rules, first match wins — the task ctem's prioritisation performs for each
 * exposure — done by three engines on the same documents in the same order:
 *
 *   json-logic-js      `jsonLogic.apply(rule, doc)` for each rule in order until one is truthy;
 *   json-logic-engine  `new LogicEngine().build(rule)` (compiled functions), the same loop;
 *   ctem               `compileRuleSet(rules).decide(doc)` (engine/policy/ruleset): the whole
 *                      rule set compiled once into shared sub-expressions and an index.
 *
 * Optionally (on by default) also ctem's per-rule closures (`compile(rule)`)
 * in the same loop, which is what the engine did before the rule set.
 *
 * Documents are generated slice by slice (bench/ruleset-documents.ts) and each
 * slice runs under every engine in turn, rotating who goes first, so machine
 * load and garbage collection fall on all alike; times are summed over slices.
 * Each engine decides its own copy of the slice, built just before its turn
 * (outside the timing), as the engine builds each document right before
 * deciding it: no engine pays for another's cache misses.
 * Wall-clock time is what the ratios use; process CPU time is reported too.
 * Every engine's deciding rule is compared with ctem's on every document: the
 * disagreement count must be 0.
 *
 * The rules are bench/generate/policy.ts's 300 (the generated estate's
 * policy). `glob`, `starts_with`, `semver_lt` and `days_since` are ctem's own
 * operators: for the comparison they are registered in both peers with the
 * same meaning (picomatch for glob; days_since measured to the documents'
 * `now`), and removed from json-logic-js again afterwards.
 *
 *   npx tsx bench/ruleset.ts [--findings N] [--rules R] [--seed S] [--slice K] [--no-per-rule]
 */
import { pathToFileURL } from 'node:url';
import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';
import semver from 'semver';
import { compile } from '../engine/policy/jsonlogic/index.ts';
import { truthy } from '../engine/policy/jsonlogic/coerce.ts';
import { daysSince, toEpochMs } from '../engine/policy/jsonlogic/custom.ts';
import { compileRuleSet, type RuleFailure, type RuleSetShape } from '../engine/policy/ruleset/index.ts';
import { allRules, buildPolicies, RULE_COUNT } from './generate/policy.ts';
import { picomatchGlob } from './jsonlogic.ts';
import { createRng } from './generate/prng.ts';
import { documentSource } from './ruleset-documents.ts';

export interface RuleSetBenchOptions {
  /** Documents to decide (default 100,000). */
  findings?: number;
  /** Rules (at most 300, the generated policy's size; fewer keeps the first R-4 and the 4 catch-alls). */
  rules?: number;
  seed?: number;
  /** Documents per slice (default 1,000: a slice's documents stay in the CPU caches, as a document the engine has just built does). */
  slice?: number;
  /** Also time ctem's per-rule closures (default true). */
  perRule?: boolean;
  /** Print a table (default true from the command line, false when called). */
  print?: boolean;
  /** Use these rules (JSON Logic `when`s, in evaluation order) instead of the generated policy. */
  ruleSet?: readonly unknown[];
  /**
   * Use these documents (e.g. the estate's own input documents, built by
   * `decide`) instead of generated ones, in order, cycling when `findings` is
   * larger; each engine decides its own structured clone of each slice.
   */
  documents?: readonly unknown[];
}

export interface RuleSetBenchResult {
  documents: number;
  rules: number;
  /** Wall-clock milliseconds each engine spent deciding every document. */
  ctem_ms: number;
  json_logic_js_ms: number;
  json_logic_engine_ms: number;
  /** ctem's per-rule closures in the same first-match loop (when measured). */
  ctem_per_rule_ms?: number;
  /** Peer's time divided by ctem's: > 1 means ctem is faster. */
  rules_vs_json_logic_js: number;
  rules_vs_json_logic_engine: number;
  rules_vs_ctem_per_rule?: number;
  /** Process CPU milliseconds, per engine. */
  cpu_ms: { ctem: number; json_logic_js: number; json_logic_engine: number; ctem_per_rule?: number };
  compile_ms: { ctem: number; json_logic_engine: number; ctem_per_rule: number };
  /** Documents whose deciding rule differs between any engine and ctem (must be 0). */
  disagreements: number;
  /** Rules a first-match loop evaluates per document, on average (how late documents are decided). */
  rules_evaluated_per_document: number;
  /** Documents no rule decided. */
  undecided: number;
  shape: RuleSetShape;
  method: string;
}

const METHOD =
  'first-match over the same rules and documents in the same order: json-logic-js apply per rule, json-logic-engine build() per rule, ' +
  'ctem compileRuleSet().decide; slices interleaved in rotating order, each engine deciding its own just-built copy of the slice; ' +
  'wall time summed; deciding rule compared on every document';

type Decider = (docs: readonly unknown[], out: Int32Array) => void;

/** The generated policy's rules, cut to `count` (keeping the catch-alls at the end). */
export function benchRules(seed: number, count = RULE_COUNT): unknown[] {
  const rules = allRules(buildPolicies(createRng(seed)).files);
  if (count >= rules.length) return rules;
  if (count < 4) return rules.slice(rules.length - count);
  return [...rules.slice(0, count - 4), ...rules.slice(rules.length - 4)];
}

/** First match with a loop over per-rule functions; a rule that throws does not match. */
function firstMatchLoop(fns: readonly ((doc: unknown) => unknown)[]): Decider {
  const n = fns.length;
  return (docs, out) => {
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i];
      let decided = -1;
      for (let r = 0; r < n; r++) {
        let hit: boolean;
        try {
          hit = truthy((fns[r] as (d: unknown) => unknown)(doc));
        } catch {
          hit = false;
        }
        if (hit) {
          decided = r;
          break;
        }
      }
      out[i] = decided;
    }
  };
}

const startsWith = (s: unknown, p: unknown): boolean => typeof s === 'string' && typeof p === 'string' && s.startsWith(p);
function semverLt(a: unknown, b: unknown): boolean {
  const va = typeof a === 'string' ? semver.parse(a) : null;
  const vb = typeof b === 'string' ? semver.parse(b) : null;
  return va !== null && vb !== null && va.compare(vb) < 0;
}

export function runRuleSetBench(opts: RuleSetBenchOptions = {}): RuleSetBenchResult {
  const given = opts.documents !== undefined && opts.documents.length > 0 ? opts.documents : undefined;
  const documents = opts.findings ?? given?.length ?? 100_000;
  const seed = opts.seed ?? 1;
  const sliceSize = Math.max(1, opts.slice ?? 1_000);
  const rules = opts.ruleSet !== undefined ? [...opts.ruleSet] : benchRules(seed, opts.rules ?? RULE_COUNT);
  // Each engine gets its own freshly built copy of a slice (built outside the timing).
  const generated = documentSource(seed);
  const sliceFor = (index: number, len: number): unknown[] => {
    if (given === undefined) return generated.slice(index, len);
    return structuredClone(Array.from({ length: len }, (_, i) => given[(index * sliceSize + i) % given.length]));
  };
  const warmDocs = given === undefined ? documentSource(seed + 1_000_003).slice(0, Math.min(2_000, documents)) : structuredClone(given.slice(0, 2_000));

  let t = performance.now();
  const ruleSet = compileRuleSet(rules);
  const ctemCompileMs = performance.now() - t;
  t = performance.now();
  const perRuleFns = rules.map((r) => compile(r));
  const perRuleCompileMs = performance.now() - t;

  // The peers get ctem's operators, with the same meaning. days_since measures to the documents' `now`.
  const firstDoc = warmDocs[0];
  const nowMs = toEpochMs((firstDoc as { now?: unknown } | null)?.now);
  const days = (d: unknown): number | null => daysSince(d, nowMs);
  const engine = new LogicEngine();
  engine.addMethod('glob', (a: unknown[]) => picomatchGlob(a[0], a[1]), { deterministic: true });
  engine.addMethod('starts_with', (a: unknown[]) => startsWith(a[0], a[1]), { deterministic: true });
  engine.addMethod('semver_lt', (a: unknown[]) => semverLt(a[0], a[1]), { deterministic: true });
  engine.addMethod('days_since', (a: unknown[]) => days(Array.isArray(a) ? a[0] : a), { deterministic: true });
  t = performance.now();
  const built = rules.map((r) => engine.build(r) as (data: unknown) => unknown);
  const engineCompileMs = performance.now() - t;

  const added = ['glob', 'starts_with', 'semver_lt', 'days_since'];
  jsonLogic.add_operation('glob', picomatchGlob);
  jsonLogic.add_operation('starts_with', startsWith);
  jsonLogic.add_operation('semver_lt', semverLt);
  jsonLogic.add_operation('days_since', days);
  const apply = jsonLogic.apply as unknown as (rule: unknown, data: unknown) => unknown;

  const failures: RuleFailure[] = [];
  const ctem: Decider = (docs, out) => {
    for (let i = 0; i < docs.length; i++) {
      out[i] = ruleSet.decide(docs[i], failures);
      if (failures.length !== 0) failures.length = 0;
    }
  };
  const engines: { name: string; run: Decider }[] = [
    { name: 'json-logic-js', run: firstMatchLoop(rules.map((r) => (doc: unknown) => apply(r, doc))) },
    { name: 'json-logic-engine', run: firstMatchLoop(built) },
    { name: 'ctem', run: ctem },
  ];
  if (opts.perRule ?? true) engines.push({ name: 'ctem-per-rule', run: firstMatchLoop(perRuleFns) });

  const wall = engines.map(() => 0);
  const cpu = engines.map(() => 0);
  let disagreements = 0;
  let evaluated = 0;
  let undecided = 0;
  try {
    // Warm-up: let each JIT see every rule and shape (not timed).
    const scratch = new Int32Array(warmDocs.length);
    for (const e of engines) e.run(warmDocs, scratch);

    const outs = engines.map(() => new Int32Array(sliceSize));
    let done = 0;
    let s = 0;
    while (done < documents) {
      const len = Math.min(sliceSize, documents - done);
      for (let k = 0; k < engines.length; k++) {
        const e = (s + k) % engines.length;
        const docs = sliceFor(s, len);
        const c0 = process.cpuUsage();
        const w0 = performance.now();
        (engines[e] as (typeof engines)[number]).run(docs, outs[e] as Int32Array);
        wall[e] = (wall[e] as number) + performance.now() - w0;
        const c = process.cpuUsage(c0);
        cpu[e] = (cpu[e] as number) + (c.user + c.system) / 1000;
      }
      const ours = outs[2] as Int32Array;
      for (let i = 0; i < len; i++) {
        const d = ours[i] as number;
        if (outs.some((o) => o[i] !== d)) disagreements++;
        evaluated += d < 0 ? rules.length : d + 1;
        if (d < 0) undecided++;
      }
      done += len;
      s++;
    }
  } finally {
    for (const name of added) jsonLogic.rm_operation(name);
  }

  const [jsMs, engineMs, ctemMs, perRuleMs] = wall as [number, number, number, number | undefined];
  const result: RuleSetBenchResult = {
    documents,
    rules: rules.length,
    ctem_ms: ctemMs,
    json_logic_js_ms: jsMs,
    json_logic_engine_ms: engineMs,
    rules_vs_json_logic_js: jsMs / ctemMs,
    rules_vs_json_logic_engine: engineMs / ctemMs,
    cpu_ms: { ctem: cpu[2] as number, json_logic_js: cpu[0] as number, json_logic_engine: cpu[1] as number },
    compile_ms: { ctem: ctemCompileMs, json_logic_engine: engineCompileMs, ctem_per_rule: perRuleCompileMs },
    disagreements,
    rules_evaluated_per_document: evaluated / documents,
    undecided,
    shape: ruleSet.shape(),
    method: METHOD,
  };
  if (perRuleMs !== undefined) {
    result.ctem_per_rule_ms = perRuleMs;
    result.rules_vs_ctem_per_rule = perRuleMs / ctemMs;
    result.cpu_ms.ctem_per_rule = cpu[3] as number;
  }
  if (opts.print ?? false) printResult(result);
  return result;
}

function printResult(r: RuleSetBenchResult): void {
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const perDoc = (ms: number): string => `${((ms * 1000) / r.documents).toFixed(2)} µs/doc`;
  const row = (name: string, ms: number, cpuMs: number, ratio: string): string =>
    `${name.padEnd(36)} wall ${fmt(ms).padStart(9)} ms  cpu ${fmt(cpuMs).padStart(9)} ms  ${perDoc(ms).padStart(16)}  ${ratio}`;
  console.log(`Rule set, first match: ${fmt(r.documents)} documents × ${r.rules} rules (a first-match loop evaluates ${r.rules_evaluated_per_document.toFixed(1)} rules per document on average)`);
  console.log(`method: ${r.method}`);
  console.log(`compile: ctem rule set ${r.compile_ms.ctem.toFixed(1)} ms, ctem per rule ${r.compile_ms.ctem_per_rule.toFixed(1)} ms, json-logic-engine ${r.compile_ms.json_logic_engine.toFixed(1)} ms`);
  const s = r.shape;
  console.log(`rule set: ${s.nodes} unique nodes (${s.shared} shared, ${s.paths} var paths), ${s.dimensions.length} index dimensions, ${s.pruningConjuncts} pruning conjuncts, ${s.guards} guards`);
  console.log(row('json-logic-js apply', r.json_logic_js_ms, r.cpu_ms.json_logic_js, `ctem is ${r.rules_vs_json_logic_js.toFixed(1)}× faster`));
  console.log(row('json-logic-engine build (compiled)', r.json_logic_engine_ms, r.cpu_ms.json_logic_engine, `ctem is ${r.rules_vs_json_logic_engine.toFixed(1)}× faster`));
  if (r.ctem_per_rule_ms !== undefined) console.log(row('ctem compile (per-rule closures)', r.ctem_per_rule_ms, r.cpu_ms.ctem_per_rule ?? 0, `ctem is ${(r.rules_vs_ctem_per_rule ?? 0).toFixed(1)}× faster`));
  console.log(row('ctem compileRuleSet', r.ctem_ms, r.cpu_ms.ctem, ''));
  console.log(`disagreements on the deciding rule: ${r.disagreements}; undecided documents: ${r.undecided}`);
}

function argValue(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  if (i === -1) return undefined;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer`);
  return v;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runRuleSetBench({
    findings: argValue('--findings'),
    rules: argValue('--rules'),
    seed: argValue('--seed'),
    slice: argValue('--slice'),
    perRule: !process.argv.includes('--no-per-rule'),
    print: true,
  });
}
