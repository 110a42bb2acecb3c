/**
 * THE one place that writes room invitations. The real [MS-XCCOSIP] layout is not public; this is
 * the simulator's documented choice (simulator/chat/README.md), which the client's decoder expects.
 * Change it here, and only here, when a real capture appears.
 *
 *   <inv inviteId="12" domain="contoso.com" createdOn="2026-11-24T08:30:00Z" inviter="sip:bob@contoso.com">
 *     <chanib uri="ma-chan://contoso.com/…" name="Release Train" description="…">
 *       <info id="urn:parlano:ma:info:ucnt">5</info></chanib></inv>
 * in `<rpl id="rpl:getinv">…<data>inv…</data></rpl>` (pull) and `<ntc id="ntc:inv" seqid="1"><data>inv</data></ntc>` (push).
 */
import { attrs } from './xml';
import { CommandRef, RESP, notice, reply, splitRoomUri } from './xccosXml';

export interface InvitationView {
  id: number;
  createdOn: string;   // ISO-8601 UTC
  inviter: string;     // sip:…
  room: { uri: string; name: string; description: string };
  /** Users currently joined to the room. */
  userCount: number;
}

export function invitationXml(inv: InvitationView): string {
  return `<inv${attrs({ inviteId: inv.id, domain: splitRoomUri(inv.room.uri).domain, createdOn: inv.createdOn, inviter: inv.inviter })}>`
    + `<chanib${attrs({ uri: inv.room.uri, name: inv.room.name, description: inv.room.description })}>`
    + `<info id="urn:parlano:ma:info:ucnt">${inv.userCount}</info></chanib></inv>`;
}

/** `rpl:getinv`: every invitation newer than the client's high-water mark, oldest first. */
export function getinvReply(ref: CommandRef, invitations: InvitationView[]): string {
  return reply('rpl:getinv', ref, RESP.ok, invitations.map(invitationXml).join(''));
}

/** `ntc:inv`: one invitation pushed into a live chat session. */
export function invitationNotice(inv: InvitationView): string {
  return notice('ntc:inv', invitationXml(inv));
}
