import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AdmissionModel } from '../beds/beds.types';
import { BedsService } from '../beds/beds.service';
import { notFound } from '../common/error-codes';
import { decodeCursor, encodeCursor, pageSize } from '../common/pagination';
import { claimEvents, drawdownPage, drawdownTotals, exportPage, findClaim, toClaimEventModel, toClaimModel, type ClaimRow } from './claims.repository';
import { fundExists, listFunds } from './funds.repository';
import { ChainVerifier } from './hash-chain';
import { contentHashes } from './claim-documents.repository';
import { balancesAt, chainPage } from './journal.repository';
import type { DrawdownFilter } from './ledger.inputs';
import type { ClaimEventModel, ClaimModel, DrawdownConnection, FundBalanceModel, FundModel, LedgerVerification } from './ledger.models';

/** Entries read per page of the chain walk: a long journal is checked without loading it whole. */
const CHAIN_PAGE = 1000;

/** What the auditors and the claim screens read: funds, balances, claims, their history, the chain check. */
@Injectable()
export class LedgerQueriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly beds: BedsService,
  ) {}

  async funds(): Promise<FundModel[]> {
    const rows = await listFunds(this.db);
    return rows.map((r) => ({ id: r.id, name: r.name, fiscalYear: r.fiscal_year, ceiling: BigInt(r.ceiling), closedAt: r.closed_at }));
  }

  /** Balances at `asOf` (default now), summed from the journal lines posted up to then. */
  async fundBalance(fundId: string, asOf: Date | undefined): Promise<FundBalanceModel> {
    await this.requireFund(fundId);
    const at = asOf ?? new Date();
    const rows = await balancesAt(this.db, fundId, at);
    const of = (account: string) => BigInt(rows.find((r) => r.account === account)?.balance ?? '0');
    return { fundId, available: of('AVAILABLE'), held: of('HELD'), paid: of('PAID'), asOf: at };
  }

  /**
   * Walks the chain, and recomputes the SHA-256 of every evidence document an entry recorded:
   * a file swapped in the database after it was recorded names that entry.
   */
  async verifyLedger(fundId: string): Promise<LedgerVerification> {
    await this.requireFund(fundId);
    const verifier = new ChainVerifier();
    const changedDocumentIds: string[] = [];
    let firstDocumentBreak: { seq: number; id: string } | null = null;
    let afterSeq = 0;
    // Keyset pages in chain order.
    for (;;) {
      const rows = await chainPage(this.db, fundId, afterSeq, CHAIN_PAGE);
      const recorded = rows.flatMap((r) => (r.documents ?? []).map((d) => ({ entry: r, doc: d })));
      if (recorded.length > 0) {
        const actual = new Map(
          (
            await contentHashes(
              this.db,
              recorded.map((x) => x.doc.id),
            )
          ).map((h) => [h.id, h.actual]),
        );
        for (const { entry, doc } of recorded) {
          if (actual.get(doc.id) === doc.sha256) continue;
          changedDocumentIds.push(doc.id);
          if (!firstDocumentBreak || entry.seq < firstDocumentBreak.seq) firstDocumentBreak = { seq: entry.seq, id: entry.id };
        }
      }
      for (const r of rows) {
        verifier.feed({
          id: r.id,
          fundId,
          seq: r.seq,
          kind: r.kind,
          claimId: r.claim_id,
          actorId: r.actor_id,
          at: r.at,
          prevHash: r.prev_hash,
          hash: r.hash,
          effectiveAt: r.effective_at,
          documents: r.documents ?? [],
          lines: r.lines.map((l) => ({ account: l.account, debit: BigInt(l.debit), credit: BigInt(l.credit) })),
        });
      }
      if (rows.length < CHAIN_PAGE) break;
      afterSeq = rows[rows.length - 1].seq;
    }
    const chain = verifier.report();
    if (!firstDocumentBreak) return { ...chain, changedDocumentIds };
    // The earlier of the two breaks is the first entry that does not match.
    const chainBreakFirst = chain.firstBrokenEntryId !== null && BigInt(chain.firstBrokenEntryId) < BigInt(firstDocumentBreak.id);
    return { ...chain, valid: false, firstBrokenEntryId: chainBreakFirst ? chain.firstBrokenEntryId : firstDocumentBreak.id, changedDocumentIds };
  }

  async claim(id: string): Promise<ClaimModel> {
    const row = await findClaim(this.db, id);
    if (!row) throw notFound('Claim', id);
    return toClaimModel(row);
  }

  /** The admission a claim refers to (the resolver has checked that the caller may read it). */
  admission(id: string): Promise<AdmissionModel | null> {
    return this.beds.admission(id);
  }

  async history(claimId: string): Promise<ClaimEventModel[]> {
    return (await claimEvents(this.db, claimId)).map(toClaimEventModel);
  }

  async drawdowns(filter: DrawdownFilter | undefined, first: number | undefined, after: string | undefined): Promise<DrawdownConnection> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, ['instant', 'uuid']);
    const totals = await drawdownTotals(this.db, filter ?? {});
    const rows = await drawdownPage(this.db, filter ?? {}, cursor ? [cursor[0], cursor[1]] : null, size + 1);
    const page = rows.slice(0, size);
    const edges = page.map((r) => ({ cursor: encodeCursor([r.created_at.toISOString(), r.id]), node: toClaimModel(r) }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
      totalCount: totals.n,
      totals: { requested: BigInt(totals.requested), held: BigInt(totals.held), paid: BigInt(totals.paid), refunded: BigInt(totals.refunded) },
    };
  }

  /** One page of the CSV export: claims matching the filter, oldest first, after the last row of the previous page. */
  exportPage(filter: DrawdownFilter, after: ClaimRow | null, size: number): Promise<ClaimRow[]> {
    return exportPage(this.db, filter, after ? [after.created_at, after.id] : null, size);
  }

  async requireFund(fundId: string): Promise<void> {
    if (!(await fundExists(this.db, fundId))) throw notFound('Fund', fundId);
  }
}
