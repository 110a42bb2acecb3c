import * as vscode from 'vscode';
import type { RoomMessage } from '../../persistentChat/rooms/types';
import type { UnrenderedPart } from '../../persistentChat/xccos/types';

/** The marker a row shows for a part of the message this client does not render, in the user's language. */
export function unrenderedLabel(kind: UnrenderedPart): string {
  switch (kind) {
    case 'formatting': return vscode.l10n.t('[formatting not shown]');
    case 'file': return vscode.l10n.t('[file not shown]');
    case 'story': return vscode.l10n.t('[story not shown]');
    case 'other': return vscode.l10n.t('[part of the message not shown]');
  }
}

/** The wire field of a message with such parts (spread into a WireMessage): one marker per kind. */
export function unrenderedField(message: RoomMessage): { unrendered?: string[] } {
  return message.unrendered?.length ? { unrendered: message.unrendered.map(unrenderedLabel) } : {};
}
