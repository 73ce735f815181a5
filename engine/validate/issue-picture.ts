/**
 * The attack path an issue shows: from the most urgent of its exposures that is on
 * one, as a Mermaid diagram (GitHub renders ```mermaid blocks) and one sentence. Only
 * this allow-listed, escaped shape reaches a template (engine/mobilise/render.ts). Pure.
 */
import type { Decision } from '../model/decision.ts';
import { inlineText } from '../mobilise/sanitize.ts';
import { attackPathMermaid } from './render-graph.ts';

export interface AttackPathContext {
  /** Mermaid source, every label escaped: put it in a ```mermaid block as it is. */
  mermaid: string;
  /** One Markdown sentence, untrusted text made inert. */
  summary: string;
  hops: number;
  paths: number;
  choke_point: boolean;
}

export function attackPathContext(decisions: readonly Decision[]): AttackPathContext | null {
  const d = decisions.find((x) => x.validation.attack_path !== undefined && x.validation.attack_path.assets.length > 0);
  if (d === undefined) return null;
  const path = d.validation.attack_path!;
  const hops = path.steps.length;
  const paths = d.validation.paths_to_crown_jewels ?? 0;
  const choke = d.validation.choke_point === true;
  const first = path.assets[0]!;
  const last = path.assets[path.assets.length - 1]!;
  const code = (s: string) => `\`${inlineText(s, 120)}\``;
  const where =
    first === last
      ? `${code(d.asset)} is an entry point and a crown jewel itself`
      : `${code(d.asset)} is on an attack path from entry point ${code(first)} to crown jewel ${code(last)}`;
  const summary =
    `${where}. The path below is ${hops} hop(s); ${paths} entry-to-crown-jewel path(s) pass through it.` +
    (choke ? ' It is a **choke point**: fixing it cuts attack paths to crown jewels.' : '');
  return { mermaid: attackPathMermaid(path, d.asset), summary, hops, paths, choke_point: choke };
}
