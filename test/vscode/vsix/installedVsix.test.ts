/**
 * What users get: `npm run package` in a fresh copy of this checkout, the VSIX installed with
 * code-server's own --install-extension into a fresh profile (the installed folder is the
 * extension's only copy; the demo's companion extension is linked as `npm start` links it), and
 * the workbench started as `npm start` starts it, against the simulated pool.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { findRepoRoot, harnessPaths } from '../runner/prerequisites';
import { chromiumOrSkip, copyCheckout, DemoWorkbench, linkDemoCompanion, PlaceExtensions, startLikeNpmStart } from '../demo/npmStartHarness';
import { connected, editorTabs, inRoom, invitationRows, runCommand, until, WAIT_MS } from '../demo/workbenchUi';

const GUILD = { uri: 'ma-chan://contoso.com/3393f007-8fe0-482d-be1e-d2a3ad5a5b17', name: 'Architecture Guild', history: 'RFC-031 is up for review' } as const;
/** The lazy bundle the room editor needs (required by dist/extension.js when the first room editor opens). */
const LAZY_BUNDLE = join('dist', 'roomPanel.js');
/** An access time before any read the workbench can make: a read moves it (relatime updates an access time older than the file's modification). */
const UNREAD_MS = 3_600_000;

/** `npm run package` in `checkout`; its output when it fails. */
function packageVsix(checkout: string): string {
  const run = spawnSync('npm', ['run', '-s', 'package'], { cwd: checkout, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  assert.equal(run.status, 0, `npm run package failed:\n${run.stdout}\n${run.stderr}`);
  const manifest = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as { name: string };
  return join(checkout, `${manifest.name}.vsix`);
}

/** The VSIX installed by code-server's own --install-extension, after the companion is linked (so both are in the profile's extensions.json). */
function installVsix(vsix: string): PlaceExtensions {
  return ({ checkout, extensionsDir, userDataDir }) => {
    linkDemoCompanion(checkout, extensionsDir);
    const paths = harnessPaths(checkout);
    const run = spawnSync(paths.codeServerNode, [paths.codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], { encoding: 'utf8' });
    assert.equal(run.status, 0, `code-server --install-extension failed:\n${run.stdout}\n${run.stderr}`);
  };
}

/** Whether `file` was read since its access time was set back by UNREAD_MS. */
function wasRead(file: string): boolean {
  const { atimeMs, mtimeMs } = statSync(file);
  return atimeMs >= mtimeMs;
}

describe('The packaged VSIX, installed with code-server --install-extension: what users get works', function () {
  this.timeout(420_000);
  let chromiumPath: string;
  let scratch: string;
  /** A fresh copy of this checkout, packaged there. */
  let checkout: string;
  let vsix: string;
  let running: DemoWorkbench | undefined;

  before(function () {
    const root = findRepoRoot();
    chromiumPath = chromiumOrSkip(this, root);
    scratch = mkdtempSync(join(tmpdir(), 'lync-vsix-'));
    checkout = join(scratch, 'checkout');
    copyCheckout(root, checkout);
    rmSync(join(checkout, '.vscode-test', 'demo-user'), { recursive: true, force: true });
    vsix = packageVsix(checkout);
  });

  after(async () => {
    await running?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('signs in, accepts an invitation, opens the room with its history and posts to it, the room editor\'s lazy bundle read from the installed folder only when the room opens', async () => {
    let lazyBundle = '';
    const install = installVsix(vsix);
    running = await startLikeNpmStart(checkout, chromiumPath, (place) => {
      install(place);
      const installed = readdirSync(place.extensionsDir).filter((name) => name.startsWith('lync-pchat.lync-persistent-chat-'));
      assert.equal(installed.length, 1, `expected one installed copy of the extension: ${installed.join(', ')}`);
      const folder = join(place.extensionsDir, installed[0]);
      assert.ok(lstatSync(folder).isDirectory() && !lstatSync(folder).isSymbolicLink(), `${folder} is not a folder of its own (a link to the checkout?)`);
      lazyBundle = join(folder, LAZY_BUNDLE);
      const { mtime } = statSync(lazyBundle);
      utimesSync(lazyBundle, new Date(mtime.getTime() - UNREAD_MS), mtime);
    });
    const { page, pool } = running;

    await connected(page);
    assert.ok(!wasRead(lazyBundle), `${LAZY_BUNDLE} was read before any room editor opened: it is not lazy`);

    // The catalogue's pending invitation, accepted with the row's inline button: the room opens in an editor.
    await runCommand(page, 'Lync: Show Invitations');
    const row = invitationRows(page, GUILD.name);
    await row.first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await row.first().hover();
    await row.first().locator('.actions .action-label[aria-label^="Accept Invitation"]').click({ timeout: WAIT_MS });
    await editorTabs(page, GUILD.name).first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await inRoom(page, `#name:text-is("${GUILD.name}")`).waitFor({ state: 'visible', timeout: WAIT_MS });
    await inRoom(page, `#messages .msg:has-text("${GUILD.history}")`).waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.ok(wasRead(lazyBundle), `the room editor opened, but the installed ${LAZY_BUNDLE} was never read (or its file system records no access times: mounted noatime?)`);
    const script = decodeURIComponent(await inRoom(page, 'script[src]').first().getAttribute('src', { timeout: WAIT_MS }) ?? '');
    assert.ok(script.includes(join(lazyBundle, '..', 'roomWebview.js')), `the room page's script is not the installed dist/roomWebview.js: ${script}`);

    // A post from the compose box reaches the pool once.
    const history = () => pool.rooms().find((r) => r.uri === GUILD.uri)?.historyCount ?? -1;
    const count = history();
    const text = `Posted from the installed VSIX ${process.pid}`;
    const compose = inRoom(page, 'textarea#compose:not([disabled])');
    await compose.click({ timeout: WAIT_MS });
    await compose.pressSequentially(text);
    await compose.press('Enter');
    await inRoom(page, `#messages .msg:has-text(${JSON.stringify(text)})`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await until(() => history() === count + 1, 'the post to reach the pool');
  });
});
