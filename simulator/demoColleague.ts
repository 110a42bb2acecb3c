/**
 * The demo's living room: a scripted colleague posts in Release Train (the room the demo user
 * follows) about every 20 s, now and then mentioning the demo user, and others come and go. Only
 * the demo starts it; tests drive the pool through its control API instead.
 */
import type { SimulatedLyncPool } from './pool';

export const DEMO_ROOM = 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7';

const LINES = [
  'Staging looks green after the last deploy.',
  'Reminder: go/no-go call at 13:30 UTC.',
  '@alice could you take a look at the migration review?',
  'QA found one more flaky test in the checkout flow, investigating.',
  'Release notes draft is in the wiki.',
  'Alice, are you OK to sign off the web client?',
  'Rolling the canary to 10% now.',
  'Canary metrics look normal, continuing.',
];

export interface DemoColleague { stop(): void }

export function startDemoColleague(pool: SimulatedLyncPool, options: { everyMs?: number; room?: string } = {}): DemoColleague {
  const room = options.room ?? DEMO_ROOM;
  const everyMs = options.everyMs ?? 20_000;
  let tick = 0;
  const timer = setInterval(() => {
    try {
      const line = LINES[tick % LINES.length];
      const author = tick % 3 === 2 ? 'sip:carol@contoso.com' : 'sip:bob@contoso.com';
      // Someone drops in and leaves again, so the participant list moves too.
      if (tick % 4 === 1) pool.setPresence('sip:erin@contoso.com', room, true);
      if (tick % 4 === 3) pool.setPresence('sip:erin@contoso.com', room, false);
      pool.post(author, room, line);
      tick++;
    } catch {
      // the room was deleted from the console: the colleague falls silent
    }
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
