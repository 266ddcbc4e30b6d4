import { useEffect, useState } from 'preact/hooks';
import { CloseFundDocument, ReviewListDocument, PayClaimDocument, RefundClaimDocument, type ClaimStatus, type ReviewClaimFragment } from '../gql/graphql';
import { Amounts, ClaimFacts, Documents, FailureLine, History, StatusBadge, useStep } from './claim-parts';
import type { FundContext } from './context';
import { dutyConflict } from './duties';
import { amountField, atMost, parseAmountInput, rupiah } from './money';
import { witaDateTime, witaToday } from './texts';

function useClaims(ctx: FundContext, status: ClaimStatus) {
  const [claims, setClaims] = useState<ReviewClaimFragment[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const load = useStep('READ');
  const read = (after: string | null = null) =>
    load.run(async () => {
      const { drawdowns } = await ctx.call(ReviewListDocument, { filter: { fundId: ctx.fund.id, status }, after });
      const page = drawdowns.edges.map((e) => e.node);
      setClaims((before) => (after && before ? [...before, ...page] : page));
      setNext(drawdowns.pageInfo.hasNextPage ? (drawdowns.pageInfo.endCursor ?? null) : null);
    });
  useEffect(() => void read(), [ctx.fund.id, ctx.tick]);
  return { claims, failure: load.failure, read, more: next ? () => void read(next) : null };
}

function More({ more }: { more: (() => void) | null }) {
  return more ? (
    <button type="button" onClick={more}>
      Muat lebih banyak
    </button>
  ) : null;
}

/** FINANCE (BPKAD): verified claims paid under an SP2D; refunds of paid claims; closing the year. */
export function PayScreen({ ctx }: { ctx: FundContext }) {
  const verified = useClaims(ctx, 'VERIFIED');
  const paid = useClaims(ctx, 'PAID');
  const reread = () => {
    ctx.changed();
    void verified.read();
    void paid.read();
  };
  return (
    <main class="screen" aria-labelledby="pay-title">
      <h2 id="pay-title">Pembayaran klaim terverifikasi</h2>
      <FailureLine failure={verified.failure} />
      {verified.claims?.length === 0 && <p class="muted">Tidak ada klaim terverifikasi yang menunggu pembayaran.</p>}
      {verified.claims?.map((c) => (
        <PayCard key={c.id} ctx={ctx} claim={c} onDone={reread} />
      ))}
      <More more={verified.more} />
      <h2>Klaim dibayar (pengembalian)</h2>
      <FailureLine failure={paid.failure} />
      {paid.claims?.length === 0 && <p class="muted">Belum ada klaim yang dibayar.</p>}
      {paid.claims?.map((c) => (
        <RefundCard key={c.id} ctx={ctx} claim={c} onDone={reread} />
      ))}
      <More more={paid.more} />
      <CloseYear ctx={ctx} />
    </main>
  );
}

function PayCard({ ctx, claim, onDone }: { ctx: FundContext; claim: ReviewClaimFragment; onDone: () => void }) {
  const [amount, setAmount] = useState(amountField(claim.verifiedAmount ?? claim.heldAmount));
  const [sp2dNumber, setSp2dNumber] = useState('');
  const [sp2dDate, setSp2dDate] = useState(witaToday());
  const [showHistory, setShowHistory] = useState(false);
  const step = useStep('PAY');
  const conflict = dutyConflict('PAY', ctx.session.user.id, claim);

  const pay = (e: Event) => {
    e.preventDefault();
    const parsed = parseAmountInput(amount);
    if (!parsed.ok) return step.fail(parsed.error);
    if (!atMost(parsed.value, claim.heldAmount)) return step.fail(`Paling banyak sebesar yang diverifikasi, ${rupiah(claim.heldAmount)}.`);
    if (!sp2dNumber.trim()) return step.fail('Isi nomor SP2D.');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(sp2dDate)) return step.fail('Isi tanggal SP2D.');
    void step
      .run(() => ctx.call(PayClaimDocument, { id: claim.id, amount: parsed.value, sp2dNumber: sp2dNumber.trim(), sp2dDate }))
      .then((ok) => ok && onDone());
  };
  return (
    <article class="card claim" data-testid="pay-claim" data-claim-id={claim.id} data-mrn={claim.medicalRecordNumber}>
      <header class="claim-head">
        <strong>RM {claim.medicalRecordNumber}</strong> · {claim.patientName} · terverifikasi {rupiah(claim.heldAmount)}
        {claim.verifiedAt && <span class="muted"> pada {witaDateTime(claim.verifiedAt)}</span>}
        {claim.paymentOverdueAt && <span class="warn"> · lewat batas pembayaran</span>}
      </header>
      <ClaimFacts claim={claim} />
      <Amounts claim={claim} />
      <Documents ctx={ctx} documents={claim.documents} canDownload />
      {conflict ? (
        <p class="notice" role="note" data-testid="duty-conflict">
          {conflict}
        </p>
      ) : (
        <form class="form" onSubmit={pay}>
          <label>
            Jumlah dibayar (Rp)
            <input name="payAmount" inputMode="numeric" autocomplete="off" required value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
          </label>
          <label>
            Nomor SP2D
            <input name="sp2dNumber" required maxLength={100} value={sp2dNumber} onInput={(e) => setSp2dNumber(e.currentTarget.value)} />
          </label>
          <label>
            Tanggal SP2D
            <input name="sp2dDate" type="date" required value={sp2dDate} onInput={(e) => setSp2dDate(e.currentTarget.value)} />
          </label>
          <FailureLine failure={step.failure} />
          <div class="row end">
            <button class="primary" type="submit" disabled={step.busy}>
              Bayar
            </button>
          </div>
        </form>
      )}
      <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory(!showHistory)}>
        {showHistory ? 'Sembunyikan riwayat' : 'Lihat riwayat'}
      </button>
      {showHistory && <History events={claim.history} />}
    </article>
  );
}

