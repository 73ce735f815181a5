/**
 * Every field of the rule input document (input-document.ts builds it), described
 * once: `ctem validate` checks each constant `var` path of a rule against this list,
 * so a misspelt field (`kev.lsted`, which would read null forever and never fire) is
 * an error, not a silent miss. docs/policy.md ("The input document") lists the same
 * fields with the same types; tests keep the three from drifting apart.
 */
import { suggest } from '../config/suggest.ts';

/** As docs/policy.md writes the type column. */
export type InputFieldType =
  | 'string'
  | 'string | null'
  | 'number'
  | 'number | null'
  | 'boolean'
  | 'boolean | null'
  | 'string[]'
  | 'object'
  | 'object | null';

export interface InputField {
  /** Dotted, as a rule's `var` names it. Parents that are plain objects need no entry of their own. */
  readonly path: string;
  readonly type: InputFieldType;
  /** An open map: any key may follow (free-form inventory attributes), and nothing below that key. */
  readonly open?: true;
}

export const RULE_INPUT_FIELDS: readonly InputField[] = [
  { path: 'finding.kind', type: 'string' },
  { path: 'finding.rule_id', type: 'string' },
  { path: 'finding.vulnerability_id', type: 'string | null' },
  { path: 'finding.aliases', type: 'string[]' },
  { path: 'finding.cwe', type: 'string[]' },
  { path: 'finding.title', type: 'string' },
  { path: 'finding.severity', type: 'string' },
  { path: 'finding.tools', type: 'string[]' },
  { path: 'finding.package', type: 'object | null' },
  { path: 'finding.package.name', type: 'string' },
  { path: 'finding.package.ecosystem', type: 'string | null' },
  { path: 'finding.package.installed_version', type: 'string | null' },
  { path: 'finding.package.fixed_versions', type: 'string[]' },
  { path: 'finding.package.fixable', type: 'boolean' },
  { path: 'finding.path', type: 'string | null' },
  { path: 'finding.suppressed', type: 'boolean' },
  { path: 'finding.first_seen', type: 'string' },
  { path: 'finding.age_days', type: 'number' },

  { path: 'asset.id', type: 'string' },
  { path: 'asset.type', type: 'string' },
  { path: 'asset.name', type: 'string | null' },
  { path: 'asset.tags', type: 'string[]' },
  { path: 'asset.repository', type: 'string | null' },
  { path: 'asset.exposure', type: 'string | null' },
  { path: 'asset.attributes', type: 'object', open: true },
  { path: 'asset.known', type: 'boolean' },

  { path: 'scope.id', type: 'string | null' },
  { path: 'scope.criticality', type: 'string | null' },
  { path: 'scope.exposure', type: 'string | null' },
  { path: 'scope.crown_jewel', type: 'boolean' },
  { path: 'scope.data_classification', type: 'string[]' },

  { path: 'epss', type: 'object | null' },
  { path: 'epss.score', type: 'number' },
  { path: 'epss.percentile', type: 'number' },
  // The three below `listed` are absent, so read null, when it is false: the view is then just `{listed: false}`.
  { path: 'kev.listed', type: 'boolean' },
  { path: 'kev.date_added', type: 'string | null' },
  { path: 'kev.due_date', type: 'string | null' },
  { path: 'kev.ransomware', type: 'boolean | null' },
  { path: 'cvss', type: 'object | null' },
  { path: 'cvss.version', type: 'string' },
  { path: 'cvss.score', type: 'number' },
  { path: 'cvss.severity', type: 'string' },
  { path: 'cvss.vector', type: 'string' },
  { path: 'ssvc.decision', type: 'string' },
  { path: 'ssvc.exploitation', type: 'string' },
  { path: 'ssvc.automatable', type: 'string' },
  { path: 'ssvc.technical_impact', type: 'string' },
  { path: 'ssvc.mission_wellbeing', type: 'string' },

  { path: 'validation.internet_exposed', type: 'boolean' },
  { path: 'validation.crown_jewel', type: 'boolean' },
  { path: 'validation.reachable', type: 'boolean' },
  { path: 'validation.on_path', type: 'boolean' },
  { path: 'validation.path_length', type: 'number | null' },
  { path: 'validation.paths_to_crown_jewels', type: 'number' },
  { path: 'validation.choke_point', type: 'boolean' },
  { path: 'validation.pivot', type: 'boolean' },
  { path: 'validation.confirmed', type: 'boolean' },
  { path: 'validation.result', type: 'string | null' },
  { path: 'validation.vex', type: 'string | null' },

  { path: 'sla.previous_priority', type: 'string | null' },
  { path: 'sla.previous_due_date', type: 'string | null' },
  { path: 'sla.overdue', type: 'boolean' },

  { path: 'now', type: 'string' },
];

