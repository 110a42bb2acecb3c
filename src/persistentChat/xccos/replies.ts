/** The typed decoders for reply and notice data, in one place. */
export { decodeHistory, decodeChatMessage } from './messages';
export { decodeRoomList, decodeRoomRecord } from './rooms';
export { decodeJoin, decodeParticipantChange, decodeParticipantChanges } from './join';
export { decodeRequri, decodeServerInfo } from './serverInfo';
export { decodeInvitations, highWaterMark } from './invitations';
export type { DecodeOptions, OnIgnored } from './xmlQuery';
