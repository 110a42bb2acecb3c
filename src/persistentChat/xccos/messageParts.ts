import type { XmlElement } from '../../common/xml';
import type { UnrenderedPart } from './types';

/** At most this many parts are named per message (a hostile message with thousands stays small). */
const MAX_PARTS = 8;

/** What kind of part an element is, by its local name (no public schema names them: see docs/protocol/xccos.md#chat-messages). */
function kindOf(localName: string): UnrenderedPart {
  if (/rtf|rich|html|format|font|style|^(b|i|u|s|em|strong|span|p|div|br)$/i.test(localName)) return 'formatting';
  if (/file|attach|upload|ftdb/i.test(localName)) return 'file';
  if (/story/i.test(localName)) return 'story';
  return 'other';
}

/** An element name as it may be reported: its characters limited to a name's, and short. */
function safeName(name: string): string {
  return name.replace(/[^\w:.-]/g, '').slice(0, 40) || '?';
}

export interface MessageParts {
  /** Each kind once, in the order first seen. */
  kinds: UnrenderedPart[];
  /** The element names behind them (`rtf`, `chat/b`…), each once, for the diagnostics report (never their content). */
  names: string[];
}

/**
 * The parts of a `grpchat` / `msg` that only the text of `<chat>` is taken from: its other child
 * elements (rich text, file posts, stories, anything unknown) and elements inside `<chat>`.
 */
export function unrenderedParts(message: XmlElement, chat: XmlElement | undefined): MessageParts {
  const kinds = new Set<UnrenderedPart>();
  const names = new Set<string>();
  const note = (element: XmlElement, prefix: string) => {
    if (names.size >= MAX_PARTS) return;
    const name = safeName(element.name);
    names.add(`${prefix}${name}`);
    kinds.add(kindOf(name.replace(/^.*:/, '')));
  };
  for (const child of message.children) if (child !== chat) note(child, '');
  for (const child of chat?.children ?? []) note(child, 'chat/');
  return { kinds: [...kinds], names: [...names] };
}
