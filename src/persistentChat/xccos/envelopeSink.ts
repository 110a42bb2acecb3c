import type { XmlAttrs, XmlSink } from '../../common/xmlStream';
import { TreeSink, XmlElement } from '../../common/xml';
import { RoomListSink } from './roomListSink';
import type { ChatRoomListing } from './types';
import { attrOf, sameName } from './xmlQuery';

/** A top-level element of an envelope: its tree, and the rooms of an `rpl:chansrch` read as they streamed by. */
export interface EnvelopeChild {
  element: XmlElement;
  rooms?: ChatRoomListing[];
  /** What the room reader skipped, reported once the whole envelope has parsed. */
  ignored?: string[];
}

const ID = ['id'];

function isRoomSearchReply(name: string, attrs: XmlAttrs): boolean {
  return sameName(name, 'rpl') && attrOf(attrs, ID)?.toLowerCase() === 'rpl:chansrch';
}

/**
 * Splits an envelope as it parses: each top-level element becomes a small tree of its own, except
 * the first `data` of an `rpl:chansrch` reply when `roomLists` is on, whose records go straight to
 * a RoomListSink (a 10,000-room search never exists as an element tree).
 */
export class EnvelopeSink implements XmlSink {
  root: Pick<XmlElement, 'name' | 'attrs'> | undefined;
  readonly children: EnvelopeChild[] = [];
  private tree: TreeSink | undefined;
  /** The rooms (and skipped records) of the open top-level element, when it is a room search. */
  private rooms: Pick<EnvelopeChild, 'rooms' | 'ignored'> = {};
  /** The open room list and the depth of its data element; a search reply waiting for its data has depth 0. */
  private roomList: RoomListSink | undefined;
  private roomListDepth = 0;
  private awaitingRooms = false;
  /** Inside room search data (while roomList is open), as the room list reads attributes. */
  rawAttributes = false;

  constructor(private readonly roomLists: boolean) {}


  open(name: string, attrs: XmlAttrs, depth: number): void {
    if (depth === 1) {
      this.root = { name, attrs: attrs };
    } else if (this.roomList) {
      this.roomList.open(name, attrs, depth - this.roomListDepth);
    } else if (depth === 3 && this.awaitingRooms && sameName(name, 'data')) {
      this.awaitingRooms = false;
      const ignored: string[] = [];
      this.roomList = new RoomListSink({ onIgnored: (why) => void ignored.push(why) });
      this.rawAttributes = this.roomList.rawAttributes;
      this.roomListDepth = depth;
      this.rooms = { rooms: this.roomList.rooms, ignored };
    } else {
      if (depth === 2) {
        this.tree = new TreeSink();
        this.rooms = {};
        this.awaitingRooms = this.roomLists && isRoomSearchReply(name, attrs);
      }
      this.tree?.open(name, attrs);
    }
  }

  text(chunk: string): void {
    if (this.roomList) this.roomList.text(chunk);
    else this.tree?.text(chunk);
  }

  close(depth: number): void {
    if (this.roomList) {
      if (depth === this.roomListDepth) {
        this.roomList = undefined;
        this.rawAttributes = false;
      }
      else this.roomList.close(depth - this.roomListDepth);
      return;
    }
    if (depth < 2 || !this.tree) return;
    this.tree.close();
    if (depth > 2) return;
    const element = this.tree.root as XmlElement;
    this.children.push(this.rooms.rooms ? { element, ...this.rooms } : { element });
    this.tree = undefined;
  }
}
