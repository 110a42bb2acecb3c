/**
 * A user's roaming contact list (`vnd-microsoft-roaming-contacts`), for users given contacts: a
 * Lync client (pidgin-sipe) subscribes to its contacts' presence with a batched category
 * SUBSCRIBE, which is what the presence fidelity test checks. Users without contacts get the
 * default answer (simulator/provisioning.ts: one group, no contact).
 */
export const ROAMING_CONTACTS_EVENT = 'vnd-microsoft-roaming-contacts';
export const ROAMING_CONTACTS_TYPE = 'application/vnd-microsoft-roaming-contacts+xml';

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The contactList body: one group (~, the default), each contact in it, subscribed. */
export function contactListBody(contacts: readonly string[]): string {
  const items = contacts.map((c) => `<contact uri="${esc(c.replace(/^sip:/i, ''))}" name="" groups="1 " subscribed="true" externals=""/>`).join('');
  return `<contactList deltaNum="1" xmlns="http://schemas.microsoft.com/2006/09/sip/roaming-contacts"><group id="1" name="~" externals=""/>${items}</contactList>`;
}
