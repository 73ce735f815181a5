/**
 * Entry point of the GitHub Action (bundled into dist/index.js by
 * scripts/build-action.ts). Everything it does is in run-action.ts, so that tests
 * can run the Action in-process; located errors become workflow annotations because
 * the CLI prints them when GITHUB_ACTIONS=true.
 *
 * The bundle is also the entry of ingest's worker threads (engine/discover/threads/):
 * a worker runs this same file, and worker.ts serves it jobs instead of the Action.
 */
import { isMainThread } from 'node:worker_threads';
import '../discover/threads/worker.ts';
import { processIo } from '../cli/io.ts';
import { runAction } from './run-action.ts';

if (isMainThread) process.exitCode = await runAction(processIo());
