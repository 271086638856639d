import Sequencer from '@jest/test-sequencer';

/**
 * Suites known to run for minutes start first, so that the other worker works through the short ones
 * beside them instead of leaving a long suite to run alone at the end. Jest's own order (slowest in its
 * cache, else largest file) knows nothing of them on a clean clone, where CI runs.
 */
const LONGEST = ['full-season.spec.ts', 'reconnect-storm.spec.ts', 'season-replay.spec.ts', 'fuzz.spec.ts', 'redis-outage.spec.ts', 'crash-ingest.spec.ts', 'process.spec.ts'];

const rank = (path) => {
  const index = LONGEST.findIndex((name) => path.endsWith(`/${name}`));
  return index === -1 ? LONGEST.length : index;
};

export default class LongestFirstSequencer extends (Sequencer.default ?? Sequencer) {
  sort(tests) {
    const ordered = super.sort(tests);
    return [...ordered].sort((a, b) => rank(a.path) - rank(b.path));
  }
}
