import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection } from './helpers/connection';
import { repoRoot } from './helpers/net';
import { startPool } from './helpers/pool';

/** The default catalogue plus `count` open rooms with long descriptions. */
function bigCatalogue(dir: string, count: number): string {
  const catalogue = JSON.parse(readFileSync(join(repoRoot, 'simulator', 'catalogue.default.json'), 'utf8')) as { rooms: Record<string, unknown>[] };
  for (let i = 0; i < count; i++) {
    const hex = i.toString(16).padStart(12, '0');
    catalogue.rooms.push({
      uri: `ma-chan://contoso.com/00000000-0000-4000-8000-${hex}`,
      name: `Team room ${i}`,
      description: `Room ${i}: ${'a long description of what this team discusses, '.repeat(5)}`,
      category: 'engineering',
      privacy: 'open',
      members: ['sip:bob@contoso.com'],
      managers: ['sip:bob@contoso.com'],
    });
  }
  const file = join(dir, 'catalogue.json');
  writeFileSync(file, JSON.stringify(catalogue));
  return file;
}

describe('large XCCOS replies', function () {
  let pool: SimulatedLyncPool;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lync-catalogue-'));
    pool = await startPool({ cataloguePath: bigCatalogue(dir, 1200) });
  });
  after(async () => {
    await pool?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decodes a room search reply larger than the generic XML limit (the server\'s 999 rooms, ~0.5 MB)', async () => {
    const c = aliceConnection(pool);
    try {
      await c.connection.connect();
      const rooms = await c.connection.chatEndpoint!.browseChatRooms();
      assert.equal(rooms.length, 999, 'the simulated server caps a search at its searchLimit');
      assert.ok(rooms.every((r) => r.name && r.uri.startsWith('ma-chan://')), 'every room decoded with its name and URI');
    } finally {
      await c.connection.disconnect();
      c.connection.dispose();
    }
  });
});
