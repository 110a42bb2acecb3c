// npm run bench: every performance figure, each as a ratio to a baseline measured in the same run.
//   node out/test/bench/main.bundle.js [--only receive,grammar,xccos,cli,signin,connect,rooms,vsix,activation,roomEditor,wan] (npm run bench builds it)
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SimulatedLyncPool } from '../../simulator/pool';
import { activationBenches } from './activation.bench';
import { coldCliBenches } from './coldCli.bench';
import { connectBenches } from './connect.bench';
import { grammarBenches } from './grammar.bench';
import { BenchResult, printResults } from './harness';
import { receiveBenches } from './receive.bench';
import { roomOpenBenches } from './roomOpen.bench';
import { roomsBenches } from './rooms.bench';
import { signInBenches } from './signin.bench';
import { vsixBenches } from './vsix.bench';
import { wanBenches } from './wan.bench';
import { wanColdCliBenches } from './wanColdCli.bench';
import { xccosBenches } from './xccos.bench';

const ALL = ['receive', 'grammar', 'xccos', 'cli', 'signin', 'connect', 'rooms', 'vsix', 'activation', 'roomEditor', 'wan'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = new Set(values.only ? values.only.split(',') : ALL);
  const unknown = [...only].filter((name) => !(ALL as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')} (choose from ${ALL.join(', ')})`);
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const step = async (name: typeof ALL[number], run: () => Promise<BenchResult[]>): Promise<void> => {
    if (!only.has(name)) return;
    console.log(`bench: ${name}…`);
    results.push(...await run());
  };
  await step('grammar', grammarBenches);
  await step('xccos', xccosBenches);
  // The receive bench starts its own pool in a worker thread (see receive.bench.ts).
  await step('receive', async () => {
    const receive = await receiveBenches();
    notes.push(...receive.notes);
    return receive.results;
  });
  // The VSIX's production build is what the activation and cold CLI benches load, as users get it.
  const needVsix = ['vsix', 'activation', 'cli', 'wan'].some((name) => only.has(name));
  if (needVsix) console.log('bench: vsix (npm run package in a copy)…');
  const vsix = needVsix ? await vsixBenches() : undefined;
  try {
    if (vsix && only.has('vsix')) results.push(...vsix.results);
    notes.push(...vsix?.notes ?? []);
    const cli = vsix && join(vsix.extensionDir, 'dist', 'cli.js');
    if (only.has('signin') || only.has('connect') || only.has('cli') || only.has('rooms') || only.has('wan')) {
      const pool = await SimulatedLyncPool.start({ tlsPort: 0, tcpPort: 0 });
      try {
        await step('signin', () => signInBenches(pool));
        await step('connect', () => connectBenches(pool));
        await step('rooms', () => roomsBenches(pool));
        const warmConnect = results.find((r) => r.name.startsWith('CONNECT'))?.value;
        await step('cli', () => coldCliBenches(pool, cli!, warmConnect));
        await step('wan', async () => {
          const wan = await wanBenches(pool);
          const restart50 = wan.find((r) => r.name.startsWith('WAN 50 ms link: restart'));
          return [...wan, ...await wanColdCliBenches(pool, cli!, restart50?.baseline)];
        });
      } finally {
        await pool.stop();
      }
    }
    await step('activation', async () => {
      const activation = await activationBenches(vsix!.extensionDir);
      notes.push(...activation.notes);
      return activation.results;
    });
  } finally {
    vsix?.dispose();
  }
  await step('roomEditor', async () => {
    const rooms = await roomOpenBenches();
    notes.push(...rooms.notes);
    return rooms.results;
  });
  console.log('');
  // Headline: what a user feels (end-to-end receive, connect vs its raw floor); decode-only figures follow, labelled.
  const headline = (r: BenchResult) => /^(END-TO-END|CONNECT|RECONNECT|COLD CLI|WAN)/.test(r.name);
  printResults([...results.filter(headline), ...results.filter((r) => !headline(r))]);
  for (const note of notes) console.log(`note: ${note}`);
  const failed = results.filter((r) => r.pass === false);
  if (failed.length) console.log(`\n${failed.length} figure(s) missed the target.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
