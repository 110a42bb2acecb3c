import { createInterface } from 'node:readline';
import { nothingToPost } from './parseRoomCommand';

/**
 * The messages `post ROOM TEXT` sends: TEXT itself, or with "-" every non-blank line of `input`
 * (read whole before connecting). Nothing to post is a usage error (exit 2).
 */
export async function messagesToPost(text: string, input: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const lines = text === '-' ? await readLines(input) : [text];
  const messages = lines.filter((line) => line.trim());
  if (!messages.length) throw nothingToPost();
  return messages;
}

async function readLines(input: NodeJS.ReadableStream): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input, crlfDelay: Infinity });
  for await (const line of reader) lines.push(line);
  return lines;
}
