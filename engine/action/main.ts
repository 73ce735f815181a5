/**
 * Entry point of the GitHub Action (bundled into dist/index.js by
 * scripts/build-action.ts). Everything it does is in run-action.ts, so that tests
 * can run the Action in-process; located errors become workflow annotations because
 * the CLI prints them when GITHUB_ACTIONS=true.
 */
import { processIo } from '../cli/io.ts';
import { runAction } from './run-action.ts';

process.exitCode = await runAction(processIo());
