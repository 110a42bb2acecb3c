import assert from 'node:assert/strict';
import { FeedInbox } from '../../../src/persistentChat/feeds/feedInbox';
import { FeedMatcher, highlightPieces } from '../../../src/persistentChat/feeds/feedMatcher';
import { isFeedProblem, parseStoredFeeds, personUri, validateFeed } from '../../../src/persistentChat/feeds/feedValidation';
import type { FeedInput, TopicFeed } from '../../../src/persistentChat/feeds/types';
import type { RoomMessage } from '../../../src/persistentChat/rooms/types';

const ROOM = 'ma-chan://contoso.com/release';
let n = 0;
function message(text: string, author = 'sip:bob@contoso.com', extra: Partial<RoomMessage> = {}): RoomMessage {
  n++;
  return { id: `m${n}`, roomUri: ROOM, author, time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)), text, mention: false, alert: false, own: false, ...extra };
}
function feed(input: Partial<FeedInput>, others: TopicFeed[] = []): TopicFeed {
  const result = validateFeed('f1', { name: 'Deploys', keywords: '', people: '', ...input }, others);
  assert.ok(!isFeedProblem(result), JSON.stringify(result));
  return result;
}

describe('topic feeds: the matcher', () => {
  it('matches keywords as whole words, case-insensitively, and says where each hit is', () => {
    const matcher = new FeedMatcher(feed({ keywords: 'deploy, hotfix' }));
    const hit = matcher.match(message('Deploy of 4.2 and a HOTFIX; redeploy later, deployment too'));
    assert.deepEqual(hit?.ranges, [[0, 6], [20, 26]]);
    assert.equal(matcher.match(message('redeploying deployments')), undefined, 'not inside other words');
    assert.deepEqual(highlightPieces('a deploy b', [[2, 8]]), [{ text: 'a ', hit: false }, { text: 'deploy', hit: true }, { text: ' b', hit: false }]);
  });

  it('matches people by SIP address in any spelling; keywords and people together must both match; rooms limit where', () => {
    const people = new FeedMatcher(feed({ people: 'Bob@Contoso.com' }));
    assert.ok(people.match(message('anything', 'sip:BOB@contoso.com')));
    assert.equal(people.match(message('anything', 'sip:carol@contoso.com')), undefined);
    const both = new FeedMatcher(feed({ people: 'bob@contoso.com', keywords: 'release' }));
    assert.ok(both.match(message('release now', 'sip:bob@contoso.com')));
    assert.equal(both.match(message('release now', 'sip:carol@contoso.com')), undefined);
    assert.equal(both.match(message('lunch', 'sip:bob@contoso.com')), undefined);
    const inRoom = new FeedMatcher(feed({ keywords: 'release', rooms: ['ma-chan://contoso.com/other'] }));
    assert.equal(inRoom.match(message('release')), undefined);
  });

  it('keywords with regular-expression characters are literal, and the user\'s own posts never match', () => {
    const matcher = new FeedMatcher(feed({ keywords: 'c++, a.b' }));
    assert.ok(matcher.match(message('we use c++ here')));
    assert.equal(matcher.match(message('axb')), undefined);
    assert.equal(matcher.match(message('c++', 'sip:alice@contoso.com', { own: true })), undefined);
  });
});

describe('topic feeds: validation and storage', () => {
  const problem = (input: Partial<FeedInput>, others: TopicFeed[] = []) => {
    const result = validateFeed('f2', { name: 'x', keywords: '', people: '', ...input }, others);
    return isFeedProblem(result) ? result.code : undefined;
  };

  it('refuses an empty, overlong or taken name, nothing to match, too many or too long keywords, and a person that is not an address', () => {
    assert.equal(problem({ name: '  ', keywords: 'a' }), 'NameEmpty');
    assert.equal(problem({ name: 'n'.repeat(61), keywords: 'a' }), 'NameTooLong');
    assert.equal(problem({ name: 'deploys', keywords: 'a' }, [feed({ keywords: 'b' })]), 'NameTaken');
    assert.equal(problem({ keywords: ' , ', people: '' }), 'NothingToMatch');
    assert.equal(problem({ keywords: Array.from({ length: 21 }, (_, i) => `k${i}`).join(',') }), 'TooManyKeywords');
    assert.equal(problem({ keywords: 'k'.repeat(61) }), 'KeywordTooLong');
    assert.equal(problem({ people: 'bob' }), 'PersonInvalid');
    assert.equal(problem({ people: Array.from({ length: 21 }, (_, i) => `u${i}@contoso.com`).join(',') }), 'TooManyPeople');
    assert.equal(problem({ keywords: 'ok', people: 'sip:bob@contoso.com' }), undefined);
    assert.equal(personUri('<sip:Bob@Contoso.com>'), 'sip:bob@contoso.com');
  });

  it('keeps lists trimmed and without repeats; stored feeds are re-validated and damaged entries dropped', () => {
    const kept = feed({ keywords: ' deploy ,Deploy,, release ', people: 'bob@contoso.com; sip:bob@contoso.com' });
    assert.deepEqual([kept.keywords, kept.people], [['deploy', 'release'], ['sip:bob@contoso.com']]);
    const stored = parseStoredFeeds([kept, null, { id: 'x y', name: 'bad id', keywords: ['a'] }, { id: 'f3', name: 'Empty', keywords: [] }, 'junk']);
    assert.deepEqual(stored, [kept]);
    assert.deepEqual(parseStoredFeeds({ not: 'a list' }), []);
  });
});

describe('topic feeds: the inbox', () => {
  it('collects matches once each, in time order; live ones count as unread and are announced, history ones are not', () => {
    const inbox = new FeedInbox();
    const announced: string[] = [];
    inbox.onDidMatch(({ hit }) => announced.push(hit.message.text));
    inbox.setFeeds([feed({ keywords: 'deploy' })]);
    const older = message('deploy one');
    const live = message('deploy two');
    inbox.add([live], true);
    inbox.add([older, message('lunch'), live], false);
    assert.deepEqual(inbox.hits('f1').map((h) => h.message.text), ['deploy one', 'deploy two']);
    assert.equal(inbox.unread('f1'), 1);
    assert.deepEqual(announced, ['deploy two']);
    inbox.markRead('f1');
    assert.equal(inbox.unread('f1'), 0);
    inbox.setFeeds([{ ...inbox.feeds[0], name: 'Renamed' }]);
    assert.equal(inbox.hits('f1').length, 2, 'a rename keeps the matches');
    inbox.setFeeds([{ ...inbox.feeds[0], keywords: ['lunch'] }]);
    assert.equal(inbox.hits('f1').length, 0, 'new criteria start over');
  });

  it('keeps at most the newest 500 matches of a feed', () => {
    const inbox = new FeedInbox();
    inbox.setFeeds([feed({ keywords: 'x' })]);
    inbox.add(Array.from({ length: 520 }, (_, i) => message(`x ${i}`)), true);
    assert.equal(inbox.hits('f1').length, 500);
    assert.equal(inbox.hits('f1')[0].message.text, 'x 20');
    assert.equal(inbox.unread('f1'), 500);
  });
});
