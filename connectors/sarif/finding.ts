/**
 * One SARIF result -> one DiscoveredFinding. Only called on validated logs; every read is
 * type-guarded, so whatever else a result holds (or lacks) it maps without throwing.
 */
import type { DiscoveredFinding, FindingSource } from '../../engine/model/finding.ts';
import { toJsonPointer } from '../../engine/model/json-path.ts';
import { cvssOf } from './cvss.ts';
import { nativeFingerprint } from './fingerprints.ts';
import { advisories, advisoryProperties, cweIds, tagsOf } from './identifiers.ts';
import { arrayField, objectField, stringsField, textField, type JsonObject } from './json.ts';
import { kindOf } from './kind.ts';
import { primaryLocation } from './locations.ts';
import { packageOf } from './packages.ts';
import { baselineStateOf, suppressionOf } from './result-state.ts';
import { buildRuleCatalog, resolveRule, type RuleCatalog } from './rules.ts';
import { severityOf } from './severity.ts';
import { messageText, ruleDescription, ruleSummary } from './text.ts';
import { toolFamily, toolHints, type ToolFamily } from './tools.ts';

/** What every result of one run shares. */
export interface RunContext {
  readonly run: JsonObject;
  readonly runIndex: number;
  readonly catalog: RuleCatalog;
  readonly family: ToolFamily;
  readonly tool: string;
  readonly toolVersion: string | undefined;
  readonly file: string;
  readonly assetHint: string | undefined;
  readonly target: string | undefined;
}

/** The id used when a result names no rule at all (no ruleId, rule.id, or resolvable rule). */
export const UNKNOWN_RULE = 'unknown';
/** The tool name used when the driver's name is missing, empty or null. */
export const UNKNOWN_TOOL = 'unknown';

export function toFinding(ctx: RunContext, result: JsonObject, resultIndex: number): DiscoveredFinding {
  const resolved = resolveRule(ctx.catalog, result);
  const rule = resolved.ok ? resolved.rule : undefined;
  const ruleId =
    textField(result, 'ruleId') ?? textField(objectField(result, 'rule'), 'id') ?? textField(rule, 'id') ?? UNKNOWN_RULE;

  const message = messageText(objectField(result, 'message'), rule);
  const hints = toolHints(ctx.family, rule, message);
  const location = primaryLocation(result, ctx.run);
  const pkg = packageOf(ctx.family, message, rule);
  const tags = [...tagsOf(rule), ...tagsOf(result)];
  const { vulnerabilityId, aliases } = advisories([
    ruleId,
    textField(rule, 'id') ?? '',
    textField(rule, 'name') ?? '',
    ...stringsField(rule, 'deprecatedIds'),
    ...tags,
    ...advisoryProperties(result),
    ...advisoryProperties(rule),
    ...hints.advisoryTexts,
  ], hints.ruleIsAdvisory && ruleId !== UNKNOWN_RULE ? [ruleId] : []);

  const finding: DiscoveredFinding = {
    kind: kindOf({
      toolKind: hints.kind,
      tags,
      result,
      hasAdvisory: aliases.length > 0,
      hasPackage: pkg !== undefined,
      path: location?.path,
    }),
    ruleId,
    aliases,
    cwe: cweIds(ruleId, result, rule, ctx.run),
    title: message ?? ruleSummary(rule) ?? ruleId,
    severity: severityOf(result, rule, hints.severity),
    sources: [source(ctx, result, resultIndex)],
  };
  if (vulnerabilityId !== undefined) finding.vulnerabilityId = vulnerabilityId;
  const description = ruleDescription(rule);
  if (description !== undefined) finding.description = description;
  const cvss = cvssOf(objectField(result, 'properties'), objectField(rule, 'properties'));
  if (cvss !== undefined) finding.cvss = cvss;
  if (pkg !== undefined) finding.package = pkg;
  if (location !== undefined) finding.location = location;
  if (ctx.target !== undefined) finding.target = ctx.target;
  const suppressed = suppressionOf(result);
  if (suppressed !== undefined) finding.suppressed = suppressed;
  const baselineState = baselineStateOf(result);
  if (baselineState !== undefined) finding.baselineState = baselineState;
  const helpUri = textField(rule, 'helpUri');
  if (helpUri !== undefined) finding.helpUri = helpUri;
  const fingerprint = nativeFingerprint(result);
  if (fingerprint !== undefined) finding.nativeFingerprint = fingerprint;
  if (ctx.assetHint !== undefined) finding.assetHint = ctx.assetHint;
  return finding;
}

function source(ctx: RunContext, result: JsonObject, resultIndex: number): FindingSource {
  const src: FindingSource = {
    connector: 'sarif',
    tool: ctx.tool,
    file: ctx.file,
    pointer: toJsonPointer(['runs', ctx.runIndex, 'results', resultIndex]),
  };
  if (ctx.toolVersion !== undefined) src.toolVersion = ctx.toolVersion;
  const nativeId = textField(result, 'guid') ?? textField(result, 'correlationGuid');
  if (nativeId !== undefined) src.nativeId = nativeId;
  return src;
}

/** The run-level facts every finding of a run carries. */
export function runContext(run: JsonObject, runIndex: number, file: string): RunContext {
  const driver = objectField(objectField(run, 'tool'), 'driver');
  const name = textField(driver, 'name');
  // The codeql-action test data has runs whose driver name is "" or null.
  const tool = name === undefined || name.trim() === '' ? UNKNOWN_TOOL : name;
  const family = toolFamily(tool);
  return {
    run,
    runIndex,
    catalog: buildRuleCatalog(run),
    family,
    tool,
    toolVersion: textField(driver, 'semanticVersion') ?? textField(driver, 'version'),
    file,
    assetHint: textField(arrayField(run, 'versionControlProvenance')?.[0], 'repositoryUri'),
    // Trivy records the scanned image in the run's property bag.
    target: family === 'trivy' ? textField(objectField(run, 'properties'), 'imageName') : undefined,
  };
}
