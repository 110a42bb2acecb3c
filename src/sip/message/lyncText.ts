/**
 * What sip.js writes differently from a Lync client, fixed in the text it hands the transport: it
 * always prints a `Supported:` line (empty when there are no tags, which a strict parser refuses)
 * and puts no endpoint id (`epid`) on From. Only the head is looked at; the body passes unchanged.
 */
export function lyncify(message: string, aor: string, epid: string): string {
  const headEnd = message.indexOf('\r\n\r\n');
  // the head with its last line's CRLF, then the blank line and body
  const cut = headEnd < 0 ? message.length : headEnd + 2;
  return addEpid(message.slice(0, cut).replace(EMPTY_SUPPORTED_LINE, ''), aor, epid) + message.slice(cut);
}

/** `;epid=` on our own From (sip.js writes its header names in one spelling; compact `f:` too). */
function addEpid(head: string, aor: string, epid: string): string {
  // exec, not replace with a callback: most messages (our answers to the server's requests) keep their head as is
  const from = FROM_LINE.exec(head);
  if (!from) return head;
  const [line, name, value] = from as unknown as [string, string, string];
  if (EPID_PARAM.test(value) || !value.includes(aor)) return head;
  return `${head.slice(0, from.index)}${name}:${value};epid=${epid}${head.slice(from.index + line.length)}`;
}

const EMPTY_SUPPORTED_LINE = /^Supported: *\r\n/im;
const FROM_LINE = /^(From|f):([^\r\n]*)$/im;
const EPID_PARAM = /;\s*epid=/i;
