/**
 * The participant list: the room header's participant count is a button that opens it. Each
 * participant is a presence dot, the name and the state in words, ordered as the Lync client
 * orders them (available first, offline last, then by name).
 */
import type { WireAvailability } from '../roomProtocol';
import { elements } from './dom';
import { onPeopleChanged, personElement, personFor } from './people';

const ORDER: Record<WireAvailability, number> = { available: 0, busy: 1, doNotDisturb: 2, away: 3, unknown: 4, offline: 5 };
let uris: string[] = [];

/** Who is in the room now; the list re-renders if open. */
export function setParticipants(list: readonly string[]): void {
  uris = [...list];
  render();
}

export function listenForParticipants(): void {
  elements.participants.addEventListener('click', () => toggle(elements.participantList.hidden));
  // Escape closes it from the count button or from inside the list.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || elements.participantList.hidden) return;
    toggle(false);
    elements.participants.focus();
  });
  onPeopleChanged(render);
}

function toggle(open: boolean): void {
  elements.participantList.hidden = !open;
  elements.participants.setAttribute('aria-expanded', String(open));
  if (open) render();
}

function render(): void {
  if (elements.participantList.hidden) return;
  const sorted = uris.map((uri) => ({ uri, person: personFor(uri) })).sort((a, b) =>
    ORDER[a.person?.availability ?? 'unknown'] - ORDER[b.person?.availability ?? 'unknown']
    || (a.person?.name ?? a.uri).localeCompare(b.person?.name ?? b.uri));
  const items = sorted.map(({ uri, person }) => {
    const li = document.createElement('li');
    li.append(personElement(uri, uri.replace(/^sips?:/i, ''), 'participant'));
    if (person && person.availability !== 'unknown') {
      const status = document.createElement('span');
      status.className = 'status';
      status.textContent = person.status;
      li.append(status);
    }
    return li;
  });
  if (items.length === 0) {
    // The count may be the room's members (before joining): nobody is listed as in the room.
    const empty = document.createElement('p');
    empty.className = 'empty-list';
    empty.textContent = 'Nobody is in the room right now.';
    elements.participantList.replaceChildren(empty);
    return;
  }
  const list = document.createElement('ul');
  list.setAttribute('aria-label', elements.participants.textContent ?? '');
  list.append(...items);
  elements.participantList.replaceChildren(list);
}
