/** Shared by the room-open bench (Node) and its probe (inside the extension host). */
export const ROOM_OPEN_PROBE_ENV = {
  /** File the probe writes its one JSON result (RoomOpenSample) to. */
  outFile: 'LYNC_BENCH_ROOM_OPEN_OUT',
} as const;

export type RoomOpenSample =
  | { oursMs: number[]; emptyMs: number[]; messages: number; painted: number; error?: undefined }
  | { error: string };