/** Where a user reads what exists; the hint of every unknown-field error. */
export const INPUT_DOCUMENT_HINT = 'the fields a rule can read are listed in docs/policy.md, "The input document"';

/** One name of the document: an object with children, or a described field. */
interface FieldNode {
  readonly field?: InputField;
  readonly children: Map<string, FieldNode>;
}

const ROOT = buildTree(RULE_INPUT_FIELDS);

function buildTree(fields: readonly InputField[]): FieldNode {
  const root: FieldNode = { children: new Map() };
  for (const field of fields) {
    const segs = field.path.split('.');
    let node = root;
    segs.forEach((seg, i) => {
      let next = node.children.get(seg);
      if (next === undefined) node.children.set(seg, (next = { children: new Map(), ...(i === segs.length - 1 && { field }) }));
      else if (i === segs.length - 1) node.children.set(seg, (next = { ...next, field }));
      node = next;
    });
  }
  return root;
}

/**
 * Why a rule reading `path` would always read null, or undefined when the document
 * has it. Below a list only an index (`finding.aliases.0`) or `length` may follow;
 * below a string only `length` (JSON Logic's `var` sees both); below an attribute
 * value, nothing.
 */
export function inputPathProblem(path: string): { message: string; hint: string } | undefined {
  const segs = path.split('.');
  let node = ROOT;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as string;
    const here = segs.slice(0, i).join('.');
    const child = node.children.size > 0 ? node.children.get(seg) : undefined;
    if (child !== undefined) {
      node = child;
      continue;
    }
    const field = node.field;
    const rest = segs.slice(i + 1);
    if (field?.open === true) {
      if (rest.length === 0) return undefined;
      return unknown(path, `'${here}.${seg}' is an attribute value and has no fields`);
    }
    if (field?.type === 'string[]') {
      if ((/^\d+$/.test(seg) || seg === 'length') && rest.length === 0) return undefined;
      return unknown(path, `'${here}' is a list: only an index ('${here}.0') or 'length' may follow it`);
    }
    if (field?.type.startsWith('string') === true) {
      if (seg === 'length' && rest.length === 0) return undefined;
      return unknown(path, `'${here}' is a string: only 'length' may follow it`);
    }
    if (field !== undefined && node.children.size === 0) return unknown(path, `'${here}' is a ${field.type.replace(' | null', '')} and has no fields`);
    const guess = suggestPath(node, segs.slice(0, i), seg, rest);
    const why = i === 0 ? `the input document has no '${seg}'` : `'${here}' has no field '${seg}'`;
    return unknown(path, `${why}${guess === undefined ? '' : ` (did you mean '${guess}'?)`}`);
  }
  return undefined;
}

function unknown(path: string, why: string): { message: string; hint: string } {
  return { message: `unknown variable '${path}': ${why}`, hint: INPUT_DOCUMENT_HINT };
}

/** The misspelt name corrected among its siblings, with the rest of the path kept when that then exists. */
function suggestPath(parent: FieldNode, before: readonly string[], seg: string, rest: readonly string[]): string | undefined {
  const name = suggest(seg, [...parent.children.keys()]);
  if (name === undefined) return undefined;
  const fixed = [...before, name].join('.');
  const whole = [fixed, ...rest].join('.');
  return rest.length > 0 && inputPathProblem(whole) === undefined ? whole : fixed;
}
