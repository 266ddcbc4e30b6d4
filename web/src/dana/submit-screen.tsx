import { useEffect, useState } from 'preact/hooks';
import {
  AdmissionWardsDocument,
  OccupiedBedsDocument,
  OwnClaimNowDocument,
  SubmitClaimDocument,
  type AdmissionWardsQuery,
  type OccupiedBedsQuery,
  type OwnClaimFragment,
} from '../gql/graphql';
import { Amounts, Documents, FailureLine, History, StatusBadge, useStep } from './claim-parts';
import type { FundContext } from './context';
import { evidenceProblem, uploadEvidence } from './files';
import { parseAmountInput, rupiah } from './money';
import { PAYER_TEXT, witaDateTime } from './texts';

type Admission = NonNullable<OccupiedBedsQuery['beds']['edges'][number]['node']['currentAdmission']>;
type Ward = AdmissionWardsQuery['hospitals'][number]['wards'][number];

/** Statuses a claim still moves from by itself or by the verifier or finance: followed here. */
const MOVING = ['REQUESTED', 'HELD', 'VERIFIED'];
const POLL_MS = 3000;

/** The claims this user submitted from this browser (ids only), to follow their status. */
const storeKey = (userId: string) => `siranap.dana.claims.${userId}`;
function storedClaimIds(userId: string): string[] {
  try {
    const ids = JSON.parse(localStorage.getItem(storeKey(userId)) ?? '[]') as unknown;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** ADMISSIONS: a claim from an admission, its evidence documents, and its status as it moves. */
export function SubmitScreen({ ctx }: { ctx: FundContext }) {
  const [wards, setWards] = useState<Ward[]>([]);
  const [wardId, setWardId] = useState('');
  const [admissions, setAdmissions] = useState<{ bedCode: string; admission: Admission }[] | null>(null);
  const [chosen, setChosen] = useState<{ bedCode: string; admission: Admission } | null>(null);
  const [claimIds, setClaimIds] = useState<string[]>(() => storedClaimIds(ctx.session.user.id));
  const load = useStep('READ');

  useEffect(() => {
    void load.run(async () => {
      const data = await ctx.call(AdmissionWardsDocument, {});
      const all = data.hospitals.flatMap((h) => h.wards);
      setWards(all);
      setWardId(all[0]?.id ?? '');
    });
  }, []);
  useEffect(() => {
    if (!wardId) return;
    setAdmissions(null);
    void load.run(async () => {
      const data = await ctx.call(OccupiedBedsDocument, { wardId });
      setAdmissions(data.beds.edges.flatMap((e) => (e.node.currentAdmission ? [{ bedCode: e.node.code, admission: e.node.currentAdmission }] : [])));
    });
  }, [wardId]);

  const submitted = (id: string, done: boolean) => {
    const ids = [id, ...claimIds.filter((x) => x !== id)].slice(0, 50);
    localStorage.setItem(storeKey(ctx.session.user.id), JSON.stringify(ids));
    setClaimIds(ids);
    if (done) setChosen(null);
    ctx.changed();
  };

  return (
    <main class="screen" aria-labelledby="submit-title">
      <h2 id="submit-title">Pengajuan klaim dana darurat</h2>
      {ctx.fund.closedAt && <p class="notice">Dana ini sudah ditutup; klaim baru tidak dapat diajukan.</p>}
      {!chosen && (
        <section class="card" aria-labelledby="admissions-title">
          <h3 id="admissions-title">Pilih pasien yang dirawat</h3>
          <label class="picker">
            Ruangan
            <select value={wardId} onChange={(e) => setWardId(e.currentTarget.value)}>
              {wards.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name} ({w.code})
                </option>
              ))}
            </select>
          </label>
          {admissions === null && !load.failure && <p class="muted">Memuat pasien…</p>}
          {admissions?.length === 0 && <p class="muted">Tidak ada pasien dirawat di ruangan ini.</p>}
          <ul class="choices">
            {admissions?.map((a) => (
              <li key={a.admission.id}>
                <button type="button" data-testid="admission" data-mrn={a.admission.medicalRecordNumber} onClick={() => setChosen(a)}>
                  RM {a.admission.medicalRecordNumber} · tempat tidur {a.bedCode} · {a.admission.emergency ? 'IGD' : 'bukan IGD'} ·{' '}
                  {PAYER_TEXT[a.admission.payerStatus]}
                </button>
              </li>
            ))}
          </ul>
          <FailureLine failure={load.failure} />
        </section>
      )}
      {chosen && <ClaimForm ctx={ctx} bedCode={chosen.bedCode} admission={chosen.admission} onCancel={() => setChosen(null)} onSubmitted={submitted} />}
      <section aria-labelledby="mine-title">
        <h3 id="mine-title">Klaim yang saya ajukan</h3>
        {claimIds.length === 0 && <p class="muted">Belum ada klaim dari perangkat ini.</p>}
        {claimIds.map((id) => (
          <OwnClaimCard key={id} ctx={ctx} id={id} />
        ))}
      </section>
    </main>
  );
}

