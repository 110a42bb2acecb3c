import { LyncError } from '../../common/errors';

/** The XCCOS refusal codes the simulator and the SDK's PersistentChatErrorCode names agree on. */
const PERMISSION = 403;
const NO_SUCH_NODE = 404;
const LIMIT_EXCEEDED = 413;

function is(error: LyncError, code: number, ...texts: string[]): boolean {
  const text = (error.diagnostics ?? '').toUpperCase();
  return error.xccosCode === code || texts.some((t) => text.includes(t));
}

/** A refused `cmd:join`/`cmd:bjoin`/`cmd:bccontext` as a typed error that says what to do. */
export function joinRefusal(error: unknown, room: string): LyncError {
  const e = LyncError.from(error);
  if (e.code !== 'CommandFailed') return e;
  const options = { xccosCode: e.xccosCode, diagnostics: e.diagnostics, retriable: false, cause: e };
  if (is(e, NO_SUCH_NODE, 'NO_SUCH_NODE', 'NODE_DISABLED')) {
    return new LyncError('RoomNotFound', `The room ${room} does not exist (any more). Search for it again, or stop following it.`, options);
  }
  if (is(e, PERMISSION, 'ERR_PERMISSION', 'PERMISSION')) {
    return new LyncError('NotAMember', `You are not a member of the room ${room}. Ask one of its managers to add you.`, options);
  }
  return e;
}

/** A refused post as a typed error that says what to do. */
export function postRefusal(error: unknown, room: string): LyncError {
  const e = LyncError.from(error);
  if (e.code !== 'CommandFailed') return e;
  const options = { xccosCode: e.xccosCode, diagnostics: e.diagnostics, retriable: false, cause: e };
  if (is(e, LIMIT_EXCEEDED, 'LIMIT_EXCEEDED', 'TOO_LARGE')) {
    return new LyncError('MessageTooLarge', `The server refused the message to ${room} as too long. Shorten it or split it into several posts.`, options);
  }
  if (is(e, NO_SUCH_NODE, 'NO_SUCH_NODE', 'NODE_DISABLED')) {
    return new LyncError('RoomNotFound', `The room ${room} does not exist (any more).`, options);
  }
  if (is(e, PERMISSION, 'ERR_PERMISSION', 'PERMISSION')) {
    return new LyncError('PostNotAllowed', `You may read but not post in the room ${room} (only its presenters may post, or you are no longer a member). Ask a room manager for the right to post.`, options);
  }
  return e;
}

/** A post not sent: the server refused an earlier post to the room this session. */
export function postRefusedBefore(room: string): LyncError {
  return new LyncError('PostNotAllowed', `You may read but not post in the room ${room}: the server refused your earlier post. Ask a room manager for the right to post.`, { retriable: false });
}

export function tooLarge(room: string, length: number, limit: number): LyncError {
  return new LyncError('MessageTooLarge', `The message is ${length} characters long; the server accepts at most ${limit} per post in ${room} (an emoji counts as 2). Shorten it or split it into several posts.`, { retriable: false });
}

export function notConnected(): LyncError {
  return new LyncError('ConnectionLost', 'Not connected to the Persistent Chat server.');
}
