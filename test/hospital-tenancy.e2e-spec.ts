import request from 'supertest';
import { AppConfig } from '../src/config/app-config';
import { errorCode, TestApp } from './support/test-app';

// Every hospital of the city in one service: a hospital's ADMIN and staff act on their own
// hospital only, the service-wide ADMIN (created at boot) on every one; the public page lists
// them all, the deployment's own first.
describe('every hospital of the city', () => {
  let t: TestApp;
  let city: string;
  let adminA: string;
  let adminB: string;
  let admissionsA: string;
  let staffA: string;
  const B = 'AA-RS-KOTA';
  let hospitalB: { id: string };
  let wardB: { id: string; name: string };
  let roomB: { id: string };
  let bedB: { id: string; version: number };
  let wardA: { id: string; name: string };
  let adminBId: string;
  const password = 'kata-sandi-rumah-sakit-kota';

  const gql = async <T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await t.gql<T>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data as T;
  };
  const createUser = async (token: string, input: Record<string, unknown>): Promise<{ id: string; hospitalCode: string | null }> =>
    (
      await gql<{ createUser: { id: string; hospitalCode: string | null } }>(
        token,
        `mutation($i: CreateUserInput!) { createUser(input: $i) { id hospitalCode } }`,
        { i: input },
      )
    ).createUser;
  const userToken = async (token: string, input: Record<string, unknown>): Promise<string> => {
    const username = `u${Math.random().toString(36).slice(2, 10)}`;
    await createUser(token, { username, password, wardIds: [], ...input });
    return t.login(username, password);
  };
  const changeBed = (token: string, bed: { id: string; version: number }, status = 'CLEANING') =>
    t.gql<{ changeBedStatus: { version: number } }>(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status, reason: 'uji' } },
      token,
    );
  const bedOf = async (id: string) =>
    (await gql<{ bed: { id: string; version: number; status: string } }>(city, `query($id: ID!) { bed(id: $id) { id version status } }`, { id })).bed;

  beforeAll(async () => {
    t = await TestApp.start();
    city = await t.adminToken();
    hospitalB = (
      await gql<{ createHospital: { id: string } }>(city, `mutation($i: CreateHospitalInput!) { createHospital(input: $i) { id latitude longitude } }`, {
        i: { code: B, name: 'Aa Rumah Sakit Kota', address: 'Jl. Timor Raya', phone: '0380 821 000', latitude: -10.1618, longitude: 123.5853 },
      })
    ).createHospital;
    wardB = (
      await gql<{ createWard: { id: string; name: string } }>(city, `mutation($i: CreateWardInput!) { createWard(input: $i) { id name } }`, {
        i: { hospitalCode: B, code: 'ICU', name: 'ICU Kota', service: 'intensif' },
      })
    ).createWard;
    roomB = (
      await gql<{ createRoom: { id: string } }>(city, `mutation($i: CreateRoomInput!) { createRoom(input: $i) { id } }`, {
        i: { wardId: wardB.id, code: 'K1', name: 'Kamar 1', sexPolicy: 'MIXED', kris: false },
      })
    ).createRoom;
    bedB = (
      await gql<{ createBed: { id: string; version: number } }>(city, `mutation($i: CreateBedInput!) { createBed(input: $i) { id version } }`, {
        i: { roomId: roomB.id, code: 'ICU-K-1', bedClass: 'ICU' },
      })
    ).createBed;
    const home = await gql<{ hospital: { wards: { id: string; name: string }[] } }>(city, `{ hospital(code: "RSUD-SKLERIK") { wards { id name } } }`);
    wardA = home.hospital.wards[0];
    adminA = await userToken(city, { roles: ['ADMIN'], hospitalCode: 'RSUD-SKLERIK' });
    const usernameB = `adminb${Date.now() % 100000}`;
    adminBId = (await createUser(city, { username: usernameB, password, roles: ['ADMIN'], wardIds: [], hospitalCode: B })).id;
    adminB = await t.login(usernameB, password);
    admissionsA = await userToken(adminA, { roles: ['ADMISSIONS'] });
    staffA = await userToken(adminA, { roles: ['WARD_STAFF'], wardIds: [wardA.id] });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('keeps the boot admin service-wide and gives a hospital ADMIN their hospital', async () => {
    expect((await gql<{ me: { hospitalId: string | null } }>(city, `{ me { hospitalId } }`)).me.hospitalId).toBeNull();
    expect((await gql<{ me: { hospitalCode: string } }>(adminA, `{ me { hospitalCode } }`)).me.hospitalCode).toBe('RSUD-SKLERIK');
    expect((await gql<{ me: { hospitalCode: string } }>(admissionsA, `{ me { hospitalCode } }`)).me.hospitalCode).toBe('RSUD-SKLERIK');
  });

  it("refuses the admin of one hospital another hospital's profile, wards, rooms, beds and import, and changes nothing", async () => {
    const refusals = [
      await t.gql(`mutation($i: UpdateHospitalInput!) { updateHospital(input: $i) { id } }`, { i: { id: hospitalB.id, phone: '0380 000 000' } }, adminA),
      await t.gql(`mutation($i: UpdateWardInput!) { updateWard(input: $i) { id } }`, { i: { id: wardB.id, name: 'Diubah' } }, adminA),
      await t.gql(`mutation($i: CreateWardInput!) { createWard(input: $i) { id } }`, { i: { hospitalCode: B, code: 'X', name: 'X', service: 'x' } }, adminA),
      await t.gql(
        `mutation($i: CreateRoomInput!) { createRoom(input: $i) { id } }`,
        { i: { wardId: wardB.id, code: 'K9', name: 'K9', sexPolicy: 'MIXED', kris: false } },
        adminA,
      ),
      await t.gql(`mutation($i: CreateBedInput!) { createBed(input: $i) { id } }`, { i: { roomId: roomB.id, code: 'ICU-K-9', bedClass: 'ICU' } }, adminA),
      await t.gql(`mutation($id: ID!) { retireBed(id: $id) { id } }`, { id: bedB.id }, adminA),
      await t.gql(
        `mutation($c: String!) { importBeds(csv: $c, dryRun: true, hospitalCode: "${B}") { hospitalCode } }`,
        { c: 'ward_code,ward_name,room_code,room_sex_policy,bed_code,bed_class\nICU,ICU Kota,K1,MIXED,ICU-K-1,ICU\n' },
        adminA,
      ),
    ];
    for (const res of refusals) {
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect(res.errors![0].message).toContain('you may act on only hospital RSUD-SKLERIK');
    }
    const createHospital = await t.gql(
      `mutation($i: CreateHospitalInput!) { createHospital(input: $i) { id } }`,
      { i: { code: 'RS-LAIN', name: 'Lain', address: 'Jl.', phone: '0380 1111' } },
      adminA,
    );
    expect(errorCode(createHospital)).toBe('FORBIDDEN');
    const after = await gql<{ hospital: { phone: string; wards: { name: string; rooms: { id: string }[] }[] } }>(
      city,
      `{ hospital(code: "${B}") { phone wards { name rooms { id } } } }`,
    );
    expect(after.hospital).toEqual({ phone: '0380 821 000', wards: [{ name: 'ICU Kota', rooms: [{ id: roomB.id }] }] });
    expect((await bedOf(bedB.id)).status).toBe('AVAILABLE');
    // Its own hospital it manages.
    const own = await t.gql(`mutation($i: UpdateWardInput!) { updateWard(input: $i) { name } }`, { i: { id: wardA.id, name: wardA.name } }, adminA);
    expect(own.errors).toBeUndefined();
  });

  it("refuses the admin of one hospital another hospital's users and wards, and lists only their own users", async () => {
    const tries = [
      await t.gql(
        `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
        { i: { username: 'lain1', password, roles: ['ADMIN'], wardIds: [], hospitalCode: B } },
        adminA,
      ),
      await t.gql(
        `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
        { i: { username: 'lain2', password, roles: ['WARD_STAFF'], wardIds: [wardB.id] } },
        adminA,
      ),
      await t.gql(
        `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
        { i: { username: 'lain3', password, roles: ['AUDITOR'], wardIds: [], hospitalCode: null } },
        adminA,
      ),
      await t.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { id } }`, { i: { id: adminBId, disabled: true } }, adminA),
      await t.gql(`mutation($id: ID!) { resetPassword(id: $id) { temporaryPassword } }`, { id: adminBId }, adminA),
      await t.gql(`mutation($id: ID!) { unlockUser(id: $id) { id } }`, { id: adminBId }, adminA),
    ];
    for (const res of tries) {
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect(res.errors![0].message).toContain('only hospital RSUD-SKLERIK');
    }
    // adminB still logs in with the same password: nothing was reset or disabled.
    await expect(t.login((await gql<{ me: { username: string } }>(adminB, `{ me { username } }`)).me.username, password)).resolves.toEqual(expect.any(String));
    const listed = await gql<{ users: { totalCount: number; edges: { node: { hospitalCode: string | null } }[] } }>(
      adminA,
      `{ users(first: 200) { totalCount edges { node { hospitalCode } } } }`,
    );
    expect(listed.users.totalCount).toBeGreaterThanOrEqual(3);
    expect(new Set(listed.users.edges.map((e) => e.node.hospitalCode))).toEqual(new Set(['RSUD-SKLERIK']));
    const all = await gql<{ users: { edges: { node: { hospitalCode: string | null } }[] } }>(city, `{ users(first: 200) { edges { node { hospitalCode } } } }`);
    expect(new Set(all.users.edges.map((e) => e.node.hospitalCode))).toEqual(new Set([null, 'RSUD-SKLERIK', B]));
    // A user's wards belong to the user's hospital, also when the service-wide admin gives them.
    const mixed = await t.gql(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      { i: { username: 'campur', password, roles: ['WARD_STAFF'], wardIds: [wardA.id, wardB.id] } },
      city,
    );
    expect(errorCode(mixed)).toBe('BAD_USER_INPUT');
  });

  it("refuses staff of one hospital another hospital's beds; the service-wide admin and the hospital's own staff may", async () => {
    for (const token of [admissionsA, staffA, adminA]) {
      const res = await changeBed(token, bedB);
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect(res.errors![0].message).toMatch(/of another hospital: you may act on only hospital RSUD-SKLERIK/);
    }
    const waiting = await t.gql(
      `mutation($i: AddToWaitingListInput!) { addToWaitingList(input: $i) { id } }`,
      { i: { hospitalCode: B, bedClass: 'ICU', patientReference: 'RM-ANTRI-1' } },
      admissionsA,
    );
    expect(errorCode(waiting)).toBe('FORBIDDEN');
    expect((await bedOf(bedB.id)).version).toBe(bedB.version);
    const staffB = await userToken(adminB, { roles: ['WARD_STAFF'], wardIds: [wardB.id] });
    const byStaffB = await changeBed(staffB, bedB);
    expect(byStaffB.errors).toBeUndefined();
    const byCity = await changeBed(city, { id: bedB.id, version: byStaffB.data!.changeBedStatus.version }, 'AVAILABLE');
    expect(byCity.errors).toBeUndefined();
    const renamed = await t.gql(`mutation($i: UpdateWardInput!) { updateWard(input: $i) { name } }`, { i: { id: wardB.id, name: 'ICU Kota' } }, city);
    expect(renamed.errors).toBeUndefined();
  });

  it("refuses a user of one hospital another hospital's patients: the admission in a bed, its history and its waiting list", async () => {
    const admissionsB = await userToken(adminB, { roles: ['ADMISSIONS'] });
    const occupied = (
      await gql<{ beds: { edges: { node: { id: string } }[] } }>(city, `{ beds(filter: { status: OCCUPIED }, first: 1) { edges { node { id } } } }`)
    ).beds.edges[0].node;
    const patientOf = `query($id: ID!) { bed(id: $id) { status currentAdmission { medicalRecordNumber } } }`;
    const own = await t.gql<{ bed: { currentAdmission: { medicalRecordNumber: string } | null } }>(patientOf, { id: occupied.id }, admissionsA);
    expect(own.errors).toBeUndefined();
    expect(own.data!.bed.currentAdmission?.medicalRecordNumber).toEqual(expect.any(String));
    const other = await t.gql<{ bed: { status: string; currentAdmission: unknown } }>(patientOf, { id: occupied.id }, admissionsB);
    // The bed's state is not patient data: it is answered; the patient is null with the refusal.
    expect(other.data!.bed).toEqual({ status: 'OCCUPIED', currentAdmission: null });
    expect(errorCode(other)).toBe('FORBIDDEN');
    expect(other.errors![0].message).toContain(`A user of hospital ${B} reads only that hospital's.`);
    const history = await t.gql(`query($id: ID!) { bedHistory(bedId: $id) { totalCount } }`, { id: occupied.id }, admissionsB);
    expect(errorCode(history)).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(`query($id: ID!) { bedHistory(bedId: $id) { totalCount } }`, { id: occupied.id }, adminA))).toBeUndefined();

    const reference = `RM-TENANCY-${Date.now()}`;
    await gql(admissionsA, `mutation($i: AddToWaitingListInput!) { addToWaitingList(input: $i) { id } }`, {
      i: { hospitalCode: 'RSUD-SKLERIK', bedClass: 'KELAS_3', patientReference: reference },
    });
    const listOf = `query($h: String) { waitingList(hospitalCode: $h) { hospitalCode patientReference } }`;
    const refused = await t.gql(listOf, { h: 'RSUD-SKLERIK' }, admissionsB);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].message).toContain('You may not read the waiting list of hospital RSUD-SKLERIK');
    const theirs = await gql<{ waitingList: { hospitalCode: string; patientReference: string }[] }>(admissionsB, listOf, {});
    expect(theirs.waitingList.every((e) => e.hospitalCode === B)).toBe(true);
    const ours = await gql<{ waitingList: { hospitalCode: string; patientReference: string }[] }>(admissionsA, listOf, {});
    expect(ours.waitingList.map((e) => e.patientReference)).toContain(reference);
    expect(ours.waitingList.every((e) => e.hospitalCode === 'RSUD-SKLERIK')).toBe(true);
    // The service-wide admin still reads every hospital's.
    expect((await gql<{ waitingList: { patientReference: string }[] }>(city, listOf, {})).waitingList.map((e) => e.patientReference)).toContain(reference);
  });

  it("gives a hospital's admin its own setup trail only, and the service-wide admin every hospital's", async () => {
    const audit = `query($e: ID) { setupAudit(entityId: $e, first: 200) { totalCount edges { node { entity entityId } } } }`;
    type Trail = { setupAudit: { totalCount: number; edges: { node: { entity: string; entityId: string } }[] } };
    const ofB = (await gql<Trail>(adminB, audit)).setupAudit;
    expect(ofB.totalCount).toBeGreaterThanOrEqual(4);
    expect(ofB.edges.map((e) => e.node.entityId)).toEqual(expect.arrayContaining([hospitalB.id, wardB.id, roomB.id, bedB.id]));
    const ofA = (await gql<Trail>(adminA, audit)).setupAudit;
    expect(ofA.edges.map((e) => e.node.entityId)).not.toContain(hospitalB.id);
    expect((await gql<Trail>(adminA, audit, { e: bedB.id })).setupAudit.totalCount).toBe(0);
    const all = (await gql<Trail>(city, audit)).setupAudit;
    expect(all.totalCount).toBe(ofA.totalCount + ofB.totalCount);
  });

  it("keeps the HL7 interface's log and mapping to the service-wide admin", async () => {
    for (const [query, variables] of [
      ['{ hl7Mapping { facilities { code } } }', {}],
      ['{ hl7Messages(first: 5) { totalCount } }', {}],
      ['mutation($f: String!, $h: String!) { setHl7Facility(facility: $f, hospitalCode: $h) { code } }', { f: 'SIMRS-KOTA', h: 'RSUD-SKLERIK' }],
      ['mutation($c: String!, $s: PayerStatus!) { setHl7Payer(financialClass: $c, payerStatus: $s) { code } }', { c: 'UMUM', s: 'SELF_PAY' }],
    ] as const) {
      const refused = await t.gql(query, variables, adminA);
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(refused.errors![0].message).toMatch(/service-wide.*RSUD-SKLERIK/);
    }
    expect((await gql<{ hl7Mapping: { facilities: unknown[] } }>(city, '{ hl7Mapping { facilities { code } } }')).hl7Mapping.facilities).toBeDefined();
  });

  it("keeps the RS Online bridge's status and report to the reported hospital's admin and the service-wide admin", async () => {
    for (const query of ['{ rsOnlineStatus { enabled hospitalCode } }', 'mutation { reportToRsOnline { lastError } }']) {
      const refused = await t.gql(query, {}, adminB);
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(refused.errors![0].message).toMatch(new RegExp(`RS Online reports hospital RSUD-SKLERIK: you may act on only hospital ${B}`));
    }
    for (const token of [adminA, city]) {
      const status = await gql<{ rsOnlineStatus: { hospitalCode: string } }>(token, '{ rsOnlineStatus { enabled hospitalCode } }');
      expect(status.rsOnlineStatus.hospitalCode).toBe('RSUD-SKLERIK');
    }
  });

  it('lists every hospital on the public page, the home hospital first, with its directions only when it has coordinates', async () => {
    const res = await request(t.http).get('/').expect(200);
    const order = [...res.text.matchAll(/data-hospital="([^"]+)"/g)].map((m) => m[1]);
    // "Aa Rumah Sakit Kota" sorts before RSUD S.K. Lerik by name; the deployment's own comes first.
    expect(order).toEqual(['RSUD-SKLERIK', B]);
    const sections = res.text.split('<section class="hospital"').slice(1);
    expect(sections[0]).not.toContain('data-testid="directions"');
    expect(sections[1]).toContain('href="https://www.openstreetmap.org/?mlat=-10.161800&amp;mlon=123.585300#map=17/-10.161800/123.585300"');
    expect(sections[1]).toContain('href="tel:0380821000"');
    const one = await request(t.http).get(`/rs/${B}`).expect(200);
    expect([...one.text.matchAll(/data-hospital="([^"]+)"/g)].map((m) => m[1])).toEqual([B]);
    expect(one.text).toContain('data-testid="directions"');
  });

  it('filters by class on the server: ?kelas=ICU shows ICU beds only, of every hospital', async () => {
    const res = await request(t.http).get('/?kelas=ICU').expect(200);
    const keys = [...res.text.matchAll(/data-key="([^"]+)"/g)].map((m) => m[1]).filter((k) => k !== '/');
    expect(keys).toContain(`${wardB.id}/ICU`);
    expect(keys.every((k) => k.endsWith('/ICU'))).toBe(true);
    expect(res.text).toContain('<option value="ICU" selected>');
    const all = await request(t.http).get('/').expect(200);
    expect([...all.text.matchAll(/data-key="([^"]+)"/g)].some((m) => !m[1].endsWith('/ICU') && m[1] !== '/')).toBe(true);
    // An unknown class is no filter.
    const unknown = await request(t.http).get('/?kelas=KELAS_9').expect(200);
    expect(unknown.text).not.toContain('selected>');
  });

  it('puts HOME_HOSPITAL_CODE first when the service holds it', async () => {
    const env = t.app.get(AppConfig).env;
    env.HOME_HOSPITAL_CODE = B;
    try {
      const res = await request(t.http).get('/').expect(200);
      expect([...res.text.matchAll(/data-hospital="([^"]+)"/g)].map((m) => m[1])).toEqual([B, 'RSUD-SKLERIK']);
    } finally {
      env.HOME_HOSPITAL_CODE = undefined;
    }
  });
});