function ClaimForm(props: { ctx: FundContext; bedCode: string; admission: Admission; onCancel: () => void; onSubmitted: (id: string, done: boolean) => void }) {
  const { ctx, admission } = props;
  const [patientName, setPatientName] = useState('');
  const [nik, setNik] = useState('');
  const [amount, setAmount] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  // One key per form: a retry after a lost answer returns the claim already recorded.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const step = useStep('SUBMIT');

  const submit = (e: Event) => {
    e.preventDefault();
    const parsed = parseAmountInput(amount);
    if (!parsed.ok) return step.fail(parsed.error);
    if (nik && !/^\d{16}$/.test(nik)) return step.fail('NIK terdiri dari 16 angka; kosongkan bila pasien tidak punya NIK.');
    const problem = files.map(evidenceProblem).find((p) => p !== null);
    if (problem) return step.fail(problem);
    let claimId: string | null = null;
    void step
      .run(async () => {
        const { submitClaim } = await ctx.call(SubmitClaimDocument, {
          input: {
            idempotencyKey,
            fundId: ctx.fund.id,
            admissionId: admission.id,
            medicalRecordNumber: admission.medicalRecordNumber,
            patientName: patientName.trim(),
            nik: nik || null,
            payerStatus: admission.payerStatus,
            emergency: admission.emergency,
            amount: parsed.value,
          },
        });
        claimId = submitClaim.id;
        for (const file of files) await uploadEvidence(submitClaim.id, file, ctx.session.token);
      })
      .then((ok) => {
        // A claim recorded whose upload failed is followed all the same (its card attaches again);
        // the form stays with the refusal.
        if (claimId) props.onSubmitted(claimId, ok);
      });
  };

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="claim-form-title" data-testid="claim-form">
      <h3 id="claim-form-title">Klaim untuk RM {admission.medicalRecordNumber}</h3>
      <dl class="facts">
        <div>
          <dt>Tempat tidur</dt>
          <dd>{props.bedCode}</dd>
        </div>
        <div>
          <dt>Masuk</dt>
          <dd>{witaDateTime(admission.admittedAt)}</dd>
        </div>
        <div>
          <dt>Gawat darurat</dt>
          <dd>{admission.emergency ? 'ya (IGD)' : 'tidak'}</dd>
        </div>
        <div>
          <dt>Status pembayaran</dt>
          <dd>{PAYER_TEXT[admission.payerStatus]}</dd>
        </div>
      </dl>
      <p class="muted">Data di atas diambil dari admisi; ubah di konsol ruangan bila salah.</p>
      <label>
        Nama pasien
        <input name="patientName" required maxLength={200} value={patientName} onInput={(e) => setPatientName(e.currentTarget.value)} />
      </label>
      <label>
        NIK (16 angka, kosongkan bila tidak ada)
        <input name="nik" inputMode="numeric" maxLength={16} value={nik} onInput={(e) => setNik(e.currentTarget.value.trim())} />
      </label>
      <label>
        Jumlah klaim (Rp)
        <input name="amount" inputMode="numeric" required autocomplete="off" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      <label>
        Dokumen bukti (PDF, JPEG atau PNG, masing-masing maks. 5 MB)
        <input
          name="documents"
          type="file"
          multiple
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))}
        />
      </label>
      <FailureLine failure={step.failure} />
      <div class="row end">
        <button type="button" onClick={props.onCancel}>
          Batal
        </button>
        <button class="primary" type="submit" disabled={step.busy || Boolean(ctx.fund.closedAt)}>
          {step.busy ? 'Mengirim…' : 'Ajukan klaim'}
        </button>
      </div>
    </form>
  );
}

function OwnClaimCard({ ctx, id }: { ctx: FundContext; id: string }) {
  const [claim, setClaim] = useState<OwnClaimFragment | null>(null);
  const [gone, setGone] = useState(false);
  const [open, setOpen] = useState(false);
  const attach = useStep('ATTACH');

  const read = () =>
    ctx.call(OwnClaimNowDocument, { id }).then(
      (data) => setClaim(data.claim),
      (err: unknown) => {
        // A claim of another fund's database (an old id in this browser) is left out.
        if (err instanceof Error && 'code' in err && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN')) setGone(true);
      },
    );
  useEffect(() => {
    void read();
  }, [id]);
  // The submitter has no live feed of claims: the status is read again while it can still move.
  useEffect(() => {
    if (!claim || !MOVING.includes(claim.status)) return;
    const timer = setInterval(() => void read(), POLL_MS);
    return () => clearInterval(timer);
  }, [claim?.status]);

  if (gone) return null;
  if (!claim) return <p class="muted">Memuat klaim…</p>;
  const addFiles = (list: FileList | null) => {
    const chosen = Array.from(list ?? []);
    const problem = chosen.map(evidenceProblem).find((p) => p !== null);
    if (problem) return attach.fail(problem);
    void attach.run(async () => {
      for (const file of chosen) await uploadEvidence(claim.id, file, ctx.session.token);
      await read();
    });
  };
  return (
    <article class="card claim" data-testid="own-claim" data-claim-id={claim.id} data-status={claim.status}>
      <header class="claim-head">
        <strong>RM {claim.medicalRecordNumber}</strong> · {claim.patientName} · {rupiah(claim.amount)} <StatusBadge status={claim.status} />
      </header>
      <Amounts claim={claim} />
      {claim.rejectReason && <p class="notice">Alasan penolakan: {claim.rejectReason}</p>}
      <Documents ctx={ctx} documents={claim.documents} canDownload={false} />
      {MOVING.includes(claim.status) && (
        <label>
          Tambah dokumen bukti
          <input type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" onChange={(e) => addFiles(e.currentTarget.files)} />
        </label>
      )}
      <FailureLine failure={attach.failure} />
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Sembunyikan riwayat' : 'Lihat riwayat'}
      </button>
      {open && <History events={claim.history} />}
    </article>
  );
}
