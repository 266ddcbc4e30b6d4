import { existsSync, createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ExportVerifier } from './export-verifier';
import { parsePublicKey } from './seal';

/**
 * `npm run ledger:verify -- export.jsonl --public-key <PEM text, base64 or file> [--head <hash>…]`:
 * checks a journal export without database or network (src/ledger/export-verifier.ts). Exits
 * 0 when everything matches, 1 naming the first entry (or seal, or head) that does not, 2 on
 * bad arguments.
 */
const USAGE = 'usage: npm run ledger:verify -- <export.jsonl> --public-key <key text or file> [--head <published head hash>]...';

function parseArgs(argv: string[]): { file: string; key: string; heads: string[] } {
  let file: string | undefined;
  let key: string | undefined;
  const heads: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--public-key') key = argv[++i];
    else if (a === '--head') heads.push(...(argv[++i] ?? '').split(',').filter((h) => h.length > 0));
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (!file) file = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!file || !key) throw new Error('the export file and --public-key are required');
  if (heads.some((h) => !/^[0-9a-fA-F]{64}$/.test(h))) throw new Error('a --head must be a 64-character hex hash');
  return { file, key, heads };
}

async function main(): Promise<number> {
  let args;
  let verifier: ExportVerifier;
  try {
    args = parseArgs(process.argv.slice(2));
    const keyText = existsSync(args.key) ? readFileSync(args.key, 'utf8') : args.key;
    verifier = new ExportVerifier(parsePublicKey(keyText));
    if (!existsSync(args.file)) throw new Error(`no such file: ${args.file}`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  const lines = createInterface({ input: createReadStream(args.file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) verifier.feedLine(line, ++n);
  verifier.checkHeads(args.heads);
  const report = verifier.report();
  const summary = `${report.funds} fund(s), ${report.entries} entries, ${report.seals} seal(s), ${report.headsChecked} published head(s) in ${Date.now() - started} ms`;
  if (report.valid) {
    process.stdout.write(`OK: ${summary}: every hash, balance and seal matches.\n`);
    return 0;
  }
  const [first, ...rest] = report.problems;
  process.stdout.write(`FAILED: ${summary}.\nFirst problem: ${first.where}: ${first.message}\n`);
  for (const p of rest) process.stdout.write(`  also: ${p.where}: ${p.message}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
