/**
 * npm run fuzz [-- --target framer|sip|xccos|auth|provisioning] [--count N] [--seed S] [--limit-ms 1000]
 * Mutation + random inputs, seeded from the captures and a recorded simulator session; an input
 * that throws anything but a typed LyncError, or takes over the per-input limit, is saved under
 * test/fuzz/crashes/ (which the fuzz test replays as regressions). Exit 1 when something was found.
 */
import { parseArgs } from 'node:util';
import { fuzzTarget } from './engine';
import { collectSeeds } from './seeds';
import { createTargets } from './targets';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { target: { type: 'string' }, count: { type: 'string', default: '100000' }, seed: { type: 'string', default: String(Date.now() % 1e9) }, 'limit-ms': { type: 'string', default: '1000' } } });
  const targets = createTargets().filter((t) => !values.target || t.name === values.target);
  if (!targets.length) throw new Error(`unknown --target ${values.target}: framer, sip, xccos, auth or provisioning`);
  const total = Number(values.count);
  const seeds = await collectSeeds();
  let found = 0;
  console.log(`fuzz: ${total} inputs over ${targets.map((t) => t.name).join(', ')}, seed ${values.seed}`);
  for (const target of targets) {
    const count = Math.ceil(total / targets.length);
    const r = fuzzTarget(target, seeds[target.name], { count, seed: Number(values.seed), perInputLimitMs: Number(values['limit-ms']) });
    found += r.findings.length;
    console.log(`${r.target.padEnd(13)} ${r.inputs} inputs in ${(r.ms / 1000).toFixed(1)} s, slowest ${r.slowestMs.toFixed(1)} ms, ${r.findings.length} findings`);
    for (const f of r.findings.slice(0, 5)) console.log(`  ${f.kind}: ${f.file}\n    ${f.detail.split('\n').slice(0, 4).join('\n    ')}`);
  }
  return found ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => { console.error(error); process.exitCode = 2; });
