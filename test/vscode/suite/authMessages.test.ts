import assert from 'node:assert/strict';
import { AuthFailureReason, LyncError } from '../../../src/common/errors';
import { hint } from '../../../src/cli/output';
import { userMessage } from '../../../src/extension/errorMessages';

const failure = (reason: AuthFailureReason | undefined, message = 'x') =>
  new LyncError('AuthenticationFailed', message, { retriable: false, ...(reason ? { auth: { reason } } : {}) });

describe('AuthenticationFailed becomes a message by its typed reason, never by its text', () => {
  it('only a refused password (or an unknown reason) is called a wrong user name or password', () => {
    assert.match(userMessage(failure('passwordRefused')).text, /user name or password is wrong/);
    assert.match(userMessage(failure(undefined)).text, /user name or password is wrong/);
    assert.match(hint(failure('passwordRefused')), /LYNC_PASSWORD/);
  });

  for (const reason of ['noSupportedScheme', 'challengeRepeated', 'handshakeIncomplete'] as const) {
    it(`${reason}: not a wrong password, in the extension and in the CLI hint`, () => {
      assert.doesNotMatch(userMessage(failure(reason)).text, /password is wrong/);
      assert.doesNotMatch(hint(failure(reason)), /LYNC_PASSWORD/);
    });
  }

  for (const reason of ['noTicket', 'clockSkew', 'unknownServicePrincipal', 'kerberosRefused', 'kerberosUnavailable'] as const) {
    it(`${reason} (Kerberos): the core message with Sign In and the Authentication setting, never a wrong password`, () => {
      const message = userMessage(failure(reason, `Sign-in with Kerberos failed: ${reason}.`));
      assert.match(message.text, new RegExp(`Sign-in with Kerberos failed: ${reason}`));
      assert.deepEqual(message.actions.map((a) => a.title), ['Sign In', 'Authentication Setting']);
      assert.doesNotMatch(hint(failure(reason)), /check the user name/);
    });
  }

  it('credentialsMissing (no stored password) asks to sign in, without calling the password wrong', () => {
    const message = userMessage(failure('credentialsMissing'));
    assert.match(message.text, /no password is stored/);
    assert.deepEqual(message.actions.map((a) => a.title), ['Sign In']);
  });

  it('noSupportedScheme shows the core message (the scheme and what to ask the administrator), with no Sign In action', () => {
    const message = userMessage(failure('noSupportedScheme', 'The server offers no authentication this client supports (offered: TLS-DSK); ask for NTLM.'));
    assert.match(message.text, /offered: TLS-DSK/);
    assert.deepEqual(message.actions, []);
    assert.match(hint(failure('noSupportedScheme')), /administrator to enable NTLM/);
  });
});
