import type { WireHeader } from '../roomProtocol';
import { elements } from './dom';

/** The room's name, topic, participants and state above the messages. */
export function setHeader(room: WireHeader): void {
  elements.name.textContent = room.name;
  elements.topic.textContent = room.topic;
  // The whole topic on hover: a long one is cut to one line in a narrow editor.
  elements.topic.title = room.topic;
  elements.topic.hidden = !room.topic;
  elements.participants.textContent = room.participants;
  elements.participants.hidden = !room.participants;
  elements.participants.title = room.participants ? 'Show who is in the room' : '';
  elements.state.textContent = room.state;
  elements.state.hidden = !room.state;
  document.title = room.name;
}
