import * as assert from 'node:assert/strict';
import { showBidiControls, splitBidiControls } from '../../../src/extension/rooms/bidi';

describe('room editor: direction controls are cut out of message text, never applied', () => {
  it('splits text at each override, embedding, isolate and mark, keeping the order', () => {
    assert.deepEqual(splitBidiControls('a\u202Eb\u2066\u2069c'), [
      { text: 'a', control: false }, { text: '\u202E', control: true }, { text: 'b', control: false },
      { text: '\u2066', control: true }, { text: '\u2069', control: true }, { text: 'c', control: false },
    ]);
    assert.deepEqual(splitBidiControls('plain'), [{ text: 'plain', control: false }]);
    assert.deepEqual(splitBidiControls(''), []);
  });

  it('writes each control out as its code point for labels', () => {
    assert.equal(showBidiControls('Bob\u202Etxt.exe\u200F'), 'BobU+202Etxt.exeU+200F');
  });
});
