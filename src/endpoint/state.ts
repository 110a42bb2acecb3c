import { LyncError } from '../common/errors';
import { Emitter } from '../common/events';

export type EndpointState = 'Idle' | 'Establishing' | 'Established' | 'Terminating' | 'Terminated';

export interface StateChanged<S = EndpointState> {
  previous: S;
  state: S;
  reason?: LyncError;
}

const EDGES: Record<EndpointState, readonly EndpointState[]> = {
  Idle: ['Establishing', 'Terminated'],
  Establishing: ['Established', 'Terminating', 'Terminated'],
  Established: ['Terminating', 'Terminated'],
  Terminating: ['Terminated'],
  Terminated: [],
};

/** The UCMA endpoint life cycle; every edge is checked and fires exactly one event. */
export class EndpointStateMachine {
  private current: EndpointState = 'Idle';
  private readonly emitter = new Emitter<StateChanged>();
  readonly onStateChanged = this.emitter.event;

  get state(): EndpointState {
    return this.current;
  }

  can(next: EndpointState): boolean {
    return EDGES[this.current].includes(next);
  }

  transition(next: EndpointState, reason?: LyncError): void {
    if (!this.can(next)) throw new Error(`Illegal endpoint state transition ${this.current} → ${next}`);
    const previous = this.current;
    this.current = next;
    this.emitter.fire({ previous, state: next, reason });
    if (next === 'Terminated') this.emitter.dispose();
  }

  /**
   * The shared shape of terminate(): before Established, abort and clean up; when Established, go
   * through Terminating while `closeGracefully` runs (de-register, BYE); always end Terminated.
   */
  async shutdown(steps: { abort(): void; closeGracefully(): Promise<void>; cleanup(): void }): Promise<void> {
    if (this.current === 'Idle' || this.current === 'Establishing') {
      steps.abort();
      steps.cleanup();
      if (this.can('Terminated')) this.transition('Terminated');
      return;
    }
    if (this.current !== 'Established') return;
    this.transition('Terminating');
    try {
      await steps.closeGracefully();
    } finally {
      steps.cleanup();
      if (this.can('Terminated')) this.transition('Terminated');
    }
  }
}
