/** Identifiers that look like GitHub's: git object hashes and GraphQL node ids. */
import { createHash } from 'node:crypto';

/** Git's blob id: sha1 over "blob <size>\0<content>", so identical content gets identical shas. */
export function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Any 40-hex sha1 over some text (commit and tree ids). */
export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** An opaque node id in GitHub's style: a type prefix and base64 (`I_kwDO...`). */
export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_${Buffer.from(`${prefix}:${id}`).toString('base64url')}`;
}
