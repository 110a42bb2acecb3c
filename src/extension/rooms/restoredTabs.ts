import * as vscode from 'vscode';
import { RoomPanelViewType } from './roomIds';

/**
 * A room editor tab VS Code restored after a window reload but has not handed to the serializer yet:
 * VS Code deserializes a webview tab only when it is first shown, so a restored tab in the background
 * belongs to no RoomPanel until then. It is known by its label, the room's name (a webview tab shows
 * nothing else of its saved state). `trackedNames`: the names of the open room editors, whose tabs
 * are theirs; when one of them has this name too, no tab can be told apart and none is returned.
 */
export function unrestoredRoomTab(name: string, trackedNames: readonly string[]): vscode.Tab | undefined {
  if (trackedNames.includes(name)) return undefined;
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputWebview && input.viewType.endsWith(RoomPanelViewType) && tab.label === name) return tab;
    }
  }
  return undefined;
}
