/**
 * `ctem explain ID --at DATE`: the decision as it stood at DATE, from the decision
 * ledger, explained exactly like a fresh one. The ledger keeps neither EPSS scores
 * nor report pointers (docs/ledger.md), and the explanation says so instead of
 * pretending there was no score.
 */
import { CtemError, ExitCode } from '../../errors.ts';
import { explainDecision } from '../../explain/explain.ts';
import { decisionAt } from '../../ledger/history.ts';
import type { PastDecision } from '../../ledger/record.ts';
import type { Decision } from '../../model/decision.ts';
import type { Io } from '../io.ts';
import { openConfiguredLedger } from './history.ts';

const NOT_KEPT = 'not kept in the ledger';

export async function explainAt(root: string, id: string, at: string, format: string, io: Io): Promise<number> {
  const ledger = await openConfiguredLedger(root);
  const found = await decisionAt(ledger, id, at);
  if (!found) {
    throw new CtemError(
      { code: 'unknown-exposure', severity: 'error', message: `ctem explain: exposure ${id} had not been seen yet at ${at}`, hint: `see when it was first recorded: ctem history ${id}` },
      ExitCode.usage,
    );
  }
  if (format === 'json') {
    io.out(JSON.stringify(found, null, 2));
    return ExitCode.ok;
  }
  const where = `${ledger.describe}, record of commit ${found.record_commit.slice(0, 12)}`;
  if (found.decision === null) {
    io.out(`exposure ${found.fingerprint} was closed at ${at}: the run of ${found.run_at} no longer reported it (${where}).`);
    return ExitCode.ok;
  }
  io.out(`As decided by the run of ${found.run_at} (${where}):`);
  io.out('');
  const { decision, epssKnown } = asDecision(found.decision);
  for (const line of explainDecision(decision)) {
    io.out(!epssKnown && /^\s*EPSS\s+model /.test(line) ? line.replace(/: no score for this exposure$/, `: the score is ${NOT_KEPT} (see the EPSS file of that date)`) : line);
  }
  return ExitCode.ok;
}

/** The shape explainDecision reads; the EPSS score comes back from the inputs when the deciding rule read it. */
function asDecision(past: PastDecision): { decision: Decision; epssKnown: boolean } {
  const score = past.inputs['epss.score'];
  const percentile = past.inputs['epss.percentile'];
  const epss = typeof score === 'number' && typeof percentile === 'number' ? { score, percentile } : null;
  const { issue: _issue, ...rest } = past;
  return {
    decision: {
      ...rest,
      enrichment: { ...past.enrichment, epss },
      finding: { ...past.finding, sources: past.finding.sources.map((s) => ({ ...s, pointer: `(pointer ${NOT_KEPT})` })) },
    },
    epssKnown: epss !== null,
  };
}
