/**
 * The counting rule: one finding per (package, group).
 *
 * OSV-Scanner lists every advisory that matched a package, so one vulnerability often
 * appears several times under different ids (GHSA-..., RUSTSEC-..., GO-...), and it
 * says which records belong together in the package's `groups[]` (each group's `ids`
 * name entries of `vulnerabilities[]`). The rule:
 *
 * - each group is one finding, whatever the number of records in it;
 * - a vulnerability named by no group (reports from versions before groups existed)
 *   is a group of its own;
 * - a group naming a vulnerability the package does not list, naming one already
 *   claimed by an earlier group, or with no ids, is an inconsistent report and is
 *   rejected: OSV-Scanner guarantees every vulnerability is in exactly one group;
 * - findings follow the order of their first record in `vulnerabilities[]`.
 *
 * So a package yields `groups.length` + (vulnerabilities in no group) findings.
 * Records that OSV-Scanner did not group together stay separate even when a human
 * can see they are the same issue; merging them is the engine's job, by
 * `vulnerabilityId`.
 */
import { fail, objectsIn, optString, optStringArray, reqArray, reqString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';

export interface GroupMember {
  index: number;
  record: JsonObject;
  path: JsonPath;
}

export interface VulnerabilityGroup {
  /** In the group's `ids` order (which OSV-Scanner sorts), or the lone record. */
  members: GroupMember[];
  /** The group's own `aliases`, where given. */
  aliases: string[];
  /** The group's `max_severity`: a CVSS base score as a string, in newer versions. */
  maxSeverity?: string;
}

export function groupVulnerabilities(pkgEntry: JsonObject, pkgPath: JsonPath): VulnerabilityGroup[] {
  const byId = new Map<string, GroupMember>();
  objectsIn(pkgEntry, 'vulnerabilities', pkgPath).forEach(({ value, path }, index) => {
    const id = reqString(value, 'id', path);
    const first = byId.get(id);
    if (first !== undefined) fail([...path, 'id'], `duplicates vulnerabilities[${first.index}].id ${JSON.stringify(id)}`);
    byId.set(id, { index, record: value, path });
  });

  const claimedBy = new Map<string, number>();
  const groups: VulnerabilityGroup[] = objectsIn(pkgEntry, 'groups', pkgPath).map(({ value, path }, g) => {
    const ids = reqArray(value, 'ids', path);
    if (ids.length === 0) fail([...path, 'ids'], 'must name at least one vulnerability');
    const members = ids.map((id, k) => {
      const idPath = [...path, 'ids', k];
      if (typeof id !== 'string') fail(idPath, 'must be a string');
      const member = byId.get(id);
      if (member === undefined) fail(idPath, `names no vulnerability of this package (${JSON.stringify(id)})`);
      const earlier = claimedBy.get(id);
      if (earlier !== undefined) fail(idPath, `${JSON.stringify(id)} is already in groups[${earlier}]`);
      claimedBy.set(id, g);
      return member;
    });
    return { members, aliases: optStringArray(value, 'aliases', path), maxSeverity: optString(value, 'max_severity', path) };
  });

  for (const [id, member] of byId) {
    if (!claimedBy.has(id)) groups.push({ members: [member], aliases: [] });
  }
  const firstIndex = (g: VulnerabilityGroup): number => g.members.reduce((min, m) => Math.min(min, m.index), Infinity);
  return groups.sort((a, b) => firstIndex(a) - firstIndex(b));
}
