import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The parts of scripts/demoProfile.mjs behind `npm start -- --fresh` (the .mjs has no typings: this is its contract). */
interface OriginModule {
  profilePort(demoDir: string): number | undefined;
  rememberPort(demoDir: string, port: number): void;
  freshProfile(demoDir: string): number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- an ES module of scripts/ (Node 20.19+ can require() it)
const profile = require(join(__dirname, '..', '..', '..', '..', 'scripts', 'demoProfile.mjs')) as OriginModule;

describe('npm start --fresh: a clean profile on the server and in the browser (issue 28 item 10)', () => {
  let scratch: string;
  beforeEach(() => { scratch = mkdtempSync(join(tmpdir(), 'demo-profile-')); });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('deletes the profile and serves the new one on a port no earlier profile used (a new browser origin); later starts keep it', () => {
    const demoDir = join(scratch, 'demo-user');
    mkdirSync(join(demoDir, 'user-data'), { recursive: true });
    writeFileSync(join(demoDir, 'user-data', 'state'), 'old');
    assert.equal(profile.profilePort(demoDir), undefined, 'a profile from before this change has no port: 8765 is used');
    profile.rememberPort(demoDir, 8765);

    const first = profile.freshProfile(demoDir);
    assert.equal(existsSync(demoDir), false, 'the profile folder is gone');
    assert.equal(first, 8766);
    profile.rememberPort(demoDir, first);
    assert.equal(profile.profilePort(demoDir), 8766, 'the next plain start serves on the same address');

    const second = profile.freshProfile(demoDir);
    assert.equal(second, 8767, 'never an address an earlier profile was served on');
  });
});
