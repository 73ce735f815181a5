/**
 * Pictures of the attack graph: a Mermaid path for an issue body, the whole graph as
 * Mermaid or Graphviz DOT, and a text report (`ctem graph`). Node ids in the
 * diagrams are generated (`n0`, `n1`…); asset ids only ever appear inside quoted
 * labels, escaped for the format (mermaidText in engine/mobilise/sanitize.ts, DOT
 * string escaping here), so no configured or scanned name can change the diagram. Pure.
 */
import { mermaidText } from '../mobilise/sanitize.ts';
import type { AttackGraph } from './attack-graph.ts';
import { chokePointViews } from './graph-facts.ts';
import { capCount, PATH_COUNT_CAP } from './paths.ts';
import { classNames, EDGE_KINDS } from './traversal.ts';

export interface PathPicture {
  assets: string[];
  steps: { from: string; to: string; kinds: string[] }[];
}

const STYLES = [
  '  classDef attacker fill:#fee2e2,stroke:#b91c1c,color:#7f1d1d',
  '  classDef jewel fill:#fef3c7,stroke:#b45309,stroke-width:2px',
  '  classDef here fill:#dbeafe,stroke:#1d4ed8,stroke-width:3px',
];

/** One attack path as a Mermaid flowchart: the attacker, each asset, the edge kinds; `here` is highlighted. */
export function attackPathMermaid(path: PathPicture, here: string): string {
  const lines = ['flowchart LR', '  attacker(("attacker"))'];
  const id = (i: number) => `n${i}`;
  path.assets.forEach((a, i) => lines.push(`  ${id(i)}["${mermaidText(a)}"]`));
  if (path.assets.length > 0) lines.push(`  attacker --> ${id(0)}`);
  path.steps.forEach((s, i) => lines.push(`  ${id(i)} -->|${mermaidText(s.kinds.join(', ') || 'edge')}| ${id(i + 1)}`));
  lines.push(...STYLES, '  class attacker attacker');
  if (path.assets.length > 0) lines.push(`  class ${id(path.assets.length - 1)} jewel`);
  const at = path.assets.indexOf(here);
  if (at >= 0) lines.push(`  class ${id(at)} here`);
  return lines.join('\n');
}

/** The assets the pictures of the whole graph show: every one an edge names, every entry point and crown jewel. */
function shown(g: AttackGraph): number[] {
  const keep = new Uint8Array(g.assets.length);
  for (const e of g.edges) keep[e.from] = keep[e.to] = 1;
  const { isEntry, isTarget } = g.analysis;
  for (let u = 0; u < keep.length; u++) if (isEntry[u] === 1 || isTarget[u] === 1) keep[u] = 1;
  return [...keep.keys()].filter((u) => keep[u] === 1);
}

/** Traversable edges merged per asset pair (with their kinds), and the other declared edges. */
function mergedEdges(g: AttackGraph): { from: number; to: number; kinds: string[]; traversable: boolean }[] {
  const byPair = new Map<string, { from: number; to: number; kinds: Set<string>; traversable: boolean }>();
  for (const e of g.edges) {
    const k = `${e.from}>${e.to}>${e.traversable}`;
    const m = byPair.get(k);
    if (m) m.kinds.add(e.kind);
    else byPair.set(k, { from: e.from, to: e.to, kinds: new Set([e.kind]), traversable: e.traversable });
  }
  return [...byPair.values()]
    .map((m) => ({ ...m, kinds: [...m.kinds].sort() }))
    .sort((a, b) => a.from - b.from || a.to - b.to || Number(b.traversable) - Number(a.traversable));
}

