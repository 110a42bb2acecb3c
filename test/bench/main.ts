// npm run bench: every performance figure, each as a ratio to a baseline measured in the same run.
import { SimulatedLyncPool } from '../sim/pool';
import { BenchResult, printResults } from './harness';
import { signInBenches } from './signin.bench';
import { xccosBenches } from './xccos.bench';

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  results.push(...await xccosBenches());
  const pool = await SimulatedLyncPool.start({ tlsPort: 0, tcpPort: 0 });
  try {
    results.push(...await signInBenches(pool));
  } finally {
    await pool.stop();
  }
  printResults(results);
  const failed = results.filter((r) => r.pass === false);
  if (failed.length) console.log(`\n${failed.length} figure(s) missed the target.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
