/**
 * The CISA SSVC coordinator decision (Track / Track* / Attend / Act), as a table
 * lookup. The table is not written out here: it is built, when this module loads,
 * from CERT/CC's published decision table (data/cisa_coordinator_2_0_3.json, a
 * byte-identical copy; see data/SOURCES.md), so updating the decision means
 * replacing that file, and the tests check every row of it.
 *
 * Values are the published names in lower case, as the official CSV writes them
 * (`public poc`, `track*`), so policies can quote CISA's documentation verbatim.
 */
import table from './data/cisa_coordinator_2_0_3.json' with { type: 'json' };

export const EXPLOITATION = ['none', 'public poc', 'active'] as const;
export const AUTOMATABLE = ['no', 'yes'] as const;
export const TECHNICAL_IMPACT = ['partial', 'total'] as const;
export const MISSION_WELLBEING = ['low', 'medium', 'high'] as const;
export const SSVC_DECISIONS = ['track', 'track*', 'attend', 'act'] as const;

export type Exploitation = (typeof EXPLOITATION)[number];
export type Automatable = (typeof AUTOMATABLE)[number];
export type TechnicalImpact = (typeof TECHNICAL_IMPACT)[number];
export type MissionWellbeing = (typeof MISSION_WELLBEING)[number];
export type SsvcDecision = (typeof SSVC_DECISIONS)[number];

export interface SsvcInputs {
  readonly exploitation: Exploitation;
  readonly automatable: Automatable;
  readonly technicalImpact: TechnicalImpact;
  readonly missionWellbeing: MissionWellbeing;
}

/** Which table decided: cite it next to a decision (`cisa:DT_CO:2.0.3`). */
export const SSVC_TABLE = {
  id: `${table.namespace}:${table.key}:${table.version}`,
  name: table.name,
  version: table.version,
} as const;

interface DecisionPointJson {
  namespace: string;
  key: string;
  name: string;
  values: readonly { key: string; name: string }[];
}

interface DecisionTableJson {
  decision_points: Readonly<Record<string, DecisionPointJson>>;
  outcome: string;
  mapping: readonly Readonly<Record<string, string>>[];
}

/** The four inputs in the order of the index arithmetic below, by SSVC key. */
const DIMENSIONS = [
  { key: 'E', names: EXPLOITATION },
  { key: 'A', names: AUTOMATABLE },
  { key: 'TI', names: TECHNICAL_IMPACT },
  { key: 'MWI', names: MISSION_WELLBEING },
] as const;

const SIZE = EXPLOITATION.length * AUTOMATABLE.length * TECHNICAL_IMPACT.length * MISSION_WELLBEING.length;

const cellIndex = (e: number, a: number, ti: number, mwi: number): number =>
  ((e * AUTOMATABLE.length + a) * TECHNICAL_IMPACT.length + ti) * MISSION_WELLBEING.length + mwi;

/**
 * Build the 36 cells from the JSON. Anything unexpected (a renamed value, a missing
 * or doubled row) fails loudly at load time: a wrong table would silently
 * mis-prioritise every finding.
 */
function buildTable(doc: DecisionTableJson): readonly SsvcDecision[] {
  const fail = (message: string): never => {
    throw new Error(`SSVC decision table ${SSVC_TABLE.id}: ${message}`);
  };
  const points = Object.entries(doc.decision_points);

  // For each dimension: its decision-point id and JSON value key → our index.
  const columns = DIMENSIONS.map(({ key, names }) => {
    const found = points.find(([, p]) => p.namespace === 'ssvc' && p.key === key) ?? fail(`no decision point ${key}`);
    const [id, point] = found;
    const index = new Map<string, number>();
    for (const v of point.values) {
      const i = (names as readonly string[]).indexOf(v.name.toLowerCase());
      if (i < 0) fail(`unexpected value '${v.name}' for ${point.name}`);
      index.set(v.key, i);
    }
    if (index.size !== names.length) fail(`${point.name} has ${index.size} values, expected ${names.length}`);
    return { id, index };
  });

  const outcome = doc.decision_points[doc.outcome] ?? fail(`no outcome decision point ${doc.outcome}`);
  const decisions = new Map<string, SsvcDecision>();
  for (const v of outcome.values) {
    const name = v.name.toLowerCase();
    if (!(SSVC_DECISIONS as readonly string[]).includes(name)) fail(`unexpected outcome '${v.name}'`);
    decisions.set(v.key, name as SsvcDecision);
  }

  const cells = new Array<SsvcDecision | undefined>(SIZE).fill(undefined);
  doc.mapping.forEach((row, r) => {
    const at = columns.map(({ id, index }) => index.get(row[id] ?? '') ?? fail(`mapping[${r}] has no valid ${id}`));
    const cell = cellIndex(at[0]!, at[1]!, at[2]!, at[3]!);
    if (cells[cell] !== undefined) fail(`mapping[${r}] repeats an earlier combination`);
    cells[cell] = decisions.get(row[doc.outcome] ?? '') ?? fail(`mapping[${r}] has no valid outcome`);
  });
  if (doc.mapping.length !== SIZE) fail(`${doc.mapping.length} rows, expected ${SIZE}`);
  return Object.freeze(cells as SsvcDecision[]);
}

const CELLS = buildTable(table as DecisionTableJson);

function indexIn(names: readonly string[], value: string, what: string): number {
  const i = names.indexOf(value);
  if (i < 0) throw new RangeError(`SSVC ${what} must be one of ${names.join(', ')}; got ${JSON.stringify(value)}`);
  return i;
}

/** The CISA coordinator decision for these decision-point values. */
export function ssvcDecision(inputs: SsvcInputs): SsvcDecision {
  return CELLS[
    cellIndex(
      indexIn(EXPLOITATION, inputs.exploitation, 'exploitation'),
      indexIn(AUTOMATABLE, inputs.automatable, 'automatable'),
      indexIn(TECHNICAL_IMPACT, inputs.technicalImpact, 'technical impact'),
      indexIn(MISSION_WELLBEING, inputs.missionWellbeing, 'mission and well-being'),
    )
  ]!;
}
