/** The distinct rules and exceptions that decided an exposure over its history, to look each up once. Pure. */
import type { DecisionException, DecisionRule } from '../model/decision.ts';
import type { HistoryPoint } from './timeline.ts';

export interface Deciders {
  rules: DecisionRule[];
  /** Each exception with the configuration commit of the first run that applied it. */
  exceptions: { exception: DecisionException; configCommit: string | null }[];
}

export function decidersOf(points: readonly HistoryPoint[]): Deciders {
  const rules = new Map<string, DecisionRule>();
  const exceptions = new Map<string, Deciders['exceptions'][number]>();
  for (const p of points) {
    const r = p.record;
    if (!r) continue;
    const rk = `${r.rule.id}\0${r.rule.file}\0${r.rule.commit ?? ''}`;
    if (!rules.has(rk)) rules.set(rk, r.rule);
    if (r.exception) {
      const ek = `${r.exception.id}\0${r.exception.file}`;
      if (!exceptions.has(ek)) exceptions.set(ek, { exception: r.exception, configCommit: p.run?.config_commit ?? null });
    }
  }
  return { rules: [...rules.values()], exceptions: [...exceptions.values()] };
}
