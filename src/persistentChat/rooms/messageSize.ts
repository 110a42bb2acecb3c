/**
 * The one measure of a post against the server's `messageSizeLimit` (the `sib` of `rpl:getserverinfo`),
 * used by RoomPoster (and so the CLI's post), the room editor's compose box and Share Selection.
 *
 * The limit counts characters the way the server's .NET strings do: UTF-16 code units of the text as
 * posted (line ends made \n). So `é` counts 1 (not its 2 UTF-8 bytes), and an emoji or any other
 * character outside the Basic Multilingual Plane counts 2. The simulated pool enforces the same count
 * (simulator/chat/README.md: a `grpchat` whose text is longer than `messageSizeLimit` characters is
 * refused with 413 `LIMIT_EXCEEDED`). Users are told the size in these characters everywhere, with
 * "an emoji counts as 2" so the count never surprises.
 * No imports: the room editor's page bundles this file too.
 */

/** The text as it is posted: CRLF and CR line ends become LF. */
export function postBody(text: string): string {
  return text.replace(/\r\n|\r/g, '\n');
}

/** The size of `text` as the server counts it against `messageSizeLimit`. */
export function messageSize(text: string): number {
  return postBody(text).length;
}

/** The size when it is over the limit (undefined when it fits or no limit is known). */
export function oversize(text: string, limit: number | undefined): number | undefined {
  if (!limit || limit <= 0) return undefined;
  const size = messageSize(text);
  return size > limit ? size : undefined;
}
