import type { XmlAttrs, XmlSink } from '../../common/xmlStream';
import { isPropertyElement, propertyKey, RoomProperties, roomFromRecord } from './rooms';
import type { ChatRoomListing } from './types';
import { attrOf, DecodeOptions, sameName } from './xmlQuery';

const ID = ['id'];

/** Every field present (as undefined), so the one map keeps one shape. */
function emptyProperties(): RoomProperties {
  return { ucnt: undefined, visibilty: undefined, visibility: undefined, privacy: undefined, invite: undefined, filepost: undefined, logged: undefined };
}

function clearProperties(props: RoomProperties): void {
  props.ucnt = props.visibilty = props.visibility = props.privacy = props.invite = props.filepost = props.logged = undefined;
}

/**
 * `rpl:chansrch` data read as it streams by: each `chanib` below the data element becomes a room
 * as soon as it closes, with no element tree in between. Same records, same order and same
 * reports as decodeRoomList on the tree of the same data (records do not nest: nothing inside a
 * `chanib` is taken for another one). Feed it the data element's content, not the element itself.
 * The reader feeding it bounds the count, depth and size of what it sees.
 */
export class RoomListSink implements XmlSink {
  /** Attributes are read by name only (attrOf): the parser's own maps do. */
  readonly rawAttributes = true;
  readonly rooms: ChatRoomListing[] = [];
  /** The depth of the open `chanib`; 0 between records. */
  private recordDepth = 0;
  private depth = 0;
  private recordName = '';
  private recordAttrs: XmlAttrs = {};
  /** One map for every record, emptied at each `chanib` (read before the next one starts). */
  private readonly props: RoomProperties = emptyProperties();
  /** The property the open `info` / `prop` child sets, and its text so far. */
  private property: keyof RoomProperties | undefined;
  private value = '';

  constructor(private readonly options: DecodeOptions = {}) {}

  open(name: string, attrs: XmlAttrs, depth: number): void {
    this.depth = depth;
    if (this.recordDepth === 0) {
      if (!sameName(name, 'chanib')) return;
      this.recordDepth = depth;
      this.recordName = name;
      this.recordAttrs = attrs;
      clearProperties(this.props);
    } else if (depth === this.recordDepth + 1 && isPropertyElement(name)) {
      this.property = propertyKey(attrOf(attrs, ID) ?? '');
      this.value = '';
    }
  }

  text(chunk: string): void {
    // A property's own text only, as the tree's `text` (not that of elements inside it).
    if (this.property !== undefined && this.depth === this.recordDepth + 1) this.value += chunk;
  }

  close(depth: number): void {
    this.depth = depth - 1;
    if (this.recordDepth === 0) return;
    if (depth === this.recordDepth) {
      this.recordDepth = 0;
      const room = roomFromRecord(this.recordName, this.recordAttrs, this.props, this.options);
      if (room) this.rooms.push(room);
    } else if (depth === this.recordDepth + 1 && this.property !== undefined) {
      this.props[this.property] = this.value.trim();
      this.property = undefined;
    }
  }
}
