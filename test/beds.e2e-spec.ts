import { createHash } from 'node:crypto';
import request from 'supertest';
import { BED_STATUSES, allowedTargets, type BedStatus } from '../src/beds/bed-status';
import { TestApp, errorCode, type GqlResponse } from './support/test-app';

interface BedRef {
  id: string;
  code: string;
  version: number;
  status: string;
  ward_id: string;
  bed_class: string;
}

const ADMIT = `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { id status version currentAdmission { medicalRecordNumber } } }`;
const DISCHARGE = `mutation($i: DischargePatientInput!) { dischargePatient(input: $i) { id status version } }`;
const CHANGE = `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { id status version } }`;
const TRANSFER = `mutation($i: TransferPatientInput!) { transferPatient(input: $i) { fromBed { status version } toBed { status version } admission { bedId } } }`;

describe('beds', () => {
  let t: TestApp;
  let admin: string;
  let wardA: string; // PD3
  let wardB: string; // BD3
  let mrn = 0;
  const nextMrn = () => `RM-${Date.now() % 100000}-${++mrn}`;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    const wards: { id: string; code: string }[] = await t.db.query(`SELECT id, code FROM wards`);
    wardA = wards.find((w) => w.code === 'PD3')!.id;
    wardB = wards.find((w) => w.code === 'BD3')!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A bed in the given state (and ward), read fresh from the database. */
  async function bed(status: string, wardId?: string, skip: string[] = []): Promise<BedRef> {
    const rows: BedRef[] = await t.db.query(
      `SELECT id, code, version, status, ward_id, bed_class FROM beds
        WHERE status = $1 AND ($2::uuid IS NULL OR ward_id = $2) AND NOT (id = ANY($3::uuid[])) ORDER BY code LIMIT 1`,
      [status, wardId ?? null, skip],
    );
    if (!rows[0] && status === 'AVAILABLE' && wardId) {
      // The demo ward may start with none free: free one through the API, as a nurse would.
      await ensureAvailable(wardId, skip.length + 1);
      return bed(status, wardId, skip);
    }
    if (!rows[0]) throw new Error(`no ${status} bed`);
    return rows[0];
  }

  /** Frees beds of a ward (not occupied ones) through the API until it has `n` available. */
  async function ensureAvailable(wardId: string, n: number): Promise<void> {
    for (;;) {
      const rows: BedRef[] = await t.db.query(`SELECT id, version, status FROM beds WHERE ward_id = $1 ORDER BY code`, [wardId]);
      if (rows.filter((r) => r.status === 'AVAILABLE').length >= n) return;
      const next = rows.find((r) => ['CLEANING', 'CLOSED', 'RESERVED', 'ISOLATED', 'CONTAMINATED'].includes(r.status));
      if (!next) {
        // Only occupied beds left to free: discharge the patient of the last one (the bed goes to cleaning).
        const occupied = rows.filter((r) => r.status === 'OCCUPIED');
        if (occupied.length <= n) throw new Error('ward has no bed that can be freed');
        const last = occupied[occupied.length - 1];
        const out = await t.gql(DISCHARGE, { i: { bedId: last.id, expectedVersion: last.version } }, admin);
        if (out.errors) throw new Error(JSON.stringify(out.errors));
        continue;
      }
      const to = next.status === 'CONTAMINATED' ? 'CLEANING' : 'AVAILABLE';
      const res = await t.gql(CHANGE, { i: { bedId: next.id, expectedVersion: next.version, status: to } }, admin);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  }

  async function snapshot(): Promise<string> {
    const rows = await t.db.query(
      `SELECT (SELECT json_agg(b ORDER BY id) FROM beds b) AS beds,
              (SELECT json_agg(a ORDER BY id) FROM admissions a) AS admissions,
              (SELECT count(*) FROM bed_events) AS events,
              (SELECT json_agg(w ORDER BY ward_id, bed_class) FROM ward_availability w) AS counts`,
    );
    // A digest keeps failures readable; any change of any row changes it.
    return createHash('sha256').update(JSON.stringify(rows[0])).digest('hex');
  }

  async function expectCountersMatchRecount(): Promise<void> {
    const mismatches = await t.db.query(
      `WITH recount AS (
         SELECT ward_id, bed_class, count(*)::int AS total,
                count(*) FILTER (WHERE status = 'AVAILABLE')::int AS available,
                count(*) FILTER (WHERE status = 'OCCUPIED')::int AS occupied,
                count(*) FILTER (WHERE status = 'RESERVED')::int AS reserved,
                count(*) FILTER (WHERE status IN ('CLEANING', 'CONTAMINATED'))::int AS cleaning,
                count(*) FILTER (WHERE status IN ('CLOSED', 'ISOLATED'))::int AS closed
           FROM beds GROUP BY ward_id, bed_class)
       SELECT r.*, w.* FROM recount r FULL JOIN ward_availability w USING (ward_id, bed_class)
        WHERE w.total IS DISTINCT FROM r.total OR w.available IS DISTINCT FROM r.available
           OR w.occupied IS DISTINCT FROM r.occupied OR w.reserved IS DISTINCT FROM r.reserved
           OR w.cleaning IS DISTINCT FROM r.cleaning OR w.closed IS DISTINCT FROM r.closed`,
    );
    expect(mismatches).toEqual([]);
  }

  describe('role boundaries', () => {
    it('anonymous callers read the public availability and nothing else', async () => {
      expect((await t.gql(`{ availability { wardName available } }`)).errors).toBeUndefined();
      expect((await t.gql(`{ hospitals { name wards { name } } }`)).errors).toBeUndefined();
      const b = await bed('AVAILABLE', wardA);
      for (const q of [
        `{ beds { totalCount } }`,
        `{ bed(id: "${b.id}") { code } }`,
        `{ bedHistory(bedId: "${b.id}") { totalCount } }`,
        `{ me { username } }`,
      ]) {
        expect(errorCode(await t.gql(q))).toBe('UNAUTHENTICATED');
      }
      const res = await t.gql(CHANGE, { i: { bedId: b.id, expectedVersion: b.version, status: 'CLOSED' } });
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect((await bed('AVAILABLE', wardA)).version).toBe(b.version);
    });

    it('a bad or expired token is refused, not treated as anonymous', async () => {
      const res = await t.gql(`{ availability { available } }`, {}, 'not-a-token');
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    });

    it('ward staff change beds of their own ward only', async () => {
      const staffA = await t.userToken(['WARD_STAFF'], [wardA], admin);
      const own = await bed('AVAILABLE', wardA);
      const other = await bed('AVAILABLE', wardB);
      const before = await snapshot();
      const refused = await t.gql(CHANGE, { i: { bedId: other.id, expectedVersion: other.version, status: 'CLOSED' } }, staffA);
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(await snapshot()).toBe(before);
      const ok = await t.gql<{ changeBedStatus: { status: string } }>(
        CHANGE,
        { i: { bedId: own.id, expectedVersion: own.version, status: 'RESERVED' } },
        staffA,
      );
      expect(ok.errors).toBeUndefined();
      expect(ok.data!.changeBedStatus.status).toBe('RESERVED');
    });

    it('a transfer needs both wards', async () => {
      const staffA = await t.userToken(['WARD_STAFF'], [wardA], admin);
      const from = await bed('OCCUPIED', wardA);
      const to = await bed('AVAILABLE', wardB);
      const res = await t.gql(
        TRANSFER,
        { i: { fromBedId: from.id, toBedId: to.id, fromVersion: from.version, toVersion: to.version, reason: 'pindah' } },
        staffA,
      );
      expect(errorCode(res)).toBe('FORBIDDEN');
    });

    it.each([['VERIFIER'], ['FINANCE'], ['AUDITOR']])('%s may read beds but not change them', async (role) => {
      const token = await t.userToken([role], [], admin);
      expect((await t.gql(`{ beds(first: 1) { totalCount } }`, {}, token)).errors).toBeUndefined();
      const b = await bed('AVAILABLE');
      expect(errorCode(await t.gql(CHANGE, { i: { bedId: b.id, expectedVersion: b.version, status: 'CLOSED' } }, token))).toBe('FORBIDDEN');
      expect(
        errorCode(
          await t.gql(
            ADMIT,
            { i: { bedId: b.id, expectedVersion: b.version, medicalRecordNumber: nextMrn(), emergency: false, payerStatus: 'SELF_PAY' } },
            token,
          ),
        ),
      ).toBe('FORBIDDEN');
    });

    it('ADMISSIONS admit to any ward; only ADMIN creates users', async () => {
      const admissions = await t.userToken(['ADMISSIONS'], [], admin);
      const b = await bed('AVAILABLE', wardB);
      const res = await t.gql(
        ADMIT,
        { i: { bedId: b.id, expectedVersion: b.version, medicalRecordNumber: nextMrn(), emergency: true, payerStatus: 'NO_BPJS' } },
        admissions,
      );
      expect(res.errors).toBeUndefined();
      const create = await t.gql(
        `mutation { createUser(input: { username: "x-user", password: "0123456789", roles: [ADMIN], wardIds: [] }) { id } }`,
        {},
        admissions,
      );
      expect(errorCode(create)).toBe('FORBIDDEN');
    });
  });

  describe('admission, discharge, transfer', () => {
    it('admit then discharge: the bed goes to CLEANING, history records both', async () => {
      const b = await bed('AVAILABLE', wardA);
      const medicalRecordNumber = nextMrn();
      const admitted = await t.gql<{ admitPatient: { status: string; version: number; currentAdmission: { medicalRecordNumber: string } } }>(
        ADMIT,
        { i: { bedId: b.id, expectedVersion: b.version, medicalRecordNumber, emergency: true, payerStatus: 'BPJS_INACTIVE' } },
        admin,
      );
      expect(admitted.errors).toBeUndefined();
      expect(admitted.data!.admitPatient).toMatchObject({ status: 'OCCUPIED', version: b.version + 1, currentAdmission: { medicalRecordNumber } });
      const discharged = await t.gql<{ dischargePatient: { status: string; version: number } }>(
        DISCHARGE,
        { i: { bedId: b.id, expectedVersion: b.version + 1 } },
        admin,
      );
      expect(discharged.data!.dischargePatient).toEqual({ id: b.id, status: 'CLEANING', version: b.version + 2 });
      const history = await t.gql<{ bedHistory: { totalCount: number; edges: { node: { fromStatus: string; toStatus: string; actorId: string } }[] } }>(
        `query($id: ID!) { bedHistory(bedId: $id, first: 2) { totalCount edges { node { fromStatus toStatus actorId } } } }`,
        { id: b.id },
        admin,
      );
      expect(history.data!.bedHistory.edges.map((e) => `${e.node.fromStatus}>${e.node.toStatus}`)).toEqual(['OCCUPIED>CLEANING', 'AVAILABLE>OCCUPIED']);
      expect(history.data!.bedHistory.edges[0].node.actorId).toBeTruthy();
    });

    it('refuses to admit a patient who is already in a bed', async () => {
      const [b1, b2] = [await bed('AVAILABLE', wardA), await bed('AVAILABLE', wardB)];
      const m = nextMrn();
      expect(
        (await t.gql(ADMIT, { i: { bedId: b1.id, expectedVersion: b1.version, medicalRecordNumber: m, emergency: false, payerStatus: 'SELF_PAY' } }, admin))
          .errors,
      ).toBeUndefined();
      const again = await t.gql(
        ADMIT,
        { i: { bedId: b2.id, expectedVersion: b2.version, medicalRecordNumber: m, emergency: false, payerStatus: 'SELF_PAY' } },
        admin,
      );
      expect(errorCode(again)).toBe('DUPLICATE');
      expect(again.errors![0].message).toMatch(/transferPatient/);
    });

    it('a stale version is refused with VERSION_CONFLICT and changes nothing', async () => {
      const b = await bed('AVAILABLE', wardA);
      expect((await t.gql(CHANGE, { i: { bedId: b.id, expectedVersion: b.version, status: 'RESERVED' } }, admin)).errors).toBeUndefined();
      const before = await snapshot();
      const stale = await t.gql(CHANGE, { i: { bedId: b.id, expectedVersion: b.version, status: 'AVAILABLE' } }, admin);
      expect(errorCode(stale)).toBe('VERSION_CONFLICT');
      expect(stale.errors![0].extensions).toMatchObject({ currentVersion: b.version + 1, currentStatus: 'RESERVED' });
      expect(await snapshot()).toBe(before);
    });

    it('a disallowed transition is refused naming the allowed ones', async () => {
      const b = await bed('CLEANING');
      const res = await t.gql(CHANGE, { i: { bedId: b.id, expectedVersion: b.version, status: 'OCCUPIED' } }, admin);
      expect(errorCode(res)).toBe('INVALID_TRANSITION');
      expect(res.errors![0].message).toMatch(/AVAILABLE, CLOSED/);
      const occupied = await bed('OCCUPIED');
      const res2 = await t.gql(CHANGE, { i: { bedId: occupied.id, expectedVersion: occupied.version, status: 'AVAILABLE' } }, admin);
      expect(errorCode(res2)).toBe('INVALID_TRANSITION');
      expect(res2.errors![0].message).toMatch(/dischargePatient/);
    });

    it('20 concurrent admissions to one bed: exactly one succeeds, history holds one admission', async () => {
      const b = await bed('AVAILABLE', wardB);
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.gql(ADMIT, { i: { bedId: b.id, expectedVersion: b.version, medicalRecordNumber: nextMrn(), emergency: false, payerStatus: 'BPJS_ACTIVE' } }, admin),
        ),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => errorCode(r) === 'VERSION_CONFLICT')).toHaveLength(19);
      const events = await t.db.query(`SELECT count(*)::int AS n FROM bed_events WHERE bed_id = $1 AND to_status = 'OCCUPIED' AND from_status IS NOT NULL`, [
        b.id,
      ]);
      expect(events[0].n).toBe(1);
      const admissions = await t.db.query(`SELECT count(*)::int AS n FROM admissions WHERE bed_id = $1 AND discharged_at IS NULL`, [b.id]);
      expect(admissions[0].n).toBe(1);
      await expectCountersMatchRecount();
    });

    it('transfer moves the patient; where the target is taken nothing changes', async () => {
      const from = await bed('OCCUPIED', wardA);
      const to = await bed('AVAILABLE', wardB);
      const ok = await t.gql<{ transferPatient: { fromBed: { status: string }; toBed: { status: string }; admission: { bedId: string } } }>(
        TRANSFER,
        { i: { fromBedId: from.id, toBedId: to.id, fromVersion: from.version, toVersion: to.version, reason: 'butuh tindakan bedah' } },
        admin,
      );
      expect(ok.errors).toBeUndefined();
      expect(ok.data!.transferPatient).toMatchObject({ fromBed: { status: 'CLEANING' }, toBed: { status: 'OCCUPIED' }, admission: { bedId: to.id } });

      const from2 = await bed('OCCUPIED', wardA);
      const taken = await bed('OCCUPIED', wardB);
      const before = await snapshot();
      const refused = await t.gql(
        TRANSFER,
        { i: { fromBedId: from2.id, toBedId: taken.id, fromVersion: from2.version, toVersion: taken.version, reason: 'x' } },
        admin,
      );
      expect(errorCode(refused)).toBe('INVALID_TRANSITION');
      // The target was free when read but taken since: a stale toVersion also changes nothing.
      const free = await bed('AVAILABLE', wardB);
      await t.gql(CHANGE, { i: { bedId: free.id, expectedVersion: free.version, status: 'RESERVED' } }, admin);
      const snap2 = await snapshot();
      const stale = await t.gql(
        TRANSFER,
        { i: { fromBedId: from2.id, toBedId: free.id, fromVersion: from2.version, toVersion: free.version, reason: 'x' } },
        admin,
      );
      expect(errorCode(stale)).toBe('VERSION_CONFLICT');
      expect(await snapshot()).toBe(snap2);
      expect(before).not.toBe(snap2);
    });

    it('concurrent transfers in opposite directions neither deadlock nor corrupt the counters', async () => {
      await ensureAvailable(wardA, 4);
      await ensureAvailable(wardB, 4);
      const ops: Promise<GqlResponse>[] = [];
      const used: string[] = [];
      for (let i = 0; i < 4; i++) {
        const fa = await bed('OCCUPIED', wardA, used);
        used.push(fa.id);
        const tb = await bed('AVAILABLE', wardB, used);
        used.push(tb.id);
        const fb = await bed('OCCUPIED', wardB, used);
        used.push(fb.id);
        const ta = await bed('AVAILABLE', wardA, used);
        used.push(ta.id);
        ops.push(t.gql(TRANSFER, { i: { fromBedId: fa.id, toBedId: tb.id, fromVersion: fa.version, toVersion: tb.version, reason: 'A>B' } }, admin));
        ops.push(t.gql(TRANSFER, { i: { fromBedId: fb.id, toBedId: ta.id, fromVersion: fb.version, toVersion: ta.version, reason: 'B>A' } }, admin));
      }
      const results = await Promise.all(ops);
      expect(results.map(errorCode)).toEqual(results.map(() => undefined));
      await expectCountersMatchRecount();
    });
  });

  describe('bad input changes nothing and says why', () => {
    let b: BedRef;
    let before: string;
    beforeAll(async () => {
      b = await bed('AVAILABLE');
    });
    beforeEach(async () => {
      before = await snapshot();
    });
    afterEach(async () => {
      expect(await snapshot()).toBe(before);
    });

    const cases: [string, () => Record<string, unknown>, string][] = [
      ['unknown bed id', () => ({ bedId: '00000000-0000-4000-8000-000000000000', expectedVersion: 1, status: 'CLOSED' }), 'NOT_FOUND'],
      ['a bed id that is not a UUID', () => ({ bedId: 'bed-1', expectedVersion: 1, status: 'CLOSED' }), 'BAD_USER_INPUT'],
      ['wrong enum value', () => ({ bedId: b.id, expectedVersion: b.version, status: 'BROKEN' }), 'BAD_USER_INPUT'],
      ['negative version', () => ({ bedId: b.id, expectedVersion: -1, status: 'CLOSED' }), 'BAD_USER_INPUT'],
      ['huge version', () => ({ bedId: b.id, expectedVersion: 2 ** 31, status: 'CLOSED' }), 'BAD_USER_INPUT'],
      ['empty reason', () => ({ bedId: b.id, expectedVersion: b.version, status: 'CLOSED', reason: '' }), 'BAD_USER_INPUT'],
      ['10,000-character reason', () => ({ bedId: b.id, expectedVersion: b.version, status: 'CLOSED', reason: 'x'.repeat(10_000) }), 'BAD_USER_INPUT'],
      ['a field that does not exist', () => ({ bedId: b.id, expectedVersion: b.version, status: 'CLOSED', colour: 'red' }), 'BAD_USER_INPUT'],
    ];
    it.each(cases)('changeBedStatus with %s', async (_name, input, code) => {
      const res = await t.gql(CHANGE, { i: input() }, admin);
      expect(errorCode(res)).toBe(code);
      expect(res.errors![0].message.length).toBeGreaterThan(10);
    });

    it.each([
      ['empty medical record number', ''],
      ['10,000-character medical record number', 'x'.repeat(10_000)],
      ['medical record number with spaces', 'RM 1; DROP TABLE beds'],
    ])('admitPatient with %s', async (_name, medicalRecordNumber) => {
      const res = await t.gql(ADMIT, { i: { bedId: b.id, expectedVersion: b.version, medicalRecordNumber, emergency: false, payerStatus: 'SELF_PAY' } }, admin);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(/medicalRecordNumber/);
    });

    it('transfer to the same bed', async () => {
      const res = await t.gql(TRANSFER, { i: { fromBedId: b.id, toBedId: b.id, fromVersion: b.version, toVersion: b.version, reason: 'x' } }, admin);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
    });

    it('malformed JSON', async () => {
      const res = await request(t.http)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${admin}`)
        .send('{"query": "mutation {');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('a request with no operation', async () => {
      const res = await request(t.http).post('/graphql').set('content-type', 'application/json').send({ variables: {} });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const empty = await request(t.http).post('/graphql').set('content-type', 'application/json').send({ query: '' });
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('a query that is not GraphQL, or names an unknown field', async () => {
      expect(errorCode(await t.gql('{ beds { ', {}, admin))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql('{ bedz { totalCount } }', {}, admin))).toBe('BAD_USER_INPUT');
    });

    it('bad paging arguments', async () => {
      expect(errorCode(await t.gql('{ beds(first: 0) { totalCount } }', {}, admin))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql('{ beds(first: 100000) { totalCount } }', {}, admin))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql('{ beds(after: "garbage") { totalCount } }', {}, admin))).toBe('BAD_USER_INPUT');
    });
  });

  describe('reads', () => {
    it('pages through every bed exactly once, filtered', async () => {
      const seen = new Set<string>();
      let after: string | null = null;
      const totals = new Set<number>();
      for (;;) {
        const res: GqlResponse<{
          beds: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; bedClass: string } }[] };
        }> = await t.gql(
          `query($after: String) { beds(filter: { hospitalCode: "RSUD-SKLERIK", bedClass: KELAS_3 }, first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id bedClass } } } }`,
          { after },
          admin,
        );
        expect(res.errors).toBeUndefined();
        totals.add(res.data!.beds.totalCount);
        for (const e of res.data!.beds.edges) {
          expect(e.node.bedClass).toBe('KELAS_3');
          expect(seen.has(e.node.id)).toBe(false);
          seen.add(e.node.id);
        }
        if (!res.data!.beds.pageInfo.hasNextPage) break;
        after = res.data!.beds.pageInfo.endCursor;
      }
      expect([...totals]).toEqual([seen.size]);
      expect(seen.size).toBe(26 + 20 + 12 + 6);
    });

    it('free beds of a class come best first (fullest-free ward, then longest ready)', async () => {
      const res = await t.gql<{ freeBeds: { bed: { status: string; bedClass: string }; wardAvailable: number }[] }>(
        `{ freeBeds(hospitalCode: "RSUD-SKLERIK", bedClass: KELAS_3, first: 50) { bed { status bedClass statusSince } wardAvailable } }`,
        {},
        admin,
      );
      expect(res.errors).toBeUndefined();
      const list = res.data!.freeBeds;
      expect(list.length).toBeGreaterThan(0);
      for (const f of list) expect(f.bed).toMatchObject({ status: 'AVAILABLE', bedClass: 'KELAS_3' });
      for (let i = 1; i < list.length; i++) expect(list[i - 1].wardAvailable).toBeGreaterThanOrEqual(list[i].wardAvailable);
    });

    it('bed exposes its RS Online and HL7 codes', async () => {
      const b = await bed('OCCUPIED');
      const res = await t.gql<{ bed: { rsOnlineCode: number; hl7Status: string } }>(
        `query($id: ID!) { bed(id: $id) { rsOnlineCode hl7Status ward { name hospital { name } } } }`,
        { id: b.id },
        admin,
      );
      expect(res.data!.bed.hl7Status).toBe('O');
      expect(res.data!.bed.rsOnlineCode).toBeGreaterThan(0);
    });
  });

  it('after a few hundred random valid and invalid operations the counters equal a recount', async () => {
    let state = 42;
    // mulberry32: a small PRNG whose low bits are random too (an LCG's are not).
    const rand = (n: number) => {
      state = (state + 0x6d2b79f5) | 0;
      let x = Math.imul(state ^ (state >>> 15), 1 | state);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) % n;
    };
    const load = (): Promise<BedRef[]> => t.db.query(`SELECT id, version, status FROM beds ORDER BY code`);
    let beds = await load();
    const outcomes: Record<string, number> = {};
    for (let batch = 0; batch < 30; batch++) {
      const ops = Array.from({ length: 10 }, () => {
        const b = beds[rand(beds.length)];
        // Sometimes a stale version, sometimes a move the status machine refuses.
        const version = rand(6) === 0 ? Math.max(1, b.version - 1) : b.version;
        const valid = allowedTargets(b.status as BedStatus, 'status');
        const status = rand(3) === 0 || valid.length === 0 ? BED_STATUSES[rand(BED_STATUSES.length)] : valid[rand(valid.length)];
        if (b.status === 'OCCUPIED' && rand(2) === 0) {
          return t.gql(DISCHARGE, { i: { bedId: b.id, expectedVersion: version, contaminated: rand(3) === 0 } }, admin);
        }
        if (['AVAILABLE', 'RESERVED', 'ISOLATED'].includes(b.status) && rand(2) === 0) {
          return t.gql(
            ADMIT,
            { i: { bedId: b.id, expectedVersion: version, medicalRecordNumber: nextMrn(), emergency: false, payerStatus: 'SELF_PAY' } },
            admin,
          );
        }
        return t.gql(CHANGE, { i: { bedId: b.id, expectedVersion: version, status } }, admin);
      });
      for (const r of await Promise.all(ops)) {
        const code = errorCode(r) ?? 'OK';
        outcomes[code] = (outcomes[code] ?? 0) + 1;
      }
      beds = await load();
    }
    // Successes and each kind of refusal happened, and nothing failed unexpectedly.
    expect(outcomes.OK).toBeGreaterThan(100);
    expect(outcomes.INVALID_TRANSITION).toBeGreaterThan(10);
    expect(outcomes.VERSION_CONFLICT).toBeGreaterThan(5);
    expect(outcomes.INTERNAL_SERVER_ERROR).toBeUndefined();
    await expectCountersMatchRecount();
    // Every bed's version equals 1 + the number of its changes after the seed.
    const drift = await t.db.query(
      `SELECT b.code FROM beds b JOIN (SELECT bed_id, count(*) FILTER (WHERE from_status IS NOT NULL) AS n FROM bed_events GROUP BY bed_id) e ON e.bed_id = b.id
        WHERE b.version <> e.n + 1`,
    );
    expect(drift).toEqual([]);
  });
});
