import * as assert from 'node:assert/strict';
import { messageSize, oversize } from '../../../src/persistentChat/rooms/messageSize';

describe('messageSize: a post is measured as the server counts messageSizeLimit (UTF-16 code units, line ends as LF)', () => {
  it('counts é as 1, an emoji as 2 and CRLF as 1', () => {
    assert.equal(messageSize('é'.repeat(300)), 300);
    assert.equal(messageSize('😀'.repeat(300)), 600);
    assert.equal(messageSize('a\r\nb\rc'), 5);
  });

  it('reports the size only when it is over a known limit', () => {
    assert.equal(oversize('é'.repeat(512), 512), undefined);
    assert.equal(oversize('😀'.repeat(257), 512), 514);
    assert.equal(oversize('x'.repeat(10_000), undefined), undefined);
    assert.equal(oversize('x'.repeat(10_000), 0), undefined);
  });
});
