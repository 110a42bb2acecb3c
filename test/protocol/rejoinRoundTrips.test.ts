import assert from 'node:assert/strict';
import type { MessageLogEntry } from '../../simulator/messageLog';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection, ROOMS } from './helpers/connection';
import { startPool } from './helpers/pool';

const lastSeq = (pool: SimulatedLyncPool) => pool.messageLog.at(-1)?.seq ?? 0;
const commandOf = (m: MessageLogEntry) => /<cmd id="(cmd:[a-z]+)"/.exec(m.text)?.[1];

describe('Opening the chat session with rooms to re-join: one round trip for all its commands', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  it('a reconnect sends cmd:getserverinfo, cmd:bjoin (the followed rooms) and cmd:getinv in one write, and the rooms are joined again', async () => {
    const { connection } = aliceConnection(pool);
    try {
      await connection.connect();
      await connection.rooms.follow([ROOMS.releaseTrain, ROOMS.architectureGuild]);
      await connection.disconnect();
      const from = lastSeq(pool);
      await connection.connect();
      await connection.rooms.settled();
      const sent = pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && commandOf(m));
      const opening = ['cmd:getserverinfo', 'cmd:bjoin', 'cmd:getinv'].map((id) => sent.find((m) => commandOf(m) === id));
      assert.ok(opening.every(Boolean), `the three opening commands: ${sent.map(commandOf).join(', ')}`);
      assert.equal(new Set(opening.map((m) => `${m!.connectionId}:${m!.read}`)).size, 1, 'the pool read the three commands together: none waited for another\'s reply');
      assert.match(opening[1]!.text, /b8e09fad-f018-4eb5-8967-5b9c819093f7/);
      assert.match(opening[1]!.text, /3393f007-8fe0-482d-be1e-d2a3ad5a5b17/);
      assert.deepEqual(connection.rooms.followed.map((r) => r.state), ['Joined', 'Joined']);
    } finally {
      await connection.disconnect();
      connection.dispose();
    }
  });
});
