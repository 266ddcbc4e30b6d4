import { useEffect, useState } from 'preact/hooks';
import { RejectClaimDocument, VerificationQueueDocument, VerifyClaimDocument, type ReviewClaimFragment } from '../gql/graphql';
import { Amounts, ClaimFacts, Documents, Duplicates, FailureLine, History, useStep } from './claim-parts';
import type { FundContext } from './context';
import { dutyConflict } from './duties';
import { amountField, atMost, parseAmountInput, rupiah } from './money';
import { witaDateTime } from './texts';

/** VERIFIER (Inspektorat): the held claims, oldest hold first; verify in full or less, or reject. */
export function VerifyScreen({ ctx }: { ctx: FundContext }) {
  const [claims, setClaims] = useState<ReviewClaimFragment[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const load = useStep('READ');

  const read = (after: string | null) =>
    load.run(async () => {
      const { verificationQueue: q } = await ctx.call(VerificationQueueDocument, { fundId: ctx.fund.id, after });
      const page = q.edges.map((e) => e.node);
      setClaims((before) => (after && before ? [...before, ...page] : page));
      setTotal(q.totalCount);
      setNext(q.pageInfo.hasNextPage ? (q.pageInfo.endCursor ?? null) : null);
    });
  useEffect(() => void read(null), [ctx.fund.id, ctx.tick]);

  return (
    <main class="screen" aria-labelledby="verify-title">
      <h2 id="verify-title">Antrean verifikasi</h2>
      <p class="muted" data-testid="queue-count">
        {total} klaim dicadangkan menunggu verifikasi, yang terlama di atas.
      </p>
      <FailureLine failure={load.failure} />
      {claims?.map((c) => (
        <VerifyCard key={c.id} ctx={ctx} claim={c} onDone={() => void read(null)} />
      ))}
      {next && (
        <button type="button" onClick={() => void read(next)}>
          Muat lebih banyak
        </button>
      )}
    </main>
  );
}

function VerifyCard({ ctx, claim, onDone }: { ctx: FundContext; claim: ReviewClaimFragment; onDone: () => void }) {
  const [amount, setAmount] = useState(amountField(claim.heldAmount));
  const [reason, setReason] = useState('');
  const [showHistory, setShowHistory] = useState(false);
  const step = useStep('VERIFY');
  const reject = useStep('REJECT');
  const conflict = dutyConflict('VERIFY', ctx.session.user.id, claim);

  const verify = (full: boolean) => {
    let value: string | null = null;
    if (!full) {
      const parsed = parseAmountInput(amount);
      if (!parsed.ok) return step.fail(parsed.error);
      if (!atMost(parsed.value, claim.heldAmount)) return step.fail(`Paling banyak sebesar yang dicadangkan, ${rupiah(claim.heldAmount)}.`);
      value = parsed.value;
    }
    void step.run(() => ctx.call(VerifyClaimDocument, { id: claim.id, amount: value })).then((ok) => ok && (ctx.changed(), onDone()));
  };
  const doReject = (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return reject.fail('Tuliskan alasan penolakan.');
    void reject.run(() => ctx.call(RejectClaimDocument, { id: claim.id, reason: reason.trim() })).then((ok) => ok && (ctx.changed(), onDone()));
  };

  return (
    <article class="card claim" data-testid="queue-claim" data-claim-id={claim.id} data-mrn={claim.medicalRecordNumber}>
      <header class="claim-head">
        <strong>RM {claim.medicalRecordNumber}</strong> · {claim.patientName} · dicadangkan {rupiah(claim.heldAmount)}
        {claim.heldAt && <span class="muted"> sejak {witaDateTime(claim.heldAt)}</span>}
      </header>
      <ClaimFacts claim={claim} />
      <Amounts claim={claim} />
      <Duplicates claim={claim} />
      <h4>Dokumen bukti</h4>
      <Documents ctx={ctx} documents={claim.documents} canDownload />
      {conflict ? (
        <p class="notice" role="note" data-testid="duty-conflict">
          {conflict}
        </p>
      ) : (
        <div class="decide">
          <div class="row">
            <button class="primary" type="button" disabled={step.busy} onClick={() => verify(true)}>
              Verifikasi penuh {rupiah(claim.heldAmount)}
            </button>
          </div>
          <div class="row inline-form">
            <label>
              Jumlah yang diverifikasi (Rp)
              <input name="verifyAmount" inputMode="numeric" autocomplete="off" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
            </label>
            <button type="button" disabled={step.busy} onClick={() => verify(false)}>
              Verifikasi sebagian
            </button>
          </div>
          <p class="muted">Sisa cadangan kembali ke dana pada saat verifikasi.</p>
          <FailureLine failure={step.failure} />
          <form class="row inline-form" onSubmit={doReject}>
            <label>
              Alasan penolakan
              <input name="rejectReason" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            </label>
            <button type="submit" class="danger" disabled={reject.busy}>
              Tolak klaim
            </button>
          </form>
          <FailureLine failure={reject.failure} />
        </div>
      )}
      <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory(!showHistory)}>
        {showHistory ? 'Sembunyikan riwayat' : 'Lihat riwayat'}
      </button>
      {showHistory && <History events={claim.history} />}
    </article>
  );
}