function RefundCard({ ctx, claim, onDone }: { ctx: FundContext; claim: ReviewClaimFragment; onDone: () => void }) {
  const refundable = (BigInt(claim.paidAmount) - BigInt(claim.refundedAmount)).toString();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState(amountField(refundable));
  const [reason, setReason] = useState('');
  const step = useStep('REFUND');
  const refund = (e: Event) => {
    e.preventDefault();
    const parsed = parseAmountInput(amount);
    if (!parsed.ok) return step.fail(parsed.error);
    if (!atMost(parsed.value, refundable)) return step.fail(`Paling banyak ${rupiah(refundable)} (yang dibayar dikurangi yang sudah dikembalikan).`);
    if (!reason.trim()) return step.fail('Tuliskan alasan pengembalian.');
    void step.run(() => ctx.call(RefundClaimDocument, { id: claim.id, amount: parsed.value, reason: reason.trim() })).then((ok) => ok && onDone());
  };
  return (
    <article class="card claim" data-testid="paid-claim" data-claim-id={claim.id}>
      <header class="claim-head">
        <strong>RM {claim.medicalRecordNumber}</strong> · {claim.patientName} · dibayar {rupiah(claim.paidAmount)} · SP2D {claim.sp2dNumber} ({claim.sp2dDate}){' '}
        <StatusBadge status={claim.status} />
      </header>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Tutup' : 'Pengembalian…'}
      </button>
      {open && (
        <form class="form" onSubmit={refund}>
          <label>
            Jumlah dikembalikan (Rp)
            <input name="refundAmount" inputMode="numeric" autocomplete="off" required value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
          </label>
          <label>
            Alasan pengembalian
            <input name="refundReason" required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <FailureLine failure={step.failure} />
          <div class="row end">
            <button class="primary" type="submit" disabled={step.busy}>
              Catat pengembalian
            </button>
          </div>
          <History events={claim.history} />
        </form>
      )}
    </article>
  );
}

function CloseYear({ ctx }: { ctx: FundContext }) {
  const [sure, setSure] = useState(false);
  const [closedAt, setClosedAt] = useState(ctx.fund.closedAt ?? null);
  const step = useStep('CLOSE');
  useEffect(() => setClosedAt(ctx.fund.closedAt ?? null), [ctx.fund.id]);
  const close = () =>
    void step.run(async () => {
      const { closeFund } = await ctx.call(CloseFundDocument, { fundId: ctx.fund.id });
      setClosedAt(closeFund.closedAt ?? null);
      ctx.changed();
    });
  return (
    <section class="card" aria-labelledby="close-title">
      <h2 id="close-title">Tutup tahun anggaran {ctx.fund.fiscalYear}</h2>
      {closedAt ? (
        <p class="notice" data-testid="fund-closed">
          Ditutup {witaDateTime(closedAt)}. Dana ini hanya menerima pengembalian.
        </p>
      ) : (
        <>
          <p class="muted">Hanya bila tidak ada klaim yang diajukan, dicadangkan atau terverifikasi. Setelah ditutup, dana hanya menerima pengembalian.</p>
          <label class="check">
            <input type="checkbox" checked={sure} onChange={(e) => setSure(e.currentTarget.checked)} />
            Saya yakin menutup tahun anggaran {ctx.fund.fiscalYear}
          </label>
          <FailureLine failure={step.failure} />
          <button type="button" class="danger" disabled={!sure || step.busy} onClick={close}>
            Tutup tahun anggaran
          </button>
        </>
      )}
    </section>
  );
}
