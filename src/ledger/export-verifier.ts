import type { KeyObject } from 'node:crypto';
import { ACCOUNTS, applyLines, isBalanced, POSTING_KINDS, type Account, type FundBalances, type PostingKind } from './claim-rules';
import { entryHash, GENESIS_HASH, type ChainContent } from './hash-chain';
import { verifySeal, type SealContent } from './seal';

/**
 * The journal export (`GET /ledger/export.jsonl`) and its offline check. One JSON object per
 * line: per fund a `fund` record, then its `entry` records in chain order (with lines and
 * document hashes), then its `seal` records. The verifier needs no database and no network:
 * it recomputes every hash and every balance, checks each seal's signature and head, and that
 * each published head hash is on a chain. Pure.
 */
export interface ExportFund {
  type: 'fund';
  fundId: string;
  name: string;
  fiscalYear: number;
  ceiling: string;
  closedAt: string | null;
}

export interface ExportEntry {
  type: 'entry';
  id: string;
  fundId: string;
  seq: number;
  kind: PostingKind;
  claimId: string | null;
  actorId: string | null;
  at: string;
  effectiveAt: string | null;
  prevHash: string;
  hash: string;
  lines: { account: Account; debit: string; credit: string }[];
  documents: { id: string; sha256: string }[];
}

export interface ExportSeal {
  type: 'seal';
  fundId: string;
  period: string;
  headSeq: number;
  headHash: string;
  entryCount: number;
  available: string;
  held: string;
  paid: string;
  sealedAt: string;
  signature: string;
}

export type ExportRecord = ExportFund | ExportEntry | ExportSeal;

export function entryRecordContent(e: ExportEntry): ChainContent {
  return {
    fundId: e.fundId,
    seq: e.seq,
    kind: e.kind,
    claimId: e.claimId,
    actorId: e.actorId,
    at: new Date(e.at),
    effectiveAt: e.effectiveAt ? new Date(e.effectiveAt) : null,
    lines: e.lines.map((l) => ({ account: l.account, debit: BigInt(l.debit), credit: BigInt(l.credit) })),
    documents: e.documents,
    prevHash: e.prevHash,
  };
}

export function sealRecordContent(s: ExportSeal): SealContent {
  return {
    fundId: s.fundId,
    period: s.period,
    headSeq: s.headSeq,
    headHash: s.headHash,
    entryCount: s.entryCount,
    available: BigInt(s.available),
    held: BigInt(s.held),
    paid: BigInt(s.paid),
    sealedAt: new Date(s.sealedAt),
  };
}

export interface ExportProblem {
  /** The record the problem is in: `entry <id> (fund <fundId>, seq <n>)`, `seal <period> of fund <id>`, `head <hash>`, `line <n>`. */
  where: string;
  message: string;
}

export interface ExportReport {
  valid: boolean;
  funds: number;
  entries: number;
  seals: number;
  headsChecked: number;
  /** The first problem in file order (the first entry that does not match), then the rest. */
  problems: ExportProblem[];
}

interface FundState {
  ceiling: bigint;
  expectedSeq: number;
  prevHash: string;
  balances: FundBalances;
  /** Per seq: hash and balances after it (for seals). */
  heads: Map<number, { hash: string; balances: FundBalances }>;
}

const MAX_PROBLEMS = 100;
const isText = (v: unknown): v is string => typeof v === 'string';

export class ExportVerifier {
  private readonly funds = new Map<string, FundState>();
  private readonly seals: { seal: ExportSeal; line: number }[] = [];
  private readonly allHashes = new Set<string>();
  private readonly problems: ExportProblem[] = [];
  private entries = 0;
  private sealCount = 0;
  private headsChecked = 0;

  constructor(private readonly publicKey: KeyObject) {}

  /** One line of the export (its number for messages). */
  feedLine(text: string, line: number): void {
    if (text.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      this.problem(`line ${line}`, 'not JSON');
      return;
    }
    this.feed(record as ExportRecord, line);
  }

  feed(record: ExportRecord, line: number): void {
    switch (record?.type) {
      case 'fund':
        return this.fund(record, line);
      case 'entry':
        return this.entry(record);
      case 'seal':
        this.seals.push({ seal: record, line });
        return;
      default:
        this.problem(`line ${line}`, 'not a fund, entry or seal record');
    }
  }

