/**
 * GitHub's listing of an organisation's repositories (GET /orgs/{org}/repos, the
 * `minimal-repository` shape) → inventory assets of type `repository`. Pure.
 *
 * Each asset: id `owner/name` in lower case (derived: a stated inventory id wins on
 * correlation), the repository's URLs as aliases, its topics as tags, and the
 * attributes `visibility`, `archived`, `fork`, `default_branch` and — when
 * CODEOWNERS gives the `*` pattern owners — `codeowners` (space-separated, as in the
 * file) plus one tag `codeowner:@owner` per owner, so scopes can select by owner.
 */
import type { InventoryAsset } from '../../engine/model/asset.ts';
import { asObject, fail, isJsonObject, optString, optStringArray, own, reqString, type JsonObject, type JsonPath } from '../shared/json-reader.ts';
import type { InventoryContext } from '../types.ts';
import { defaultOwners } from './codeowners.ts';

/** What the fetcher hands the mapper: the listing and, per repository (`owner/name`), its CODEOWNERS text. */
export interface OrgRepositories {
  org: string;
  repos: readonly unknown[];
  codeowners: ReadonlyMap<string, string>;
}

export const CODEOWNER_TAG_PREFIX = 'codeowner:';

export function mapRepositories(doc: unknown, ctx: InventoryContext): InventoryAsset[] {
  if (!isJsonObject(doc) || !Array.isArray(own(doc, 'repos')) || !(own(doc, 'codeowners') instanceof Map)) {
    fail([], 'expected the repositories of an organisation, as fetched from GitHub');
  }
  const { repos, codeowners } = doc as unknown as OrgRepositories;
  const includeArchived = ctx.options.include_archived === true;
  const assets: InventoryAsset[] = [];
  repos.forEach((raw, i) => {
    const repo = asObject(raw, [i]);
    const archived = bool(repo, 'archived', [i]) ?? false;
    if (archived && !includeArchived) return;
    assets.push(mapRepository(repo, [i], archived, codeowners, ctx.file));
  });
  return assets;
}

function mapRepository(repo: JsonObject, path: JsonPath, archived: boolean, codeowners: ReadonlyMap<string, string>, source: string): InventoryAsset {
  const fullName = reqString(repo, 'full_name', path);
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(fullName)) fail([...path, 'full_name'], 'is not owner/name');
  const name = optString(repo, 'name', path) ?? fullName.split('/')[1]!;
  const isPrivate = bool(repo, 'private', path) ?? false;
  const visibility = optString(repo, 'visibility', path) ?? (isPrivate ? 'private' : 'public');
  const defaultBranch = optString(repo, 'default_branch', path);
  const fork = bool(repo, 'fork', path) ?? false;
  const text = codeowners.get(fullName);
  const owners = text === undefined ? [] : defaultOwners(text);
  const aliases = ['html_url', 'clone_url', 'ssh_url'].map((k) => optString(repo, k, path)).filter((u): u is string => u !== undefined);
  return {
    id: fullName.toLowerCase(),
    type: 'repository',
    name,
    aliases: [...new Set(aliases)],
    tags: [...new Set([...optStringArray(repo, 'topics', path), ...owners.map((o) => CODEOWNER_TAG_PREFIX + o)])],
    repository: fullName,
    attributes: {
      visibility,
      archived,
      fork,
      ...(defaultBranch !== undefined ? { default_branch: defaultBranch } : {}),
      ...(owners.length > 0 ? { codeowners: owners.join(' ') } : {}),
    },
    source,
    derivedId: true,
  };
}

function bool(obj: JsonObject, key: string, path: JsonPath): boolean | undefined {
  const v = own(obj, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail([...path, key], 'must be a boolean');
  return v;
}
