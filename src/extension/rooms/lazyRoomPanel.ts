import type * as RoomPanelModule from './roomPanel';

let roomPanel: typeof RoomPanelModule | undefined;

/**
 * roomPanel.ts (the room editor and its page), loaded when the first room editor opens or is restored,
 * so activation does not parse it (dist/roomPanel.js beside dist/extension.js, a lazy bundle declared in esbuild.mjs;
 * out/src/extension/rooms/roomPanel.js in tests).
 */
export function loadRoomPanel(): typeof RoomPanelModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose: activation stays light
  roomPanel ??= require('./roomPanel') as typeof RoomPanelModule;
  return roomPanel;
}
