/**
 * The extension batches invitation notifications: the first new invitation starts a window, and
 * when it closes one notification shows everything that arrived in it (one invitation: its own
 * notification with Accept; several: a summary). An invitation received in one test whose window
 * is still open when the next test pushes its own would be shown with it, as a summary — the
 * cross-test race this file removes.
 *
 * How: every invitation that first appears in the API's list arms a timer here, in the same
 * event-loop turn as the extension's own batch timer (the API fires onDidChangeInvitations in the
 * turn the invitation is received, in the same extension-host process) and for longer. Node fires timers in order of expiry, so when ours has fired the
 * extension's window has closed and its notification has been requested — whatever it shows
 * (single, summary, or nothing for an invitation already handled). No sleeping "long enough":
 * the order of two timers in one event loop is what decides.
 */
import * as vscode from 'vscode';
import type { LyncPersistentChatApi, LyncRoomInvitation } from '../../../../src/extension/api/types';
import { SECTION } from './ids';

/** Kept in step with BATCH_MS in src/extension/notifications.ts; the margin absorbs a modest change. */
const EXTENSION_BATCH_MS = 1500;
const MARGIN_MS = 500;

export interface ReceivedInvitation {
  invitation: LyncRoomInvitation;
  /** The `notifications` setting when it arrived (the extension reads it at the same moment). */
  notifications: string;
}

class InvitationNotices implements vscode.Disposable {
  /** Every invitation announced since the last takeReceived(), oldest first. */
  private received: ReceivedInvitation[] = [];
  private readonly windows = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Every invitation id listed so far in the run: one listed again (after a reconnect) is not new. */
  private readonly seen = new Set<number>();
  private readonly subscription: vscode.Disposable;

  constructor(api: LyncPersistentChatApi) {
    for (const invitation of api.invitations) this.seen.add(invitation.id);
    this.subscription = api.onDidChangeInvitations((invitations) => {
      for (const invitation of invitations) {
        if (this.seen.has(invitation.id)) continue;
        this.seen.add(invitation.id);
        this.announced(invitation);
      }
    });
  }

  private announced(invitation: LyncRoomInvitation): void {
    this.received.push({ invitation, notifications: String(vscode.workspace.getConfiguration(SECTION).get('notifications')) });
    let timer: NodeJS.Timeout | undefined;
    const closed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.timers.delete(timer as NodeJS.Timeout);
        this.windows.delete(closed);
        resolve();
      }, EXTENSION_BATCH_MS + MARGIN_MS);
    });
    this.timers.add(timer as NodeJS.Timeout);
    this.windows.add(closed);
  }

  /** Resolves once every batching window opened so far has closed (at once when none is open). */
  async windowsClosed(): Promise<void> {
    while (this.windows.size > 0) await Promise.all([...this.windows]);
  }

  /** The invitations announced since the last call, and forgets them. */
  takeReceived(): ReceivedInvitation[] {
    const taken = this.received;
    this.received = [];
    return taken;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.windows.clear();
  }
}

let notices: InvitationNotices | undefined;

/** Starts recording the extension's new invitations (once per run; lyncService() calls it). */
export function trackInvitationNotices(api: LyncPersistentChatApi): void {
  notices ??= new InvitationNotices(api);
}

/**
 * Resolves when the extension has flushed every invitation notification it will show for the
 * invitations received so far: after this, Clear All leaves nothing to appear later.
 */
export async function invitationNotificationsFlushed(): Promise<void> {
  await notices?.windowsClosed();
}

/** Invitations received since the last call (for tests that assert what was announced). */
export function receivedInvitations(): ReceivedInvitation[] {
  return notices?.takeReceived() ?? [];
}

export function stopTrackingInvitationNotices(): void {
  notices?.dispose();
  notices = undefined;
}
