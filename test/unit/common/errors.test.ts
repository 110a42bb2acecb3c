import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';

/** A second copy of the errors module, as the extension's lazily loaded core bundle has. */
function otherCopy(): typeof import('../../../src/common/errors') {
  const path = require.resolve('../../../src/common/errors');
  const saved = require.cache[path];
  delete require.cache[path];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module instance on purpose
    return require(path) as typeof import('../../../src/common/errors');
  } finally {
    require.cache[path] = saved;
  }
}

describe('LyncError', () => {
  it('recognises a LyncError made by another copy of the module (dist/extension.js vs dist/core.js) and keeps its code', () => {
    const foreign = new (otherCopy().LyncError)('AuthenticationFailed', 'wrong password', { sipStatus: 401 });
    assert.equal(foreign instanceof LyncError, false, 'the copies really are distinct classes');
    assert.equal(LyncError.is(foreign, 'AuthenticationFailed'), true);
    assert.equal(LyncError.from(foreign, 'InvalidSettings'), foreign);
  });

  it('wraps anything else with the fallback code and keeps it as the cause', () => {
    const plain = new Error('boom');
    const wrapped = LyncError.from(plain, 'InvalidSettings');
    assert.equal(wrapped.code, 'InvalidSettings');
    assert.equal(wrapped.cause, plain);
    assert.equal(LyncError.is({ code: 'AuthenticationFailed' }), false, 'a look-alike object is not a LyncError');
  });
});
