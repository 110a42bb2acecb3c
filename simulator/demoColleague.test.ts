import assert from 'node:assert/strict';
import { startDemoPool } from './demo';
import { DEMO_ROOM } from './demoColleague';

describe('demo colleague', () => {
  it('posts in the demo room on a schedule and falls silent when the pool stops', async () => {
    const demo = await startDemoPool({ colleagueEveryMs: 20 });
    try {
      const start = demo.pool.rooms().find((r) => r.uri === DEMO_ROOM)!.historyCount;
      for (let i = 0; i < 400 && demo.pool.rooms().find((r) => r.uri === DEMO_ROOM)!.historyCount < start + 4; i++) await new Promise((r) => setTimeout(r, 25));
      const room = demo.pool.rooms().find((r) => r.uri === DEMO_ROOM)!;
      assert.ok(room.historyCount >= start + 4, 'four posts arrived');
    } finally {
      await demo.stop();
    }
    const after = demo.pool.rooms().find((r) => r.uri === DEMO_ROOM)!.historyCount;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(demo.pool.rooms().find((r) => r.uri === DEMO_ROOM)!.historyCount, after, 'no post after stop');
  });
});