export function graphMermaid(g: AttackGraph): string {
  const { isEntry, isTarget, forward, backward } = g.analysis;
  const lines = ['flowchart LR', '  attacker(("attacker"))'];
  const nodes = shown(g);
  for (const u of nodes) {
    const rank = g.chokeRank[u]!;
    lines.push(`  n${u}["${mermaidText(rank > 0 ? `${g.assets[u]} (choke point ${rank})` : g.assets[u], 120)}"]`);
  }
  for (const u of nodes) if (isEntry[u] === 1) lines.push(`  attacker --> n${u}`);
  for (const e of mergedEdges(g)) {
    const label = mermaidText(e.kinds.join(', '));
    lines.push(e.traversable ? `  n${e.from} -->|${label}| n${e.to}` : `  n${e.from} -.->|${label}| n${e.to}`);
  }
  lines.push(...STYLES, '  classDef onpath stroke:#b91c1c,stroke-width:2px', '  class attacker attacker');
  const cls = (name: string, pick: (u: number) => boolean) => {
    const list = nodes.filter(pick);
    if (list.length) lines.push(`  class ${list.map((u) => `n${u}`).join(',')} ${name}`);
  };
  cls('onpath', (u) => forward.dist[u]! >= 0 && backward.dist[u]! >= 0 && isTarget[u] !== 1);
  cls('jewel', (u) => isTarget[u] === 1);
  cls('here', (u) => g.chokeRank[u]! > 0);
  return lines.join('\n') + '\n';
}

