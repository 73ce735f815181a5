#!/usr/bin/env node
// Entry point of the `ctem` command: runs the TypeScript sources through tsx, so that
// `npx ctem` works right after `npm ci` with no build step. The command runs in a
// child node with a larger young generation (engine/app/young-generation.ts).
import { register } from 'tsx/esm/api';

register();
const { respawnWithLargerYoungGeneration } = await import('../engine/app/young-generation.ts');
if (!respawnWithLargerYoungGeneration()) {
  const { cli } = await import('../engine/cli/main.ts');
  await cli();
}