  /** Hash chain heads published elsewhere (the DPRD report): each must be on a chain of the export. */
  checkHeads(heads: readonly string[]): void {
    for (const head of heads) {
      this.headsChecked += 1;
      if (!this.allHashes.has(head.trim().toLowerCase())) {
        this.problem(`head ${head}`, 'this published head hash is not on the exported chain: the journal was rewritten or cut after it was published');
      }
    }
  }

  report(): ExportReport {
    for (const { seal, line } of this.seals) this.seal(seal, line);
    this.seals.length = 0;
    return {
      valid: this.problems.length === 0,
      funds: this.funds.size,
      entries: this.entries,
      seals: this.sealCount,
      headsChecked: this.headsChecked,
      problems: [...this.problems],
    };
  }

  private fund(r: ExportFund, line: number): void {
    if (!isText(r.fundId) || !isText(r.ceiling) || !/^\d+$/.test(r.ceiling)) return this.problem(`line ${line}`, 'malformed fund record');
    if (this.funds.has(r.fundId)) return this.problem(`fund ${r.fundId}`, 'listed twice');
    this.funds.set(r.fundId, {
      ceiling: BigInt(r.ceiling),
      expectedSeq: 1,
      prevHash: GENESIS_HASH,
      balances: { available: 0n, held: 0n, paid: 0n },
      heads: new Map([[0, { hash: GENESIS_HASH, balances: { available: 0n, held: 0n, paid: 0n } }]]),
    });
  }

  private entry(r: ExportEntry): void {
    this.entries += 1;
    const where = `entry ${String(r.id)} (fund ${String(r.fundId)}, seq ${String(r.seq)})`;
    const fund = this.funds.get(r.fundId);
    if (!fund) return this.problem(where, 'its fund record is missing before it');
    let content: ChainContent;
    try {
      if (!POSTING_KINDS.includes(r.kind) || !Array.isArray(r.lines) || !Array.isArray(r.documents ?? [])) throw new Error('shape');
      if (r.lines.some((l) => !ACCOUNTS.includes(l.account) || !/^\d+$/.test(l.debit) || !/^\d+$/.test(l.credit))) throw new Error('line');
      content = entryRecordContent({ ...r, documents: r.documents ?? [] });
    } catch {
      return this.problem(where, 'malformed entry record');
    }
    if (r.seq !== fund.expectedSeq) this.problem(where, `expected seq ${fund.expectedSeq}: an entry is missing or out of order`);
    else if (r.prevHash !== fund.prevHash) this.problem(where, 'its prevHash is not the hash of the entry before it');
    else if (entryHash(content) !== r.hash)
      this.problem(where, 'its hash does not match its content (an amount, account, time, actor or document was changed)');
    if (!isBalanced(content.lines)) this.problem(where, 'its lines do not balance (debits differ from credits)');
    else {
      try {
        fund.balances = applyLines(fund.balances, content.lines);
      } catch {
        this.problem(where, 'it takes an account of the fund below zero');
      }
    }
    const b = fund.balances;
    if (b.available + b.held + b.paid > fund.ceiling) this.problem(where, "the fund's balances exceed its ceiling");
    fund.expectedSeq = r.seq + 1;
    fund.prevHash = r.hash;
    fund.heads.set(r.seq, { hash: r.hash, balances: { ...b } });
    this.allHashes.add(r.hash);
  }

  private seal(s: ExportSeal, line: number): void {
    this.sealCount += 1;
    const where = `seal ${String(s.period)} of fund ${String(s.fundId)}`;
    let content: SealContent;
    try {
      content = sealRecordContent(s);
      if (Number.isNaN(content.sealedAt.getTime())) throw new Error('date');
    } catch {
      return this.problem(`line ${line}`, 'malformed seal record');
    }
    if (!verifySeal(content, s.signature, this.publicKey)) return this.problem(where, 'its signature does not verify with the public key');
    const fund = this.funds.get(s.fundId);
    const head = fund?.heads.get(s.headSeq);
    if (!fund || !head) return this.problem(where, `the sealed entry seq ${s.headSeq} is not in the export`);
    if (head.hash !== s.headHash) return this.problem(where, `the chain's entry ${s.headSeq} no longer has the sealed hash ${s.headHash}`);
    if (s.entryCount !== s.headSeq) this.problem(where, 'its entry count differs from its head position');
    const b = head.balances;
    if (b.available !== content.available || b.held !== content.held || b.paid !== content.paid) {
      this.problem(where, 'the balances recomputed up to its head differ from the sealed balances');
    }
  }

  private problem(where: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ where, message });
  }
}
