import { eventually, outboxSize, Watch, wsClient } from './support/live';
import { TestApp } from './support/test-app';

interface Profile {
  hospitalChanged: Record<string, unknown>;
}

const SUB = 'subscription($c: String!) { hospitalChanged(code: $c) { code name address phone demo } }';

describe('hospitalChanged: the public profile, live', () => {
  let t: TestApp;
  let admin: string;
  let hospitalId: string;

  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production', JWT_SECRET: 'h'.repeat(40), PUBLIC_BASE_URL: 'https://rs.example.go.id' });
    admin = await t.adminToken();
    const created = await t.gql<{ createHospital: { id: string } }>(
      'mutation($i: CreateHospitalInput!) { createHospital(input: $i) { id } }',
      { i: { code: 'RS-LIVE', name: 'RSUD Live', address: 'Jl. Satu 1, Kupang', phone: '0380 111111' } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    hospitalId = created.data!.createHospital.id;
    // The creation's own event is published first, so a subscriber's first message is the only one before a change.
    await eventually(async () => (await outboxSize(t.db)) === 0, 'the outbox published');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives an anonymous subscriber the profile, then the new hotline, and nothing else', async () => {
    const client = wsClient(t.baseUrl);
    const other = wsClient(t.baseUrl);
    try {
      const watch = new Watch<Profile>(client, SUB, { c: 'RS-LIVE' });
      const second = new Watch<Profile>(other, SUB, { c: 'RS-LIVE' });
      await watch.until((w) => w.data.length >= 1, 'the current profile');
      await second.until((w) => w.data.length >= 1, 'the current profile (second subscriber)');
      expect(watch.data[0].hospitalChanged).toEqual({ code: 'RS-LIVE', name: 'RSUD Live', address: 'Jl. Satu 1, Kupang', phone: '0380 111111', demo: false });

      // A ward is a setup change of the hospital but not of its profile: no message.
      const ward = await t.gql(
        'mutation($i: CreateWardInput!) { createWard(input: $i) { id } }',
        { i: { hospitalCode: 'RS-LIVE', code: 'MAW', name: 'Mawar', service: 'Penyakit dalam' } },
        admin,
      );
      expect(ward.errors).toBeUndefined();

      const upd = await t.gql(
        'mutation($i: UpdateHospitalInput!) { updateHospital(input: $i) { phone } }',
        { i: { id: hospitalId, phone: '0380 999999', address: 'Jl. Dua 2, Kupang' } },
        admin,
      );
      expect(upd.errors).toBeUndefined();
      await watch.until((w) => w.data.some((d) => d.hospitalChanged.phone === '0380 999999'), 'the new hotline');
      await second.until((w) => w.data.some((d) => d.hospitalChanged.phone === '0380 999999'), 'the new hotline (second subscriber)');
      expect(watch.data).toHaveLength(2);
      expect(watch.data[1].hospitalChanged).toEqual({ code: 'RS-LIVE', name: 'RSUD Live', address: 'Jl. Dua 2, Kupang', phone: '0380 999999', demo: false });
      expect(watch.errorCode).toBeUndefined();
    } finally {
      await client.dispose();
      await other.dispose();
    }
  });

  it('refuses an unknown hospital with NOT_FOUND', async () => {
    const client = wsClient(t.baseUrl);
    try {
      const watch = new Watch<Profile>(client, SUB, { c: 'RS-TIDAK-ADA' });
      await watch.until((w) => w.errorCode !== undefined, 'the refusal');
      expect(watch.errorCode).toBe('NOT_FOUND');
      expect(watch.data).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('carries the profile only: not who changed it (the audit trail has that, for ADMIN and AUDITOR)', async () => {
    const me = await t.gql<{ me: { id: string; username: string } }>('{ me { id username } }', {}, admin);
    const client = wsClient(t.baseUrl);
    try {
      const watch = new Watch<Profile>(
        client,
        'subscription($c: String!) { hospitalChanged(code: $c) { id code name address city phone rsOnlineCode demo wards { code name } } }',
        { c: 'RS-LIVE' },
      );
      await watch.until((w) => w.data.length >= 1, 'the current profile');
      const upd = await t.gql(
        'mutation($i: UpdateHospitalInput!) { updateHospital(input: $i) { id } }',
        { i: { id: hospitalId, name: 'RSUD Live Baru' } },
        admin,
      );
      expect(upd.errors).toBeUndefined();
      await watch.until((w) => w.data.some((d) => d.hospitalChanged.name === 'RSUD Live Baru'), 'the new name');
      const text = JSON.stringify(watch.results);
      expect(text).not.toContain(me.data!.me.id);
      expect(text).not.toContain(me.data!.me.username);
      expect(Object.keys(watch.data[1].hospitalChanged).sort()).toEqual(['address', 'city', 'code', 'demo', 'id', 'name', 'phone', 'rsOnlineCode', 'wards']);
    } finally {
      await client.dispose();
    }
  });
});
