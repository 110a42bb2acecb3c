import * as assert from 'node:assert/strict';
import { type GiveUpReason, MAX_PAGES, type RevealPort, RevealSearch } from '../../../src/extension/rooms/page/revealSearch';

/** A list of message ids (oldest first) that grows by one older page per request answered. */
function fakeList(shown: string[], older: string[][]) {
  const asked: string[] = [];
  const gaveUp: GiveUpReason[] = [];
  let onTheWay = false;
  const port: RevealPort = {
    show: (id) => shown.includes(id),
    loadOlder: () => {
      if (older.length === 0) return 'none';
      if (onTheWay) return 'busy';
      onTheWay = true;
      asked.push(shown[0]);
      return 'asked';
    },
    gaveUp: (reason) => gaveUp.push(reason),
  };
  /** The page on its way arrives (as paging.ts adds it before telling the search). */
  const arrive = (): void => {
    onTheWay = false;
    shown.unshift(...(older.shift() ?? []));
  };
  return { port, asked, gaveUp, arrive, askFirst: () => port.loadOlder() };
}

describe('room page: a reveal looks for its message page by page, one page on its way at a time, and a cancelled or ended search ignores later pages', () => {
  it('a message already shown is shown at once and no page is asked for', () => {
    const list = fakeList(['a', 'b'], [['x']]);
    const search = new RevealSearch('b', list.port);
    assert.equal(search.state, 'Shown');
    assert.deepEqual(list.asked, []);
  });

  it('an older message is found after its pages arrive, each asked for only once the one before arrived', () => {
    const list = fakeList(['c'], [['b'], ['a']]);
    const search = new RevealSearch('a', list.port);
    assert.equal(search.state, 'AwaitingPage');
    assert.deepEqual(list.asked, ['c']);
    list.arrive();
    search.pageArrived();
    assert.deepEqual(list.asked, ['c', 'b']);
    list.arrive();
    search.pageArrived();
    assert.equal(search.state, 'Shown');
    assert.deepEqual(list.asked, ['c', 'b'], 'a page was asked for after the message was found');
  });

  it('with a page already on its way (the user scrolled up) the search waits for that page instead of asking for a second one', () => {
    const list = fakeList(['c'], [['a']]);
    assert.equal(list.askFirst(), 'asked');
    const search = new RevealSearch('a', list.port);
    assert.equal(search.state, 'AwaitingPage');
    assert.equal(list.asked.length, 1, 'a second request went out while one was on its way');
    list.arrive();
    search.pageArrived();
    assert.equal(search.state, 'Shown');
  });

  it(`gives up after ${MAX_PAGES} pages without the message, and when the history ends or a page fails`, () => {
    const pages = Array.from({ length: MAX_PAGES + 5 }, (_, i) => [`old${i}`]);
    const far = fakeList(['n'], pages);
    const search = new RevealSearch('never', far.port);
    for (let i = 0; i < MAX_PAGES; i++) {
      far.arrive();
      search.pageArrived();
    }
    assert.equal(search.state, 'GaveUp');
    assert.equal(far.asked.length, MAX_PAGES);
    assert.deepEqual(far.gaveUp, ['notInPages']);

    const short = fakeList(['n'], []);
    assert.equal(new RevealSearch('never', short.port).state, 'GaveUp');
    assert.deepEqual(short.gaveUp, ['notInHistory']);

    const failing = fakeList(['n'], [['a']]);
    const failed = new RevealSearch('a', failing.port);
    failed.pageFailed();
    assert.equal(failed.state, 'GaveUp');
    assert.deepEqual(failing.gaveUp, ['pageFailed']);
  });

  it('a cancelled search (a newer reveal, the list loaded anew, the user scrolling) asks for nothing more when its page arrives', () => {
    const list = fakeList(['c'], [['b'], ['a']]);
    const search = new RevealSearch('a', list.port);
    search.cancel();
    assert.equal(search.state, 'Cancelled');
    list.arrive();
    search.pageArrived();
    search.pageFailed();
    assert.equal(search.state, 'Cancelled');
    assert.deepEqual(list.asked, ['c'], 'a cancelled search asked for another page');
    assert.deepEqual(list.gaveUp, []);
  });
});
