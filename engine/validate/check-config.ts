/**
 * Checks of the validation stage's configuration that need the inventory, located
 * at the offending line (docs/validation.md, "Bad input"):
 *  - an edge or entry point naming an asset the inventory does not know, or an edge
 *    from an asset to itself: a warning, and the edge is ignored — inventories change
 *    under reviewed configuration, and a stale edge must not stop every run;
 *  - `attack_graph` in more than one policy file: an error (which one would win?);
 *  - an evidence source's `asset` the inventory does not know: an error, as for sources;
 *  - validation records: duplicate ids and unknown scopes are errors. Pure.
 */
import type { LoadedConfig, Located } from '../config/load.ts';
import { suggest } from '../config/suggest.ts';
import type { Problem } from '../errors.ts';
import type { InventoryAsset } from '../model/asset.ts';

export function checkValidationConfig(config: LoadedConfig, assets: readonly InventoryAsset[]): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set(assets.map((a) => a.id));
  const known = [...ids];
  const at = (l: Located<unknown>, path: (string | number)[], severity: Problem['severity'], code: string, message: string, hint?: string, key = false) => {
    const pos = l.locate(path, { key });
    problems.push({ code, severity, message, file: l.file, line: pos.line, column: pos.column, ...(hint ? { hint } : {}) });
  };
  const unknown = (id: string) => {
    const guess = suggest(id, known);
    return `unknown asset '${id}'${guess ? ` (did you mean '${guess}'?)` : ''}`;
  };

  for (const s of config.scopes) {
    (s.value.edges ?? []).forEach((e, i) => {
      for (const end of ['from', 'to'] as const) {
        if (!ids.has(e[end])) at(s, ['edges', i, end], 'warning', 'edge-unknown-asset', `edge ${e.from} → ${e.to} (${e.kind}) names ${unknown(e[end])}; the edge is ignored`, 'asset ids are those of the inventory (ctem.yaml `inventory`)');
      }
      if (e.from === e.to && ids.has(e.from)) at(s, ['edges', i], 'warning', 'edge-self-loop', `edge from '${e.from}' to itself is ignored: it adds no path`);
    });
    (s.value.entry_points ?? []).forEach((id, i) => {
      if (!ids.has(id)) at(s, ['entry_points', i], 'warning', 'entry-point-unknown-asset', `entry point names ${unknown(id)}; it is ignored`);
    });
  }

  const withGraph = config.policies.filter((p) => p.value.attack_graph !== undefined);
  for (const p of withGraph.slice(1)) {
    at(p, ['attack_graph'], 'error', 'duplicate-attack-graph', `attack_graph is already set in ${withGraph[0]!.file}; only one policy file may set it`, undefined, true);
  }

  const { ctem } = config;
  (ctem.value.evidence ?? []).forEach((s, i) => {
    if (s.asset !== undefined && !ids.has(s.asset)) at(ctem, ['evidence', i, 'asset'], 'error', 'unknown-asset', `evidence source names ${unknown(s.asset)}`);
  });

  const scopes = new Set(config.scopes.map((s) => s.value.id));
  const seen = new Map<string, string>();
  for (const v of config.validations ?? []) {
    const base = ['validations', v.index];
    const first = seen.get(v.value.id);
    if (first !== undefined) at(v, [...base, 'id'], 'error', 'duplicate-validation', `duplicate validation id '${v.value.id}' (first defined in ${first})`);
    else seen.set(v.value.id, v.file);
    const sc = v.value.selector.scope;
    if (sc !== undefined && !scopes.has(sc)) {
      const guess = suggest(sc, [...scopes]);
      at(v, [...base, 'selector', 'scope'], 'error', 'unknown-scope', `unknown scope '${sc}'${guess ? ` (did you mean '${guess}'?)` : ''}`);
    }
  }
  return problems;
}
