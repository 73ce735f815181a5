/**
 * Rule evaluation on the estate's own policy and input documents: the 300 rules
 * of policies/ against the input documents of N exposures (built exactly as the
 * cycle builds them, by `decide`), every rule on every document, under ctem's
 * compiled closures, json-logic-js (interpreted) and json-logic-engine
 * (compiled), interleaved, through `runJsonLogicBench`; and deciding each document
 * under the whole policy (first match): the engine's `evaluateRules` against each
 * peer walking the rules in order.
 *
 *   node --import tsx bench/stages/rules.ts ESTATE_DIR NOW DOCUMENTS
 */
import { prepareRun } from '../../engine/app/prepare.ts';
import { mergeFindings } from '../../engine/discover/merge.ts';
import { decide } from '../../engine/prioritise/decide.ts';
import { evaluateRules } from '../../engine/prioritise/evaluate.ts';
import { compileExceptions } from '../../engine/prioritise/exceptions.ts';
import { assignScopes, compileScope } from '../../engine/scope/match-scopes.ts';
import { report } from '../child.ts';
import { runJsonLogicBench } from '../jsonlogic.ts';

const [dir, now, wanted] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4])];
const { prepared, problems } = await prepareRun(dir, now);
if (!prepared) throw new Error(`prepareRun failed: ${problems.filter((p) => p.severity === 'error').slice(0, 3).map((p) => p.message).join('; ')}`);
const scopes = prepared.config.scopes.map((s) => compileScope(s.value, s.file));
const assignment = assignScopes(prepared.assets, scopes);
const ctx = {
  policy: prepared.policy,
  exceptions: compileExceptions(prepared.config.exceptions),
  assets: new Map(prepared.assets.map((a) => [a.id, a])),
  primaryScope: assignment.primaryOf,
  enrich: prepared.enrich,
  feeds: prepared.feeds,
  policyCommits: prepared.policyCommits,
  firstSeen: new Map<string, string>(),
  now,
};
const exposures = mergeFindings(prepared.findings);
// Evenly spread over the exposures (sorted by fingerprint, so effectively random).
const n = Math.min(wanted, exposures.length);
const documents: unknown[] = [];
for (let i = 0; i < n; i++) documents.push(decide(exposures[Math.floor((i * exposures.length) / n)]!, ctx).input);
const ruleSet = prepared.policy.rules.map((r) => r.when);
// Deciding is compared too: the engine's own evaluation (evaluateRules) against each peer walking the rules in order.
const policy = prepared.policy;
if (policy.mode !== 'first-match') throw new Error('the rule benchmark compares first-match deciding');
const decideDoc = (doc: unknown): number => evaluateRules(policy, doc).rule?.order ?? -1;
const r = runJsonLogicBench({ ruleSet, documents, decide: decideDoc });
report(r);
