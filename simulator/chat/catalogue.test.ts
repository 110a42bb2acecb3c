import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LyncError } from '../../src/common/errors';
import { nullLogger } from '../../src/common/logger';
import { defaultCataloguePath, loadCatalogue, validateCatalogue } from './catalogue';
import { createChatService } from './index';
import { testConfig } from './testSupport';

const BASE = () => ({
  rootUri: 'ma-cat://contoso.com/0f99ae28-527c-49a9-8cc8-4a489423f66c',
  categories: [{ id: 'eng', uri: 'ma-cat://contoso.com/5c1e8d0a-3b7f-4e21-9a64-2f0d7b8c91a3', name: 'Engineering' }],
  rooms: [{ uri: 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7', name: 'Release Train', category: 'eng', privacy: 'open', members: ['sip:alice@contoso.com'], history: [] as unknown[] }],
  invitations: [{ id: 1, user: 'sip:alice@contoso.com', room: 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7', inviter: 'sip:bob@contoso.com', createdOn: '2026-11-24T08:30:00Z' }],
});

function rejected(mutate: (c: ReturnType<typeof BASE>) => void, field: RegExp): void {
  const catalogue = BASE();
  mutate(catalogue);
  assert.throws(() => validateCatalogue(catalogue, 'bad.json'), (err: unknown) => {
    assert.ok(LyncError.is(err, 'InvalidSettings'));
    assert.match(err.message, /^Catalogue bad\.json: /);
    assert.match(err.message, field);
    return true;
  });
}

describe('sim chat: catalogue', () => {
  it('loads the default catalogue: realistic rooms, a secret room and a pending invitation for alice', () => {
    const catalogue = loadCatalogue(defaultCataloguePath());
    const names = catalogue.rooms.map((r) => r.name);
    for (const name of ['Release Train', 'Incident Bridge', 'Architecture Guild', 'Coffee Corner']) assert.ok(names.includes(name), name);
    assert.ok(catalogue.rooms.some((r) => r.privacy === 'secret'));
    assert.ok(catalogue.rooms.every((r) => /^ma-chan:\/\/contoso\.com\/[0-9a-f-]{36}$/.test(r.uri)));
    assert.ok(catalogue.invitations.some((i) => i.user === 'sip:alice@contoso.com'));
    assert.ok(catalogue.rooms.some((r) => r.history.length > 0));
  });

  it('accepts a minimal valid catalogue, defaulting optional fields', () => {
    const catalogue = validateCatalogue(BASE());
    assert.equal(catalogue.rooms[0].invitations, false);
    assert.equal(catalogue.rooms[0].description, '');
    assert.deepEqual(catalogue.rooms[0].managers, []);
  });

  it('names the bad field in every validation error', () => {
    rejected((c) => { c.rooms[0].privacy = 'public'; }, /rooms\[0\]\.privacy must be one of open, closed, secret \(got "public"\)/);
    rejected((c) => { c.rooms[0].category = 'nope'; }, /rooms\[0\]\.category names no category/);
    rejected((c) => { c.rooms[0].uri = 'https://contoso.com/x'; }, /rooms\[0\]\.uri has an invalid value/);
    rejected((c) => { c.rooms.push({ ...c.rooms[0] }); }, /rooms\[1\]\.uri duplicates/);
    rejected((c) => { c.rooms[0].members = ['alice']; }, /rooms\[0\]\.members\[0\] has an invalid value/);
    rejected((c) => { c.rooms[0].history = [{ author: 'sip:bob@contoso.com', ts: 'yesterday', text: 'x' }]; }, /rooms\[0\]\.history\[0\]\.ts has an invalid value/);
    rejected((c) => { c.invitations[0].id = 0; }, /invitations\[0\]\.id must be a positive integer/);
    rejected((c) => { c.invitations[0].user = 'sip:erin@contoso.com'; }, /invitations\[0\]\.user must be a member or manager of Release Train/);
    rejected((c) => { c.invitations[0].room = 'ma-chan://contoso.com/missing'; }, /invitations\[0\]\.room names no room/);
    rejected((c) => { (c as { categories: unknown }).categories = {}; }, /categories must be an array/);
    rejected((c) => { (c as { rootUri?: string }).rootUri = undefined; }, /rootUri must be a non-empty string/);
  });

  describe('from files', () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-catalogue-')); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports unreadable files and invalid JSON with the path', () => {
      assert.throws(() => loadCatalogue(path.join(dir, 'missing.json')), /missing\.json: cannot be read/);
      fs.writeFileSync(path.join(dir, 'broken.json'), '{ "rooms": [ }');
      assert.throws(() => loadCatalogue(path.join(dir, 'broken.json')), /broken\.json: is not valid JSON/);
    });

    it('makes createChatService fail on a bad catalogue path from the config', () => {
      const file = path.join(dir, 'bad.json');
      fs.writeFileSync(file, JSON.stringify({ ...BASE(), rooms: [{ ...BASE().rooms[0], privacy: 'hidden' }] }));
      assert.throws(() => createChatService(testConfig({ cataloguePath: file }), { stallMs: 0 }, nullLogger), /rooms\[0\]\.privacy/);
    });
  });
});
