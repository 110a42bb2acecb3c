/** [MS-SIPRE] endpoint identifiers: the epid and the +sip.instance UUID derived from it (docs/protocol/sipae.md#endpoint-identifiers). */
import { createHash, randomBytes } from 'node:crypto';

/** fcacfb03-8a73-46ef-91b1-e5ebeeaba4fe in Windows GUID byte order (first three fields little-endian). */
const NAMESPACE = Buffer.from('03fbacfc738aef4691b1e5ebeeaba4fe', 'hex');

/** '01010101' → '4b1682a8-f968-5701-83fc-7c6741dc6697': SHA-1(NS || epid), version 5, RFC 4122 variant, printed as a GUID. */
export function instanceIdFromEpid(epid: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(Buffer.from(epid, 'ascii')).digest().subarray(0, 16);
  const data1 = hash.readUInt32LE(0);
  const data2 = hash.readUInt16LE(4);
  const data3 = (hash.readUInt16LE(6) & 0x0fff) | 0x5000;
  const clockSeq = Buffer.from(hash.subarray(8, 10));
  clockSeq[0] = ((clockSeq[0] as number) & 0x3f) | 0x80;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  return `${hex(data1, 8)}-${hex(data2, 4)}-${hex(data3, 4)}-${clockSeq.toString('hex')}-${hash.subarray(10, 16).toString('hex')}`;
}

/** A new endpoint id: 10 lowercase hex chars, as real Lync clients use. */
export function newEpid(): string {
  return randomBytes(5).toString('hex');
}
