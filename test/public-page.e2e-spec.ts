import { request as httpRequest, type IncomingMessage } from 'node:http';
import { TestApp } from './support/test-app';

interface Counts {
  wardId: string;
  wardName: string;
  bedClass: string;
  available: number;
  seq: string;
}

const PUBLIC_FIELDS = [
  'available',
  'availableForNewcomer',
  'bedClass',
  'bedClassLabel',
  'cleaning',
  'closed',
  'expectedFreeWithin24h',
  'freeEither',
  'freeFemaleOnly',
  'freeMaleOnly',
  'hospitalCode',
  'occupied',
  'reserved',
  'seq',
  'total',
  'updatedAt',
  'waiting',
  'wardId',
  'wardName',
];

/** An open Server-Sent Events stream: its events by name, parsed as they arrive. */
class EventStream {
  readonly events: { event: string; data: string }[] = [];
  raw = '';
  private buffer = '';
  private res!: IncomingMessage;
  status = 0;
  headers: IncomingMessage['headers'] = {};

  static open(baseUrl: string, path: string): Promise<EventStream> {
    const s = new EventStream();
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${baseUrl}${path}`, { headers: { accept: 'text/event-stream' } }, (res) => {
        s.res = res;
        s.status = res.statusCode ?? 0;
        s.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => s.take(chunk));
        resolve(s);
      });
      req.on('error', reject);
      req.end();
    });
  }

  private take(chunk: string): void {
    this.raw += chunk;
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      if (data !== undefined) this.events.push({ event, data });
    }
  }

  counts(): Record<string, unknown>[] {
    return this.events.filter((e) => e.event === 'availability').map((e) => JSON.parse(e.data) as Record<string, unknown>);
  }

  async until(done: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
    const started = Date.now();
    while (!done()) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; got ${this.raw.slice(-800)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.res?.destroy();
  }
}

describe('the server-rendered public page and its event stream', () => {
  let t: TestApp;
  let admin: string;
  let wards: Counts[];

  beforeAll(async () => {
    t = await TestApp.start({ WS_MAX_CONNECTIONS_PER_IP: '3' });
    admin = await t.adminToken();
    wards = (await t.gql<{ availability: Counts[] }>(`{ availability(hospitalCode: "RSUD-SKLERIK") { wardId wardName bedClass available seq } }`)).data!
      .availability;
  });
  afterAll(() => t?.close());

  async function firstBed(wardId: string, status: string): Promise<{ id: string; version: number }> {
    const res = await t.gql<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
      `query($w: ID!, $s: BedStatus) { beds(filter: { wardId: $w, status: $s }, first: 1) { edges { node { id version } } } }`,
      { w: wardId, s: status },
      admin,
    );
    return res.data!.beds.edges[0].node;
  }

  async function setStatus(bed: { id: string; version: number }, status: string): Promise<{ id: string; version: number }> {
    const res = await t.gql<{ changeBedStatus: { version: number } }>(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status, reason: 'uji halaman' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    return { id: bed.id, version: res.data!.changeBedStatus.version };
  }

  it('sends name, address, hotline and counts in the first response, escaped, and revalidates with 304 until the counts change', async () => {
    const first = await fetch(`${t.baseUrl}/`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await first.text();
    expect(html).toContain('<h1 data-f="name">RSUD S.K. Lerik</h1>');
    expect(html).toContain('href="tel:081339010000"');
    expect(html).toMatch(/class="address" data-f="address">[^<]+</);
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)/);
    for (const w of wards) expect(html).toContain(`data-key="${w.wardId}/${w.bedClass}" data-seq="${w.seq}"`);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);

    const again = await fetch(`${t.baseUrl}/`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const byDate = await fetch(`${t.baseUrl}/rs/RSUD-SKLERIK`, { headers: { 'if-modified-since': lastModified } });
    expect(byDate.status).toBe(304);

    const ward = wards.find((w) => w.available > 0)!;
    await setStatus(await firstBed(ward.wardId, 'AVAILABLE'), 'CLEANING');
    // The answer follows the live feed, which has the change a moment after the mutation returned.
    let changed = await fetch(`${t.baseUrl}/`, { headers: { 'if-none-match': etag } });
    for (let i = 0; changed.status === 304 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      changed = await fetch(`${t.baseUrl}/`, { headers: { 'if-none-match': etag } });
    }
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const card = (await changed.text()).split(`data-key="${ward.wardId}/${ward.bedClass}"`)[1].split('</li>')[0];
    expect(card).toContain(`data-testid="available">${ward.available - 1}<`);
    expect(card).toMatch(/data-f="cleaning">[1-9]\d*<\/span> disiapkan/);

    // A hospital's name is data: it is escaped, never markup.
    await t.db.query(`UPDATE hospitals SET name = $1 WHERE code = 'RSUD-SKLERIK'`, ['RSUD <script>alert("x")</script> & Co']);
    const escaped = await (await fetch(`${t.baseUrl}/?rs=RSUD-SKLERIK`)).text();
    expect(escaped).toContain('RSUD &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(escaped).not.toContain('<script>alert');
    await t.db.query(`UPDATE hospitals SET name = 'RSUD S.K. Lerik' WHERE code = 'RSUD-SKLERIK'`);

    const missing = await fetch(`${t.baseUrl}/rs/NOPE`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Rumah sakit tidak ditemukan');
  });

  it('streams the current counts, then every change in order of seq, with the public fields only', async () => {
    const stream = await EventStream.open(t.baseUrl, '/live/availability?hospitalCode=RSUD-SKLERIK');
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
      await stream.until(() => stream.counts().length >= wards.length, 'the first state');
      expect(new Set(stream.counts().map((c) => `${String(c.wardId)}/${String(c.bedClass)}`)).size).toBe(wards.length);

      // Many changes of one ward and class in a burst: whatever is coalesced, never an older seq after a newer one.
      const ward = wards.find((w) => w.available > 1)!;
      let bed = await firstBed(ward.wardId, 'AVAILABLE');
      const statuses = ['RESERVED', 'AVAILABLE', 'CLEANING', 'AVAILABLE', 'CLOSED', 'AVAILABLE', 'RESERVED'];
      for (const s of statuses) bed = await setStatus(bed, s);
      const final = (
        await t.gql<{ availability: Counts[] }>(`query($w: ID) { availability(wardId: $w) { wardId bedClass available seq } }`, { w: ward.wardId })
      ).data!.availability.find((c) => c.bedClass === ward.bedClass)!;
      const ofWard = () => stream.counts().filter((c) => c.wardId === ward.wardId && c.bedClass === ward.bedClass);
      await stream.until(() => ofWard().at(-1)?.seq === final.seq, `seq ${final.seq}`);
      const seqs = ofWard().map((c) => BigInt(String(c.seq)));
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
      expect(ofWard().at(-1)!.available).toBe(final.available);

      for (const c of stream.counts()) expect(Object.keys(c).sort()).toEqual(PUBLIC_FIELDS);
      expect(stream.raw).not.toMatch(/medicalRecord|patient|admission|nik/i);
    } finally {
      stream.close();
    }
  });

  it('shows "1 pasien menunggu" on the card once a patient is on the waiting list, and never who', async () => {
    const ward = wards.find((w) => w.bedClass !== 'INTERMEDIATE_IGD')!;
    const reference = 'RM-ANTRIAN-77';
    const added = await t.gql<{ addToWaitingList: { id: string } }>(
      `mutation($i: AddToWaitingListInput!) { addToWaitingList(input: $i) { id } }`,
      { i: { patientReference: reference, bedClass: ward.bedClass, wardId: ward.wardId } },
      admin,
    );
    expect(added.errors).toBeUndefined();
    const cardOf = (html: string) => html.split(`data-key="${ward.wardId}/${ward.bedClass}"`)[1].split('</li>')[0];
    let html = await (await fetch(`${t.baseUrl}/`)).text();
    for (let i = 0; !cardOf(html).includes('pasien menunggu') && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      html = await (await fetch(`${t.baseUrl}/`)).text();
    }
    expect(cardOf(html)).toContain('<p class="queue" data-f="waitingLine">1 pasien menunggu</p>');
    expect(html).not.toContain(reference);

    // Removed (the patient went elsewhere): the line goes.
    await t.gql(
      `mutation($i: RemoveFromWaitingListInput!) { removeFromWaitingList(input: $i) { id } }`,
      { i: { id: added.data!.addToWaitingList.id, reason: 'LEFT' } },
      admin,
    );
    for (let i = 0; cardOf(html).includes('pasien menunggu') && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      html = await (await fetch(`${t.baseUrl}/`)).text();
    }
    expect(cardOf(html)).toContain('<p class="queue" data-f="waitingLine" hidden></p>');
  });

  it('refuses bad input and unknown hospitals with a code, and caps anonymous streams per address', async () => {
    const bad = await fetch(`${t.baseUrl}/live/availability?hospitalCode=%3Cx%3E`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
    const extra = await fetch(`${t.baseUrl}/live/availability?wardId=x`);
    expect(extra.status).toBe(400);
    const unknown = await fetch(`${t.baseUrl}/live/availability?hospitalCode=NOPE`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');

    const open = await Promise.all([1, 2, 3].map(() => EventStream.open(t.baseUrl, '/live/availability')));
    try {
      expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
      const refused = await fetch(`${t.baseUrl}/live/availability`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    } finally {
      open.forEach((s) => s.close());
    }
    // Closed streams give their places back.
    const stream = await (async () => {
      for (let i = 0; i < 50; i++) {
        const s = await EventStream.open(t.baseUrl, '/live/availability');
        if (s.status === 200) return s;
        s.close();
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the places of closed streams were not given back');
    })();
    stream.close();
  });
});
