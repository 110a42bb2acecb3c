export async function runCli(argv: string[]): Promise<number> {
  if (argv.includes('--version')) {
    process.stdout.write('lync-pchat 0.1.0\n');
    return 0;
  }
  process.stderr.write('lync-pchat: not implemented yet\n');
  return 2;
}
