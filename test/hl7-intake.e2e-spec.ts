import request from 'supertest';
import { MllpListener } from '../src/intake/mllp.listener';
import { MllpClient } from '../src/intake/mllp-client';
import { errorCode, TestApp } from './support/test-app';

const HEADER = 'ward_code,ward_name,room_code,room_sex_policy,bed_code,bed_class';
const letters = 'ABCDEFGHIJKL'.split('');
const CSV = [
  HEADER,
  ...letters.slice(0, 10).map((l) => `MAWAR,Mawar,101,MIXED,M101-${l},KELAS_3`),
  ...letters.slice(0, 2).map((l) => `MAWAR,Mawar,102,FEMALE,M102-${l},KELAS_3`),
  ...letters.map((l) => `MAWAR,Mawar,103,MIXED,M103-${l},KELAS_3`),
].join('\n');

interface Msg {
  id: string;
  event: string;
  mrn?: string;
  bed?: string;
  room?: string;
  prior?: string;
  at?: string;
  seq?: number;
  fin?: string;
  sex?: string;
  pointOfCare?: string;
  extra?: string[];
}

let clock = Date.UTC(2026, 0, 1, 0, 0, 0);
/** An HL7 time (WITA) a minute after the previous one, so messages are in order unless a test says otherwise. */
function nextTime(): string {
  clock += 60_000;
  const d = new Date(clock + 8 * 3600_000);
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function adt(m: Msg): string {
  const at = m.at ?? nextTime();
  const loc = m.bed ? `${m.pointOfCare ?? 'MAWAR'}^${m.room ?? '101'}^${m.bed}^RSKL` : '';
  const segs = [
    `MSH|^~\\&|SIMRS|RSKL|SIRANAP|RSKL|${at}||ADT^${m.event}^ADT_${m.event}|${m.id}|P|2.5${m.seq !== undefined ? `|${m.seq}` : ''}`,
    `EVN|${m.event}|${at}`,
  ];
  if (m.mrn) {
    segs.push(`PID|1||${m.mrn}^^^RSKL^MR||Pasien^Uji||19800101|${m.sex ?? 'M'}`);
    segs.push(`PV1|1|I|${loc}|||${m.prior ?? ''}||||||||||||||${m.fin ?? 'JKN'}`);
  }
  segs.push(...(m.extra ?? []));
  return segs.join('\r');
}

const msa = (ack: string): string =>
  ack
    .split('\r')
    .find((s) => s.startsWith('MSA|'))!
    .split('|')[1];
const err = (ack: string): string => ack.split('\r').find((s) => s.startsWith('ERR|')) ?? '';

describe('HL7 v2 ADT over MLLP into the bed service', () => {
  let t: TestApp;
  let admin: string;
  let client: MllpClient;
  let port: number;

  const BEDS = `query($h: String) { beds(filter: { hospitalCode: $h }, first: 100) { edges { node { id code status version currentAdmission { medicalRecordNumber payerStatus } } } } }`;
  type BedView = { id: string; code: string; status: string; version: number; currentAdmission: { medicalRecordNumber: string; payerStatus: string } | null };
  async function beds(): Promise<Record<string, BedView>> {
    const res = await t.gql<{ beds: { edges: { node: BedView }[] } }>(BEDS, { h: 'RSKL' }, admin);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return Object.fromEntries(res.data!.beds.edges.map((e) => [e.node.code, e.node]));
  }
  async function publicCounts(): Promise<{ available: number; occupied: number; cleaning: number; closed: number }> {
    const res = await t.gql<{ availability: { available: number; occupied: number; cleaning: number; closed: number }[] }>(
      `{ availability(hospitalCode: "RSKL") { available occupied cleaning closed } }`,
    );
    return res.data!.availability.reduce(
      (a, r) => ({ available: a.available + r.available, occupied: a.occupied + r.occupied, cleaning: a.cleaning + r.cleaning, closed: a.closed + r.closed }),
      {
        available: 0,
        occupied: 0,
        cleaning: 0,
        closed: 0,
      },
    );
  }
  async function messageRow(controlId: string): Promise<{ status: string; heldReason: string | null; errorText: string | null; id: string }> {
    const res = await t.gql<{
      hl7Messages: { edges: { node: { id: string; controlId: string; status: string; heldReason: string | null; errorText: string | null } }[] };
    }>(`{ hl7Messages(first: 200) { edges { node { id controlId status heldReason errorText } } } }`, {}, admin);
    return res.data!.hl7Messages.edges.map((e) => e.node).find((n) => n.controlId === controlId)!;
  }
  async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 10_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async function nurseStatus(code: string, status: string): Promise<void> {
    const b = (await beds())[code];
    const res = await t.gql(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { status } }`,
      { i: { bedId: b.id, expectedVersion: b.version, status, reason: 'ward' } },
      admin,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }

  beforeAll(async () => {
    t = await TestApp.start({
      SEED_ON_START: 'false',
      HL7_MLLP_PORT: '0',
      HL7_REORDER_MS: '300',
      HL7_RETRY_MS: '100',
      HL7_HOLD_MAX_MS: '4000',
      HL7_ACK_WAIT_MS: '3000',
    });
    admin = await t.adminToken();
    const h = await t.gql(
      `mutation($i: CreateHospitalInput!) { createHospital(input: $i) { id } }`,
      { i: { code: 'RSKL', name: 'RSUD Uji', address: 'Jl. Uji 1, Kupang', phone: '0380 1', rsOnlineCode: '5371001' } },
      admin,
    );
    expect(h.errors).toBeUndefined();
    const imp = await t.gql(`mutation($csv: String!) { importBeds(csv: $csv, dryRun: false, hospitalCode: "RSKL") { hospitalCode } }`, { csv: CSV }, admin);
    expect(imp.errors).toBeUndefined();
    for (const [q, v] of [
      [`mutation { setHl7Facility(facility: "RSKL", hospitalCode: "RSKL") { code } }`, {}],
      [
        `mutation($i: SetHl7LocationInput!) { setHl7Location(input: $i) { pointOfCare } }`,
        { i: { hospitalCode: 'RSKL', pointOfCare: 'MAWAR', wardCode: 'MAWAR', bedCodeTemplate: 'M{room}-{bed}' } },
      ],
    ] as const) {
      const res = await t.gql(q, v, admin);
      expect(res.errors).toBeUndefined();
    }
    port = t.app.get(MllpListener).port()!;
    client = await MllpClient.connect(port);
  });
  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  it('A01 admits (AA); the same message again is acknowledged and changes nothing', async () => {
    const before = await publicCounts();
    const a01 = adt({ id: 'A01-1', event: 'A01', mrn: 'RM-1', bed: 'A' });
    const ack = await client.send(a01);
    expect(msa(ack)).toBe('AA');
    const b = (await beds())['M101-A'];
    expect(b.status).toBe('OCCUPIED');
    expect(b.currentAdmission).toEqual({ medicalRecordNumber: 'RM-1', payerStatus: 'BPJS_ACTIVE' });
    const after = await publicCounts();
    expect(after.occupied).toBe(before.occupied + 1);
    expect(after.available).toBe(before.available - 1);

    expect(msa(await client.send(a01))).toBe('AA');
    expect((await beds())['M101-A'].version).toBe(b.version);
    expect((await publicCounts()).occupied).toBe(after.occupied);
    const log = await t.gql<{ hl7Messages: { totalCount: number } }>(`{ hl7Messages(filter: { medicalRecordNumber: "RM-1" }) { totalCount } }`, {}, admin);
    expect(log.data!.hl7Messages.totalCount).toBe(1);
  });

  it('A02 transfers, A08 changes the payer, A03 discharges; each ACK AA and the counters follow', async () => {
    expect(msa(await client.send(adt({ id: 'A02-1', event: 'A02', mrn: 'RM-1', bed: 'B', prior: 'MAWAR^101^A^RSKL' })))).toBe('AA');
    let all = await beds();
    expect(all['M101-A'].status).toBe('CLEANING');
    expect(all['M101-B'].currentAdmission?.medicalRecordNumber).toBe('RM-1');
    expect(msa(await client.send(adt({ id: 'A08-1', event: 'A08', mrn: 'RM-1', bed: 'B', fin: 'ASURANSI' })))).toBe('AA');
    expect((await beds())['M101-B'].currentAdmission?.payerStatus).toBe('OTHER_INSURANCE');
    const before = await publicCounts();
    expect(msa(await client.send(adt({ id: 'A03-1', event: 'A03', mrn: 'RM-1', bed: 'B' })))).toBe('AA');
    all = await beds();
    expect(all['M101-B'].status).toBe('CLEANING');
    expect(all['M101-B'].currentAdmission).toBeNull();
    const after = await publicCounts();
    expect([after.occupied, after.cleaning]).toEqual([before.occupied - 1, before.cleaning + 1]);
  });

  it('A13 waits (CA) while the bed is being cleaned (the ward owns cleaning), then applies once the ward makes it AVAILABLE', async () => {
    const ack = await client.send(adt({ id: 'A13-1', event: 'A13', mrn: 'RM-1', bed: 'B' }));
    expect(msa(ack)).toBe('CA');
    expect(ack).toMatch(/M101-B is CLEANING/);
    await nurseStatus('M101-B', 'AVAILABLE');
    await waitFor('A13 applied', async () => (await messageRow('A13-1')).status === 'APPLIED');
    expect((await beds())['M101-B'].currentAdmission?.medicalRecordNumber).toBe('RM-1');
    // The resend now answers what became of it.
    expect(msa(await client.send(adt({ id: 'A13-1', event: 'A13', mrn: 'RM-1', bed: 'B' })))).toBe('AA');
  });

  it('A11 cancels an admission; A12 cancels a transfer', async () => {
    expect(msa(await client.send(adt({ id: 'A01-2', event: 'A01', mrn: 'RM-2', bed: 'C' })))).toBe('AA');
    expect(msa(await client.send(adt({ id: 'A11-2', event: 'A11', mrn: 'RM-2', bed: 'C' })))).toBe('AA');
    let all = await beds();
    expect([all['M101-C'].status, all['M101-C'].currentAdmission]).toEqual(['CLEANING', null]);

    expect(msa(await client.send(adt({ id: 'A01-3', event: 'A01', mrn: 'RM-3', bed: 'D' })))).toBe('AA');
    expect(msa(await client.send(adt({ id: 'A02-3', event: 'A02', mrn: 'RM-3', bed: 'E', prior: 'MAWAR^101^D' })))).toBe('AA');
    await nurseStatus('M101-D', 'AVAILABLE');
    expect(msa(await client.send(adt({ id: 'A12-3', event: 'A12', mrn: 'RM-3', bed: 'D', prior: 'MAWAR^101^E' })))).toBe('AA');
    all = await beds();
    expect(all['M101-D'].currentAdmission?.medicalRecordNumber).toBe('RM-3');
    expect(all['M101-E'].status).toBe('CLEANING');
  });

  it('A17 swaps two patients; A20 sets bed statuses by table 0116 unless the ward set the status', async () => {
    expect(msa(await client.send(adt({ id: 'A01-4', event: 'A01', mrn: 'RM-4', bed: 'F' })))).toBe('AA');
    expect(msa(await client.send(adt({ id: 'A01-5', event: 'A01', mrn: 'RM-5', bed: 'G' })))).toBe('AA');
    const counts = await publicCounts();
    const swap = [
      `MSH|^~\\&|SIMRS|RSKL|SIRANAP|RSKL|${nextTime()}||ADT^A17^ADT_A17|A17-1|P|2.5`,
      `EVN|A17|${nextTime()}`,
      `PID|1||RM-4^^^RSKL^MR||A^B||19800101|M`,
      `PV1|1|I|MAWAR^101^G^RSKL|||||||||||||||||JKN`,
      `PID|2||RM-5^^^RSKL^MR||C^D||19800101|F`,
      `PV1|1|I|MAWAR^101^F^RSKL|||||||||||||||||JKN`,
    ].join('\r');
    expect(msa(await client.send(swap))).toBe('AA');
    const all = await beds();
    expect([all['M101-F'].currentAdmission?.medicalRecordNumber, all['M101-G'].currentAdmission?.medicalRecordNumber]).toEqual(['RM-5', 'RM-4']);
    expect(await publicCounts()).toEqual(counts);

    const a20 = (id: string, bed: string, status: string) => adt({ id, event: 'A20', extra: [`NPU|MAWAR^101^${bed}^RSKL|${status}`] });
    expect(msa(await client.send(a20('A20-1', 'H', 'C')))).toBe('AA');
    expect((await beds())['M101-H'].status).toBe('CLOSED');
    expect((await publicCounts()).closed).toBe(counts.closed + 1);
    expect(msa(await client.send(a20('A20-2', 'H', 'U')))).toBe('AA');
    expect((await beds())['M101-H'].status).toBe('AVAILABLE');
    // The ward closes a bed: an A20 cannot reopen it (closures are the ward's).
    await nurseStatus('M101-I', 'CLOSED');
    const refused = await client.send(a20('A20-3', 'I', 'U'));
    expect(msa(refused)).toBe('AE');
    expect(err(refused)).toMatch(/M101-I is CLOSED, set by the ward/);
    expect((await beds())['M101-I'].status).toBe('CLOSED');
    const occupied = await client.send(a20('A20-4', 'J', 'O'));
    expect([msa(occupied), err(occupied)]).toEqual(['AE', expect.stringMatching(/NPU-2 O/)]);
    const unknown = await client.send(a20('A20-5', 'J', 'X'));
    expect(err(unknown)).toMatch(/taken: C, H, I, K, O, U/);
  });

  it('a nurse and the SIMRS disagree: where the patient lies follows the SIMRS, a discharge the ward made is acknowledged', async () => {
    const all = await beds();
    const nurse = await t.gql(
      `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { status } }`,
      { i: { bedId: all['M101-J'].id, expectedVersion: all['M101-J'].version, medicalRecordNumber: 'RM-6', emergency: false, payerStatus: 'SELF_PAY' } },
      admin,
    );
    expect(nurse.errors).toBeUndefined();
    expect(msa(await client.send(adt({ id: 'A01-6', event: 'A01', mrn: 'RM-6', bed: 'H' })))).toBe('AA');
    let now = await beds();
    expect(now['M101-H'].currentAdmission?.medicalRecordNumber).toBe('RM-6');
    expect(now['M101-J'].status).toBe('CLEANING');

    const h = now['M101-H'];
    const out = await t.gql(
      `mutation($i: DischargePatientInput!) { dischargePatient(input: $i) { status } }`,
      { i: { bedId: h.id, expectedVersion: h.version, contaminated: false } },
      admin,
    );
    expect(out.errors).toBeUndefined();
    const ack = await client.send(adt({ id: 'A03-6', event: 'A03', mrn: 'RM-6', bed: 'H' }));
    expect(msa(ack)).toBe('AA');
    expect(ack).toMatch(/already/);
    now = await beds();
    expect(now['M101-H'].version).toBe(h.version + 1);
  });

  it('refusals name what was wrong and change nothing: unknown bed, unknown point of care, payer, sex, garbage', async () => {
    const before = await beds();
    const unknownBed = await client.send(adt({ id: 'BAD-1', event: 'A01', mrn: 'RM-7', bed: 'Z' }));
    expect([msa(unknownBed), err(unknownBed)]).toEqual(['AE', expect.stringMatching(/Bed M101-Z .*does not exist/)]);
    const unknownWard = await client.send(adt({ id: 'BAD-2', event: 'A01', mrn: 'RM-7', bed: 'A', pointOfCare: 'MELATI' }));
    expect(err(unknownWard)).toMatch(/Point of care "MELATI".*mapped: MAWAR/);
    const payer = await client.send(adt({ id: 'BAD-3', event: 'A01', mrn: 'RM-7', bed: 'A', fin: 'XYZ' }));
    expect(err(payer)).toMatch(/Financial class "XYZ"/);
    const sex = await client.send(adt({ id: 'BAD-4', event: 'A01', mrn: 'RM-7', room: '102', bed: 'A', sex: 'M' }));
    expect(err(sex)).toMatch(/Room 102 takes FEMALE patients only/);
    const halfSwap = [
      `MSH|^~\\&|SIMRS|RSKL|SIRANAP|RSKL|${nextTime()}||ADT^A17^ADT_A17|BAD-5|P|2.5`,
      `PID|1||RM-4^^^RSKL^MR||A^B||19800101|M`,
      `PV1|1|I|MAWAR^101^F^RSKL`,
      `PID|2||RM-5^^^RSKL^MR||C^D||19800101|F`,
      `PV1|1|I|MAWAR^101^Q^RSKL`,
    ].join('\r');
    expect(err(await client.send(halfSwap))).toMatch(/M101-Q/);

    const garbage = await client.writeRaw(Buffer.from('\x0bhello, this is not HL7\x1c\r'), true);
    expect(msa(garbage!)).toBe('AR');
    const orm = await client.send(adt({ id: 'BAD-6', event: 'A01', mrn: 'RM-7', bed: 'A' }).replace('ADT^A01^ADT_A01', 'ORM^O01'));
    expect([msa(orm), err(orm)]).toEqual(['AR', expect.stringMatching(/only ADT/)]);
    const a99 = await client.send(adt({ id: 'BAD-7', event: 'A99', mrn: 'RM-7', bed: 'A' }));
    expect(msa(a99)).toBe('AR');
    const noTime = await client.send(adt({ id: 'BAD-8', event: 'A01', mrn: 'RM-7', bed: 'A', at: 'yesterday' }));
    expect([msa(noTime), err(noTime)]).toEqual(['AR', expect.stringMatching(/MSH-7/)]);
    expect(await beds()).toEqual(before);
  });

  it('20 messages for one patient sent out of order end as the in-order sequence does; a later straggler is refused', async () => {
    const base = clock;
    const msgs: string[] = [];
    const beds103 = letters.map((l) => l);
    let bedIndex = 0;
    let payer = 'JKN';
    msgs.push(adt({ id: 'OOO-0', event: 'A01', mrn: 'RM-8', room: '103', bed: beds103[0], at: undefined, seq: 1 }));
    for (let i = 1; i < 20; i++) {
      if (i % 2 === 1) {
        bedIndex++;
        msgs.push(adt({ id: `OOO-${i}`, event: 'A02', mrn: 'RM-8', room: '103', bed: beds103[bedIndex], fin: payer, seq: i + 1 }));
      } else {
        payer = payer === 'JKN' ? 'UMUM' : 'JKN';
        msgs.push(adt({ id: `OOO-${i}`, event: 'A08', mrn: 'RM-8', room: '103', bed: beds103[bedIndex], fin: payer, seq: i + 1 }));
      }
    }
    expect(clock).toBeGreaterThan(base);
    // A fixed shuffle: the admission arrives near the end.
    const order = [7, 3, 15, 0, 12, 19, 1, 9, 4, 18, 11, 6, 14, 2, 17, 8, 13, 5, 16, 10].reverse();
    const acks = await Promise.all(order.map((i) => client.send(msgs[i])));
    expect(acks.map(msa)).toEqual(order.map(() => 'AA'));
    const all = await beds();
    const lastBed = `M103-${beds103[bedIndex]}`;
    expect(all[lastBed].currentAdmission).toEqual({ medicalRecordNumber: 'RM-8', payerStatus: payer === 'JKN' ? 'BPJS_ACTIVE' : 'SELF_PAY' });
    for (let k = 0; k < bedIndex; k++) expect(all[`M103-${beds103[k]}`].status).toBe('CLEANING');
    for (let k = bedIndex + 1; k < beds103.length; k++) expect(all[`M103-${beds103[k]}`].status).toBe('AVAILABLE');

    const straggler = await client.send(adt({ id: 'OOO-late', event: 'A02', mrn: 'RM-8', room: '103', bed: 'L', at: '20260101080100' }));
    expect([msa(straggler), err(straggler)]).toEqual(['AE', expect.stringMatching(/Out of order/)]);
    expect((await beds())['M103-L'].status).toBe('AVAILABLE');
  });

  it('a message that cannot apply is held (CA), then refused; the admin retries or dismisses it', async () => {
    const ack = await client.send(adt({ id: 'HOLD-1', event: 'A02', mrn: 'RM-9', bed: 'A' }));
    expect(msa(ack)).toBe('CA');
    expect(ack).toMatch(/no admission here yet/);
    const refused = await waitFor('refused after HL7_HOLD_MAX_MS', async () => {
      const row = await messageRow('HOLD-1');
      return row.status === 'REFUSED' ? row : null;
    });
    expect(refused.errorText).toMatch(/Held too long.*no admission/);
    expect(msa(await client.send(adt({ id: 'HOLD-1', event: 'A02', mrn: 'RM-9', bed: 'A' })))).toBe('AE');

    const retried = await t.gql<{ retryHl7Message: { status: string } }>(
      `mutation($id: ID!) { retryHl7Message(id: $id) { status } }`,
      { id: refused.id },
      admin,
    );
    expect(retried.data!.retryHl7Message.status).toBe('PENDING');
    const dismissed = await t.gql<{ dismissHl7Message: { status: string } }>(
      `mutation($id: ID!) { dismissHl7Message(id: $id, reason: "patient never came") { status } }`,
      { id: refused.id },
      admin,
    );
    expect(dismissed.data!.dismissHl7Message.status).toBe('DISMISSED');
    const again = await t.gql(`mutation($id: ID!) { retryHl7Message(id: $id) { status } }`, { id: refused.id }, admin);
    expect(errorCode(again)).toBe('BAD_USER_INPUT');
  });

  it('the log and the mapping are ADMIN only; the metrics count the outcomes', async () => {
    const staff = await t.userToken(['ADMISSIONS'], [], admin);
    expect(errorCode(await t.gql(`{ hl7Messages { totalCount } }`, {}, staff))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(`{ hl7Mapping { locations { wardCode } } }`, {}, staff))).toBe('FORBIDDEN');
    const bad = await t.gql(
      `mutation($i: SetHl7LocationInput!) { setHl7Location(input: $i) { pointOfCare } }`,
      { i: { hospitalCode: 'RSKL', pointOfCare: 'X', wardCode: 'NOPE' } },
      admin,
    );
    expect(errorCode(bad)).toBe('NOT_FOUND');
    const refusedLog = await t.gql<{ hl7Messages: { totalCount: number } }>(`{ hl7Messages(filter: { status: REFUSED }) { totalCount } }`, {}, admin);
    expect(refusedLog.data!.hl7Messages.totalCount).toBeGreaterThan(3);
    const metrics = await request(t.http).get('/metrics');
    expect(metrics.text).toMatch(/siranap_hl7_messages\{outcome="applied"\} [1-9]/);
    expect(metrics.text).toMatch(/siranap_hl7_lag_seconds\{quantile="0.99"\}/);
  });
});
