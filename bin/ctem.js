#!/usr/bin/env node
// Entry point of the `ctem` command: runs the TypeScript sources through tsx, so that
// `npx ctem` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { cli } = await import('../engine/cli/main.ts');
await cli();
