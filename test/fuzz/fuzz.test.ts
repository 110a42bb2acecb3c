import assert from 'node:assert/strict';
import { fuzzTarget, savedCrashes } from './engine';
import { collectSeeds } from './seeds';
import { createTargets } from './targets';

/** The bounded smoke of `npm run fuzz` in `npm test`, and every saved finding replayed as a regression. */
describe('fuzz smoke: no input escapes with anything but a typed error, none takes over 1 s', function () {
  this.timeout(60_000);
  let seeds: Awaited<ReturnType<typeof collectSeeds>>;
  before(async () => { seeds = await collectSeeds(); });

  for (const target of createTargets()) {
    it(`${target.name}: seeds, saved findings and ~2 s of mutations`, () => {
      assert.ok(seeds[target.name].length > 0, `seeds for ${target.name}`);
      const regressions = savedCrashes(target.name);
      const r = fuzzTarget(target, [...seeds[target.name], ...regressions], { count: 1_000_000, seed: 1, budgetMs: 2000, save: false });
      assert.ok(r.inputs > seeds[target.name].length, 'mutations ran');
      assert.deepEqual(r.findings.map((f) => `${f.kind}: ${f.detail.split('\n')[0]}`), []);
    });
  }
});
