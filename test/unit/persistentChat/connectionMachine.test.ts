import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import type { ConnectionStatus } from '../../../src/persistentChat/chatConnection';
import { CONNECTION_EDGES, ConnectionEdge, ConnectionMachine, MachinePhase } from '../../../src/persistentChat/connection/connectionMachine';

const PHASES = Object.keys(CONNECTION_EDGES) as MachinePhase[];
const EDGES: ConnectionEdge[] = ['connect', 'connected', 'restartChat', 'retry', 'fail', 'disconnect'];

/** The shortest walk from Disconnected to `target` through allowed edges. */
function pathTo(target: MachinePhase): ConnectionEdge[] {
  const queue: [MachinePhase, ConnectionEdge[]][] = [['Disconnected', []]];
  const seen = new Set<MachinePhase>(['Disconnected']);
  for (let item = queue.shift(); item; item = queue.shift()) {
    const [phase, path] = item;
    if (phase === target) return path;
    for (const [edge, next] of Object.entries(CONNECTION_EDGES[phase]) as [ConnectionEdge, MachinePhase][]) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push([next, [...path, edge]]);
    }
  }
  throw new Error(`${target} cannot be reached from Disconnected`);
}

function machineIn(phase: MachinePhase): { machine: ConnectionMachine; fired: ConnectionStatus[] } {
  const machine = new ConnectionMachine('sip:alice@contoso.com');
  for (const edge of pathTo(phase)) machine.take(edge);
  const fired: ConnectionStatus[] = [];
  machine.onStatusChanged((s) => fired.push(s));
  return { machine, fired };
}

describe('ConnectionMachine (ChatConnection\'s phases and edges)', () => {
  it('every phase can be reached from Disconnected, and every phase but Disconnected can reach Disconnected in one edge', () => {
    for (const phase of PHASES) {
      pathTo(phase);
      assert.equal(CONNECTION_EDGES[phase].disconnect, 'Disconnected', phase);
    }
  });

  for (const phase of PHASES) {
    for (const edge of EDGES) {
      const next = CONNECTION_EDGES[phase][edge];
      if (next) {
        it(`${phase} takes ${edge} to ${next}, firing one status`, () => {
          const { machine, fired } = machineIn(phase);
          const lastError = new LyncError('ConnectionLost', 'gone');
          machine.take(edge, { lastError });
          assert.equal(machine.phase, next);
          assert.equal(fired.length, 1);
          assert.equal(fired[0], machine.status);
          assert.equal(fired[0].phase, next === 'RestartingChat' ? 'Reconnecting' : next);
          assert.equal(fired[0].lastError, lastError);
        });
      } else {
        it(`${phase} refuses ${edge}: throws, stays ${phase}, fires nothing`, () => {
          const { machine, fired } = machineIn(phase);
          const before = machine.status;
          assert.throws(() => machine.take(edge), /Illegal connection transition/);
          assert.equal(machine.phase, phase);
          assert.equal(machine.status, before);
          assert.equal(fired.length, 0);
        });
      }
    }
  }

  it('keeps `since` across edges that do not change the phase shown (RestartingChat and Reconnecting both show Reconnecting)', () => {
    const { machine } = machineIn('Connected');
    machine.take('restartChat');
    const since = machine.status.since;
    assert.equal(machine.status.phase, 'Reconnecting');
    machine.take('retry');
    assert.equal(machine.phase, 'Reconnecting');
    assert.equal(machine.status.since, since);
  });

  it('can() answers from the same table take() enforces', () => {
    for (const phase of PHASES) {
      const { machine } = machineIn(phase);
      for (const edge of EDGES) assert.equal(machine.can(edge), CONNECTION_EDGES[phase][edge] !== undefined, `${phase} ${edge}`);
    }
  });
});
