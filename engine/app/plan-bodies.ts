/**
 * The issue bodies in a shard's plan.json, for the merge step. A small plan is parsed
 * whole. A large one (a full-size shard's is over 200 MB) is streamed, and only its
 * actions are assembled, one at a time: assembling the whole plan, as the merge first
 * did, held hundreds of megabytes of actions beside every decision of the run, only to
 * keep their bodies (docs/scale.md, "The merge step's memory").
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pick from 'stream-json/filters/pick.js';
import parser from 'stream-json/parser.js';
import streamArray from 'stream-json/streamers/stream-array.js';
import { streamError, syntaxError } from '../discover/assemble-json.ts';
import { LARGE_JSON_BYTES, parseJsonReport, readReportFile, reportSize } from '../discover/read-report.ts';
import type { Action, Plan } from '../mobilise/plan.ts';
import type { BodyStore } from '../shard/body-store.ts';
import { renderedBodies, renderedBody } from '../shard/merge.ts';

/** Add the body of every `create` action in the plan at `path` to `into`, by issue key. */
export async function readPlanBodies(path: string, display: string, into: BodyStore, largeBytes = LARGE_JSON_BYTES): Promise<void> {
  if ((await reportSize(path, display)) <= largeBytes) {
    const plan = parseJsonReport(await readReportFile(path, display), display) as Plan;
    for (const [key, body] of renderedBodies([plan])) into.set(key, body);
    return;
  }
  let complete = false;
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: 1024 * 1024 }),
      // Packed values only: an action is assembled from whole strings and numbers.
      parser.asStream({ streamValues: false }),
      pick.asStream({ filter: 'actions', once: true }),
      streamArray.asStream(),
      async (items: AsyncIterable<{ value: Action }>) => {
        for await (const { value } of items) {
          const b = renderedBody(value);
          if (b !== undefined) into.set(b[0], b[1]);
        }
        complete = true;
      },
    );
  } catch (err) {
    throw await streamError(err, path, display);
  }
  if (!complete) throw await syntaxError(path, display, 'the document ends early');
}
