import { useState } from 'preact/hooks';
import type { ClaimDocumentFieldsFragment, ClaimEventFieldsFragment, ReviewClaimFragment } from '../gql/graphql';
import type { FundContext } from './context';
import { download } from './files';
import { rupiah } from './money';
import { ACTION_TEXT, bytesText, duplicateReasons, fundErrorText, PAYER_TEXT, serverDetail, STATUS_TEXT, witaDateTime, type FundStep } from './texts';

export interface Failure {
  text: string;
  detail: string | null;
}

/** One step's busy state and refusal; `run` resolves true when the step succeeded. */
export function useStep(step: FundStep) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      return true;
    } catch (err) {
      setFailure({ text: fundErrorText(err, step), detail: serverDetail(err) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, run, fail: (text: string) => setFailure({ text, detail: null }) };
}

export function FailureLine({ failure }: { failure: Failure | null }) {
  if (!failure) return null;
  return (
    <p class="error" role="alert" data-testid="refusal">
      {failure.text}
      {failure.detail && (
        <small class="detail" lang="en">
          {failure.detail}
        </small>
      )}
    </p>
  );
}

export function StatusBadge({ status }: { status: keyof typeof STATUS_TEXT }) {
  return (
    <span class={`status st-${status}`} data-testid="claim-status" data-status={status}>
      {STATUS_TEXT[status]}
    </span>
  );
}

/** Amounts of a claim, as a definition list. */
export function Amounts({ claim }: { claim: Pick<ReviewClaimFragment, 'amount' | 'heldAmount' | 'verifiedAmount' | 'paidAmount' | 'refundedAmount'> }) {
  return (
    <dl class="facts">
      <div>
        <dt>Diajukan</dt>
        <dd>{rupiah(claim.amount)}</dd>
      </div>
      <div>
        <dt>Dicadangkan</dt>
        <dd data-testid="claim-held">{rupiah(claim.heldAmount)}</dd>
      </div>
      {claim.verifiedAmount !== null && claim.verifiedAmount !== undefined && (
        <div>
          <dt>Diverifikasi</dt>
          <dd data-testid="claim-verified">{rupiah(claim.verifiedAmount)}</dd>
        </div>
      )}
      {claim.paidAmount !== '0' && (
        <div>
          <dt>Dibayar</dt>
          <dd>{rupiah(claim.paidAmount)}</dd>
        </div>
      )}
      {claim.refundedAmount !== '0' && (
        <div>
          <dt>Dikembalikan</dt>
          <dd>{rupiah(claim.refundedAmount)}</dd>
        </div>
      )}
    </dl>
  );
}

/** The patient and eligibility facts the verifier and finance judge on. */
export function ClaimFacts({ claim }: { claim: ReviewClaimFragment }) {
  return (
    <dl class="facts">
      <div>
        <dt>Pasien</dt>
        <dd>{claim.patientName}</dd>
      </div>
      <div>
        <dt>No. rekam medis</dt>
        <dd>{claim.medicalRecordNumber}</dd>
      </div>
      <div>
        <dt>NIK</dt>
        <dd>{claim.nik ?? 'tidak ada'}</dd>
      </div>
      <div>
        <dt>Gawat darurat</dt>
        <dd>{claim.emergency ? 'ya' : 'tidak'}</dd>
      </div>
      <div>
        <dt>Status pembayaran</dt>
        <dd>
          {PAYER_TEXT[claim.evidence.payerStatusSeen]} (
          {claim.evidence.source === 'ADMISSION' ? 'dari data admisi' : claim.evidence.source === 'BPJS_VCLAIM' ? 'dari BPJS VClaim' : 'dinyatakan pengaju'})
        </dd>
      </div>
      <div>
        <dt>Diajukan</dt>
        <dd>
          {witaDateTime(claim.createdAt)} oleh {claim.evidence.checkedBy}
        </dd>
      </div>
      {claim.sp2dNumber && (
        <div>
          <dt>SP2D</dt>
          <dd>
            {claim.sp2dNumber} · {claim.sp2dDate}
          </dd>
        </div>
      )}
      {claim.rejectReason && (
        <div>
          <dt>Alasan penolakan</dt>
          <dd>{claim.rejectReason}</dd>
        </div>
      )}
    </dl>
  );
}

export function Duplicates({ claim }: { claim: ReviewClaimFragment }) {
  if (claim.duplicates.length === 0) return null;
  return (
    <div class="notice" role="note" data-testid="duplicates">
      <strong>Kemungkinan klaim ganda ({claim.duplicates.length}):</strong>
      <ul>
        {claim.duplicates.map((d) => (
          <li key={d.claimId}>
            {rupiah(d.amount)} · {STATUS_TEXT[d.status]} · {witaDateTime(d.createdAt)} – {duplicateReasons(d.reasons)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The evidence documents; the content is fetched with the token and saved (VERIFIER, FINANCE, AUDITOR). */
export function Documents({ ctx, documents, canDownload }: { ctx: FundContext; documents: readonly ClaimDocumentFieldsFragment[]; canDownload: boolean }) {
  const step = useStep('READ');
  if (documents.length === 0) return <p class="muted">Belum ada dokumen bukti.</p>;
  return (
    <div>
      <ul class="documents" aria-label="Dokumen bukti">
        {documents.map((d) => (
          <li key={d.id} data-testid="document">
            <span>
              {d.fileName} · {bytesText(d.byteSize)} · {witaDateTime(d.uploadedAt)}
            </span>
            {canDownload && (
              <button
                type="button"
                disabled={step.busy}
                onClick={() => void step.run(() => download(`/ledger/documents/${d.id}`, d.fileName, ctx.session.token))}
              >
                Unduh {d.fileName}
              </button>
            )}
          </li>
        ))}
      </ul>
      <FailureLine failure={step.failure} />
    </div>
  );
}

export function History({ events }: { events: readonly ClaimEventFieldsFragment[] }) {
  return (
    <ol class="history" aria-label="Riwayat klaim">
      {events.map((e) => (
        <li key={e.id} data-testid="history-event" data-action={e.action}>
          <strong>{ACTION_TEXT[e.action]}</strong> · {witaDateTime(e.at)} · {e.actorUsername}
          {e.amount !== null && e.amount !== undefined && <> · {rupiah(e.amount)}</>}
          {e.fromStatus && e.fromStatus !== e.toStatus && (
            <>
              {' '}
              · {STATUS_TEXT[e.fromStatus]} → {STATUS_TEXT[e.toStatus]}
            </>
          )}
          {e.reason && <div class="muted">{e.reason}</div>}
        </li>
      ))}
    </ol>
  );
}

/** A rupiah field: typed with or without thousands dots, sent as the scalar's string. */
export function AmountField(props: { label: string; value: string; onInput: (v: string) => void; name: string }) {
  return (
    <label>
      {props.label}
      <input name={props.name} inputMode="numeric" autocomplete="off" required value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)} />
    </label>
  );
}
