/** A ConfigReader over the working tree. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigReader } from './load.ts';

export function fsReader(root: string): ConfigReader {
  return {
    root,
    async list(dir) {
      try {
        const entries = await readdir(join(root, dir), { withFileTypes: true });
        return entries.filter((e) => e.isFile()).map((e) => e.name);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
    async read(path) {
      try {
        return await readFile(join(root, path), 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EISDIR') return undefined;
        throw err;
      }
    },
  };
}
