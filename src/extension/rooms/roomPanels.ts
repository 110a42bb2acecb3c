import * as vscode from 'vscode';
import type { Logger } from '../../common/logger';
import { unrestoredRoomTab } from './restoredTabs';
import { RoomPanelViewType } from './roomIds';
import { loadRoomPanel } from './lazyRoomPanel';
import { escapeHtml, type RoomResources, roomResourceRoots } from './roomHtml';
import type { RoomPanel } from './roomPanel';
import type { RoomsModel } from './roomsModel';

/** What a room editor keeps across a window reload (the page's setState). */
interface PanelState {
  roomUri?: unknown;
  name?: unknown;
}

/** The open room editors, one per room; restores them after a window reload. */
export class RoomPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<PanelState> {
  private readonly panels = new Map<string, RoomPanel>();
  private readonly resources: RoomResources;
  private readonly registration: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a room editor opens or closes. */
  readonly onDidChange = this.changed.event;
  private readonly painted = new vscode.EventEmitter<{ roomUri: string; count: number }>();
  /** A room editor painted its first messages. */
  readonly onDidPaint = this.painted.event;

  constructor(extensionUri: vscode.Uri, private readonly model: RoomsModel, private readonly logger: Logger) {
    this.resources = { media: vscode.Uri.joinPath(extensionUri, 'media', 'room'), script: vscode.Uri.joinPath(extensionUri, 'dist', 'roomWebview.js') };
    this.registration = vscode.window.registerWebviewPanelSerializer(RoomPanelViewType, this);
  }

  /**
   * Opens (or reveals) the room's editor. A tab of the room restored after a reload but not shown yet
   * (so not yet handed to deserializeWebviewPanel) is replaced in its group: one tab per room, none left
   * to come alive later as a second editor of the room.
   */
  open(roomUri: string, name: string, preserveFocus = false): RoomPanel {
    const existing = this.get(roomUri);
    if (existing) {
      existing.panel.reveal(undefined, preserveFocus);
      return existing;
    }
    const restored = unrestoredRoomTab(name, [...this.panels.values()].map((p) => p.panel.title));
    const viewColumn = restored?.group.viewColumn ?? vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(RoomPanelViewType, name, { viewColumn, preserveFocus }, {
      enableScripts: true, retainContextWhenHidden: false, localResourceRoots: roomResourceRoots(this.resources),
    });
    if (restored) {
      this.logger.info(`replacing the restored, not yet shown editor tab of ${roomUri}`);
      vscode.window.tabGroups.close(restored).then(undefined, (error: unknown) => this.logger.warn(`could not close the restored tab of ${roomUri}: ${String(error)}`));
    }
    return this.adopt(panel, roomUri, name);
  }

  get(roomUri: string): RoomPanel | undefined {
    return this.panels.get(roomUri.toLowerCase());
  }

  /** Whether the user is looking at this room now. */
  isSeen(roomUri: string): boolean {
    return this.get(roomUri)?.seen ?? false;
  }

  get openRooms(): string[] {
    return [...this.panels.values()].map((p) => p.roomUri);
  }

  close(roomUri: string): void {
    this.get(roomUri)?.dispose();
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Thenable<void> {
    const uri = typeof state?.roomUri === 'string' && /^ma-chan:\/\//i.test(state.roomUri) ? state.roomUri : undefined;
    if (!uri || this.get(uri)) {
      // Disposing a panel VS Code is still restoring fails inside the workbench: show why instead.
      panel.webview.options = { enableScripts: false, localResourceRoots: [] };
      panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${escapeHtml(uri ? vscode.l10n.t('This room is already open in another editor.') : vscode.l10n.t('This room editor could not be restored. Open the room from the Rooms view.'))}</p></body></html>`;
      return Promise.resolve();
    }
    const name = typeof state?.name === 'string' ? state.name.slice(0, 256) : this.model.find(uri)?.name ?? uri;
    this.logger.info(`restoring the room editor of ${uri}`);
    this.adopt(panel, uri, name);
    return Promise.resolve();
  }

  dispose(): void {
    this.registration.dispose();
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.changed.dispose();
    this.painted.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, roomUri: string, name: string): RoomPanel {
    const { RoomPanel } = loadRoomPanel();
    const room = new RoomPanel(panel, roomUri, this.model, this.resources, this.logger, name);
    const key = roomUri.toLowerCase();
    this.panels.set(key, room);
    room.onDidPaint((count) => this.painted.fire({ roomUri, count }));
    room.onDidDispose(() => {
      if (this.panels.get(key) === room) this.panels.delete(key);
      this.changed.fire();
    });
    this.changed.fire();
    return room;
  }
}
