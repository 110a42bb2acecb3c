import * as vscode from 'vscode';

/** Mirrors of the context keys, set only once the Welcome/walkthrough editor has been seen. */
export const WalkthroughKeys = {
  configured: 'lyncPersistentChat.walkthrough.configured',
  signedIn: 'lyncPersistentChat.walkthrough.signedIn',
  connected: 'lyncPersistentChat.walkthrough.connected',
  roomOpened: 'lyncPersistentChat.walkthrough.roomOpened',
} as const;

/** Set once a room editor has been open in this window: the walkthrough's last step ("Open a room"). */
export const ROOM_OPENED_KEY = 'lyncPersistentChat.roomOpened';

/**
 * Lets the walkthrough tick steps that were already done when it opened. VS Code creates its
 * walkthrough service lazily (on first opening the walkthrough) and counts a step's `onContext`
 * event that is already true at that moment as "happened" without ticking the step, after which
 * it never ticks in that session. So the walkthrough also listens to mirror keys, which stay unset
 * until the Welcome editor is open (the service exists by then) and from then on follow the real
 * ones.
 */
export class WalkthroughProgress implements vscode.Disposable {
  private seen = false;
  private state = { configured: false, signedIn: false, connected: false, roomOpened: false };
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.window.tabGroups.onDidChangeTabs((e) => {
      if (!this.seen && e.opened.some(isWelcomeTab)) {
        this.seen = true;
        this.publish();
      }
    });
  }

  update(change: Partial<WalkthroughProgress['state']>): void {
    this.state = { ...this.state, ...change };
    if (this.seen) this.publish();
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private publish(): void {
    for (const [name, key] of Object.entries(WalkthroughKeys)) void vscode.commands.executeCommand('setContext', key, this.state[name as keyof WalkthroughProgress['state']]);
  }
}

/** The getting-started editor: no API input type; labelled "Welcome" or "Walkthrough: …". */
function isWelcomeTab(tab: vscode.Tab): boolean {
  return tab.input === undefined && (tab.label === 'Welcome' || tab.label.startsWith('Walkthrough'));
}
