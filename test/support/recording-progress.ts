import type { Progress } from '../../engine/discover/progress.ts';

/** A Progress that records what it is told, one line per call: `start LABEL TOTAL UNIT`, `update N`, `stop`. */
export function recordingProgress(): { progress: Progress; events: string[] } {
  const events: string[] = [];
  const progress: Progress = {
    start(label, total, unit = 'bytes') {
      events.push(`start ${label} ${total} ${unit}`);
      return { update: (n) => events.push(`update ${n}`), stop: () => events.push('stop') };
    },
  };
  return { progress, events };
}
