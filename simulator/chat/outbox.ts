/**
 * Everything the chat layer sends goes out here, so the `stallMs` fault delays it in order and
 * nothing is written to a closed connection.
 */
import type { RawSipMessage } from '../../src/sip/message/rawMessage';
import type { SimFaults, SimSession } from '../types';
import type { TimerSet } from './timers';

export interface RespondOptions { headers?: string[]; body?: string; contentType?: string; toTag?: string }

export class Outbox {
  /** When the last stalled message is released (ms since epoch); later sends never overtake it. */
  private releaseAt = 0;
  private stalled = 0;

  constructor(private readonly faults: SimFaults, private readonly timers: TimerSet) {}

  send(session: SimSession, text: string): void {
    this.dispatch(() => { if (session.open) session.send(text); });
  }

  respond(session: SimSession, request: RawSipMessage, status: number, reason: string, options?: RespondOptions): void {
    this.dispatch(() => { if (session.open) session.respond(request, status, reason, options); });
  }

  private dispatch(write: () => void): void {
    const now = Date.now();
    if (this.faults.stallMs <= 0 && this.stalled === 0) {
      write();
      return;
    }
    this.releaseAt = Math.max(now + Math.max(0, this.faults.stallMs), this.releaseAt);
    this.stalled++;
    this.timers.start(this.releaseAt - now, () => {
      this.stalled--;
      write();
    });
  }
}