/** A DOT string literal: quotes, backslashes and line breaks cannot end it. */
export function dotString(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return `"${value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function graphDot(g: AttackGraph): string {
  const { isEntry, isTarget, forward, backward } = g.analysis;
  const lines = [
    'digraph attack_graph {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
    '  attacker [label="attacker", shape=doublecircle, fillcolor="#fee2e2", color="#b91c1c"];',
  ];
  const nodes = shown(g);
  for (const u of nodes) {
    const rank = g.chokeRank[u]!;
    const onPath = forward.dist[u]! >= 0 && backward.dist[u]! >= 0;
    const attrs = new Map([['label', dotString(g.assets[u]! + (rank > 0 ? ` (choke point ${rank})` : ''))]]);
    if (isTarget[u] === 1) attrs.set('fillcolor', '"#fef3c7"').set('color', '"#b45309"').set('penwidth', '2');
    else if (onPath) attrs.set('color', '"#b91c1c"').set('penwidth', '2');
    if (rank > 0) attrs.set('fillcolor', '"#dbeafe"').set('penwidth', '3');
    lines.push(`  n${u} [${[...attrs].map(([k, v]) => `${k}=${v}`).join(', ')}];`);
  }
  for (const u of nodes) if (isEntry[u] === 1) lines.push(`  attacker -> n${u};`);
  for (const e of mergedEdges(g)) {
    const attrs = [`label=${dotString(e.kinds.join(', '))}`];
    if (!e.traversable) attrs.push('style=dashed', 'color=gray50', 'fontcolor=gray50');
    lines.push(`  n${e.from} -> n${e.to} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Up to `max` simple entry → crown-jewel paths, in asset-id order, found with at most `budget` steps. */
export function listPaths(g: AttackGraph, max = 50, budget = 200_000): number[][] {
  const out: number[][] = [];
  const { graph, isEntry, isTarget, backward } = g.analysis;
  let steps = 0;
  const onPath = new Uint8Array(g.assets.length);
  const path: number[] = [];
  const walk = (u: number): void => {
    if (out.length >= max || ++steps > budget) return;
    path.push(u);
    onPath[u] = 1;
    if (isTarget[u] === 1) out.push([...path]);
    const next: number[] = [];
    for (let k = graph.out.offsets[u]!; k < graph.out.offsets[u + 1]!; k++) {
      const v = graph.out.targets[k]!;
      if (onPath[v] === 0 && backward.dist[v]! >= 0 && !next.includes(v)) next.push(v);
    }
    for (const v of next.sort((a, b) => a - b)) walk(v);
    onPath[u] = 0;
    path.pop();
  };
  for (let u = 0; u < g.assets.length && out.length < max; u++) if (isEntry[u] === 1 && backward.dist[u]! >= 0) walk(u);
  return out;
}

export interface TextOptions {
  /** Per asset, the exposures that open its on-path edges (fingerprint or vulnerability ids), for the choke-point list. */
  pivots?: ReadonlyMap<string, string[]>;
  maxPaths?: number;
}

/** The plain-text report `ctem graph` prints. Asset ids are configuration, printed as they are. */
export function graphText(g: AttackGraph, options: TextOptions = {}): string[] {
  const { isEntry, isTarget, forward, paths } = g.analysis;
  const n = g.assets.length;
  const count = (pick: (u: number) => boolean) => [...Array(n).keys()].filter(pick);
  const entries = count((u) => isEntry[u] === 1);
  const targets = count((u) => isTarget[u] === 1);
  const reachedTargets = targets.filter((u) => forward.dist[u]! >= 0);
  const traversable = g.edges.filter((e) => e.traversable).length;
  const total = capCount(paths.total);
  const name = (u: number) => g.assets[u]!;
  const arrow = (route: number[]) =>
    route.map((u, i) => (i === 0 ? name(u) : ` -[${kindsBetween(g, route[i - 1]!, u)}]-> ${name(u)}`)).join('');

  const out = [
    `attack graph: ${n} assets, ${g.edges.length} edges (${traversable} traversable), ${entries.length} entry points, ${targets.length} crown jewels`,
    `entry points: ${entries.map(name).join(', ') || 'none'}`,
    `crown jewels reached: ${reachedTargets.length} of ${targets.length}${reachedTargets.length ? ` (${reachedTargets.map(name).join(', ')})` : ''}`,
    `entry → crown-jewel paths: ${total}${total === PATH_COUNT_CAP ? '+' : ''}`,
    '',
  ];
  if (reachedTargets.length) {
    out.push('shortest path to each reached crown jewel:');
    const width = Math.max(...reachedTargets.map((u) => name(u).length));
    for (const t of reachedTargets) {
      const route: number[] = [];
      for (let u = t; u !== -1; u = forward.via[u]!) route.unshift(u);
      out.push(`  ${name(t).padEnd(width)}  ${String(forward.dist[t]).padStart(2)} hop(s)  ${arrow(route)}`);
    }
    out.push('');
    const listed = listPaths(g, options.maxPaths ?? 50);
    out.push(`paths (${listed.length} shown${listed.length < total ? ` of ${total}` : ''}):`);
    for (const p of listed) out.push(`  ${arrow(p)}`);
    out.push('');
  }
  const chokes = chokePointViews(g);
  if (chokes.length) {
    out.push('choke points (fix in this order; each cuts the paths left by the ones before):');
    const width = Math.max(...chokes.map((c) => c.asset.length));
    for (const c of chokes) {
      const pivots = options.pivots?.get(c.asset) ?? [];
      const via = pivots.length ? `  via ${pivots.slice(0, 5).join(', ')}${pivots.length > 5 ? ` and ${pivots.length - 5} more` : ''}` : '';
      out.push(`  ${String(c.rank).padStart(2)}. ${c.asset.padEnd(width)}  cuts ${c.cuts} path(s): ${c.paths_before} → ${c.paths_after}${c.exhaustive ? '' : ' (not every candidate was evaluated)'}${via}`);
    }
  } else {
    out.push(total > 0 ? 'choke points: none — no single fix cuts a path (every remaining path starts at an internet-facing crown jewel)' : 'choke points: none — no path to cut');
  }
  const closed = g.edges.filter((e) => !e.traversable && forward.dist[e.from]! >= 0);
  if (closed.length) {
    out.push('', 'edges an attacker reaches but cannot cross (no exposure on the source opens them):');
    for (const e of closed.slice(0, 20)) {
      const has = classNames(g.capability[e.from]!).filter((c) => c !== 'any');
      out.push(`  ${name(e.from)} -[${e.kind}]-> ${name(e.to)}  needs ${classNames(g.rules.admits[e.kind]).join(' or ')}; has ${has.join(', ') || 'no exploitable exposure'}`);
    }
    if (closed.length > 20) out.push(`  …and ${closed.length - 20} more`);
  }
  return out;
}

function kindsBetween(g: AttackGraph, a: number, b: number): string {
  const kinds = new Set(g.out[a]!.filter((e) => e.to === b && e.traversable).map((e) => e.kind));
  return EDGE_KINDS.filter((k) => kinds.has(k)).join(', ');
}

