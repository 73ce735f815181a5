/**
 * The imperative shell before the cycle: read and validate every input — config,
 * inventory, scanner reports, feeds — collecting all problems. Nothing is
 * mobilised unless this succeeds.
 */
import { findingConnectors, inventoryConnectors } from '../../connectors/registry.ts';
import { checkReferences } from '../config/check-references.ts';
import { fsReader } from '../config/fs-reader.ts';
import { loadConfig, type ConfigReader, type LoadedConfig } from '../config/load.ts';
import { ingestSources, type SourceStats } from '../discover/ingest.ts';
import { ingestThreads } from '../discover/threads/pool.ts';
import { releaseInternPools } from '../discover/intern.ts';
import { mergeFindings } from '../discover/merge.ts';
import { hasErrors, type Problem } from '../errors.ts';
import type { InventoryAsset } from '../model/asset.ts';
import type { Decision } from '../model/decision.ts';
import type { Finding } from '../model/finding.ts';
import { compilePolicies, type PolicySet } from '../policy/compile-policy.ts';
import type { EnrichmentView } from '../prioritise/input-document.ts';
import { buildAssetIndex } from '../scope/asset-index.ts';
import { attachScannerSources } from '../scope/correlate.ts';
import type { Scope } from '../scope/match-scopes.ts';
import type { Progress } from '../discover/progress.ts';
import { checkValidationConfig } from '../validate/check-config.ts';
import type { EvidenceSet } from '../validate/stage.ts';
import { loadEvidence, type EvidenceStats } from './evidence.ts';
import { loadFeeds } from './feeds.ts';
import { gitHubAccessFromEnv } from './github-access.ts';
import { fileCommits } from './git-info.ts';
import { boundHeapGrowth, collectGarbage } from './heap.ts';
import { loadInventory } from './inventory.ts';
import type { CycleInput } from '../cycle.ts';

export interface ConfigCheck {
  config: LoadedConfig | undefined;
  assets: InventoryAsset[];
  problems: Problem[];
}

/** Configuration and inventory: what `ctem validate` checks. */
export async function checkConfiguration(
  root: string,
  now: string,
  reader: ConfigReader = fsReader(root),
  /** Where a GitHub inventory reads GITHUB_TOKEN and GITHUB_API_URL (default: the process environment). */
  env?: Readonly<Record<string, string | undefined>>,
): Promise<ConfigCheck> {
  const { config, problems } = await loadConfig(reader);
  if (!config) return { config, assets: [], problems };
  problems.push(
    ...checkReferences(config, {
      findingConnectors: [...findingConnectors.keys()],
      inventoryConnectors: [...inventoryConnectors.keys()],
      sourceConnectors: findingConnectors,
      today: now.slice(0, 10),
    }),
  );
  const inv = await loadInventory(root, config.ctem.value, { locate: config.ctem.locate, ...(env ? { env } : {}) });
  problems.push(...inv.problems);
  problems.push(...checkValidationConfig(config, inv.assets));
  return { config, assets: inv.assets, problems };
}

export interface Prepared {
  config: LoadedConfig;
  policy: PolicySet;
  assets: InventoryAsset[];
  /**
   * Every finding read, already merged into exposures (engine/discover/merge.ts): one
   * per fingerprint, in fingerprint order. The raw duplicates (one CVE reported by two
   * scanners) are not kept: at a million findings they are a fifth of the run's memory.
   * Empty once `handOverFindings` has given them to the cycle.
   */
  findings: Finding[];
  /** How many raw findings the reports held, before merging (what summaries call findings). */
  findingCount: number;
  stats: SourceStats[];
  unresolved: Set<string>;
  enrich: (f: Finding, scope: Scope | undefined) => EnrichmentView;
  feeds: Decision['feeds'];
  policyCommits: Map<string, string>;
  /** VEX statements and exploit confirmations (`evidence:` in ctem.yaml). */
  evidence: EvidenceSet;
  evidenceStats: EvidenceStats[];
  problems: Problem[];
}

export interface RunEnvironment {
  /** The environment, for GitHub sources (GITHUB_TOKEN, GITHUB_API_URL); none: such sources fail. */
  env?: Record<string, string | undefined>;
  /** Progress bars for large reports (the CLI passes one only when stderr is a terminal). */
  progress?: Progress;
}

