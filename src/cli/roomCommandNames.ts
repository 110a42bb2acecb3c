/** The room subcommands of lync-pchat, in the order --help lists them. */
export const ROOM_COMMANDS = ['rooms', 'history', 'post', 'tail', 'follow', 'unfollow', 'following'] as const;
export type RoomCommand = (typeof ROOM_COMMANDS)[number];

export function isRoomCommand(name: string | undefined): name is RoomCommand {
  return (ROOM_COMMANDS as readonly (string | undefined)[]).includes(name);
}
