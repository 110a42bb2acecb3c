import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { EndpointStateMachine, StateChanged } from '../../../src/endpoint/state';

describe('EndpointStateMachine', () => {
  it('walks Idle → Establishing → Established → Terminating → Terminated with one event per edge', () => {
    const m = new EndpointStateMachine();
    const events: StateChanged[] = [];
    m.onStateChanged((e) => events.push(e));
    m.transition('Establishing');
    m.transition('Established');
    m.transition('Terminating');
    m.transition('Terminated');
    assert.deepEqual(events.map((e) => `${e.previous}→${e.state}`), ['Idle→Establishing', 'Establishing→Established', 'Established→Terminating', 'Terminating→Terminated']);
  });

  it('carries the reason of a failure on the event', () => {
    const m = new EndpointStateMachine();
    let reason: LyncError | undefined;
    m.onStateChanged((e) => { reason = e.reason; });
    m.transition('Establishing');
    m.transition('Terminated', new LyncError('AuthenticationFailed', 'wrong'));
    assert.equal(reason?.code, 'AuthenticationFailed');
  });

  it('throws on an illegal transition and fires nothing', () => {
    const m = new EndpointStateMachine();
    let fired = 0;
    m.onStateChanged(() => { fired += 1; });
    assert.throws(() => m.transition('Established'), /Illegal endpoint state transition Idle → Established/);
    m.transition('Terminated');
    assert.throws(() => m.transition('Establishing'));
    assert.equal(fired, 1);
  });
});