export async function prepareRun(root: string, now: string, run: RunEnvironment = {}): Promise<{ prepared?: Prepared; problems: Problem[] }> {
  // A run holds one large thing at a time: the heap need not grow to twice it (heap.ts).
  boundHeapGrowth();
  const checked = await checkConfiguration(root, now, fsReader(root), run.env);
  const problems = [...checked.problems];
  if (!checked.config || hasErrors(problems)) return { problems };
  const config = checked.config;
  const index = buildAssetIndex(checked.assets);
  const ingest = await ingestSources(root, config.ctem.value.sources, index, {
    github: gitHubAccessFromEnv(run.env ?? {}, config.ctem.value.github?.api_url),
    progress: run.progress,
    threads: ingestThreads(run.env ?? {}),
  });
  problems.push(...ingest.problems);
  const feeds = await loadFeeds(root, config.ctem.value.feeds ?? {});
  problems.push(...feeds.problems);
  const evidence = await loadEvidence(root, config.ctem.value.evidence ?? []);
  problems.push(...evidence.problems);
  if (hasErrors(problems)) return { problems };
  const policy = compilePolicies(config);
  const policyCommits = await policyFileCommits(root, config);
  return {
    problems,
    prepared: {
      config,
      policy,
      assets: attachScannerSources(checked.assets, ingest.findings),
      findings: mergeFindings(ingest.findings),
      findingCount: ingest.findings.length,
      stats: ingest.stats,
      unresolved: ingest.unresolved,
      enrich: feeds.enrich,
      feeds: feeds.versions,
      policyCommits,
      evidence: evidence.evidence,
      evidenceStats: evidence.stats,
      problems,
    },
  };
}

/** The commit that last changed ctem.yaml and each policy file: what each decision names beside its rule. */
export function policyFileCommits(root: string, config: LoadedConfig): Promise<Map<string, string>> {
  return fileCommits(root, ['ctem.yaml', ...config.policies.map((p) => p.file)]);
}

/**
 * The exposures for `runCycle`, handed over: when the cycle takes them, `prepared`
 * lets go of them (`findings` becomes empty), so the cycle holds the only reference
 * and they can be collected once decided, before planning, rendering and writing.
 * For the run paths, which read only their number afterwards (`findingCount`, the
 * cycle's `exposureCount`): at full size they are about 600 MB (docs/scale.md).
 */
/** What a command adds to a prepared run's cycle input: the ledger's memory, a shard's share. */
export interface CycleExtras {
  firstSeen?: CycleInput['firstSeen'];
  previous?: CycleInput['previous'];
  select?: CycleInput['select'];
  /** Give the findings to the cycle for good (`handOverFindings`): for a caller that needs them no more. */
  handOver?: boolean;
  /** A bar for deciding (a terminal's). */
  progress?: CycleInput['progress'];
}

/**
 * The cycle's input from a prepared run — one mapping for every command (run, explain,
 * graph, plan, a shard, the benchmark), so none of them can forget a part (evidence,
 * the ledger's memory) the others pass.
 */
export function cycleInputFrom(prepared: Prepared, now: string, extras: CycleExtras = {}): CycleInput {
  return {
    config: prepared.config,
    policy: prepared.policy,
    assets: prepared.assets,
    findings: extras.handOver === true ? handOverFindings(prepared) : prepared.findings,
    enrich: prepared.enrich,
    feeds: prepared.feeds,
    policyCommits: prepared.policyCommits,
    firstSeen: extras.firstSeen ?? new Map(),
    previous: extras.previous,
    existingIssues: [],
    evidence: prepared.evidence,
    now,
    select: extras.select,
    progress: extras.progress,
  };
}

export function handOverFindings(prepared: Prepared): () => Finding[] {
  return () => {
    const findings = prepared.findings;
    prepared.findings = [];
    // The pools hold the findings' long text (descriptions, purls): let it go with them.
    releaseInternPools();
    // Ingest's garbage is all dead now: collected before the cycle grows the heap (heap.ts).
    collectGarbage();
    return findings;
  };
}
