import {
  cardLines,
  directionsHref,
  escapeHtml,
  notModified,
  orderHospitals,
  parseKelas,
  renderPublicPage,
  telHref,
  verdict,
  type PageCounts,
} from './public-page.render';

const at = new Date('2025-03-04T02:42:00Z');
const row = (fields: Partial<PageCounts> = {}): PageCounts => ({
  hospitalCode: 'RS1',
  wardId: 'w1',
  wardName: 'Perinatologi dan NICU',
  bedClass: 'NICU',
  bedClassLabel: 'NICU',
  total: 4,
  available: 0,
  occupied: 2,
  reserved: 1,
  cleaning: 1,
  closed: 0,
  waiting: 0,
  availableForNewcomer: 0,
  expectedFreeWithin24h: 0,
  freeMaleOnly: 0,
  freeFemaleOnly: 0,
  freeEither: 0,
  seq: '7',
  updatedAt: at,
  ...fields,
});
const hospital = { code: 'RS1', name: 'RS <Satu> & "Dua"', address: 'Jl. A', phone: '(0380) 83-3614', demo: false, latitude: null, longitude: null };

describe('the public page', () => {
  it('escapes text and attributes, and dials digits only', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(telHref('(0380) 83-3614')).toBe('tel:0380833614');
  });

  it('says a full ward with beds being cleaned will soon have one, and keeps the few/free rule', () => {
    const v = (available: number, total: number, cleaning: number, availableForNewcomer = available) =>
      verdict({ available, total, cleaning, availableForNewcomer });
    expect(v(0, 4, 1)).toEqual({ css: 'full', label: 'Penuh, 1 segera siap' });
    expect(v(0, 4, 0)).toEqual({ css: 'full', label: 'Penuh' });
    expect(v(2, 40, 0).css).toBe('few');
    expect(v(4, 40, 0).css).toBe('few');
    expect(v(5, 40, 0).css).toBe('free');
    // Free beds all wanted by patients already waiting: full for a newcomer, and said so.
    expect(v(3, 40, 0, 0)).toEqual({ css: 'full', label: 'Penuh untuk pasien baru: yang kosong untuk pasien yang menunggu' });
    expect(v(8, 40, 0, 2).css).toBe('few');
  });

  it('shows the waiting patients, the beds expected free within 24 hours and the free beds by sex, only when there are any', () => {
    expect(cardLines({ waiting: 0, expectedFreeWithin24h: 0 })).toEqual({ waitingLine: '', expectedLine: '' });
    expect(cardLines({ waiting: 1, expectedFreeWithin24h: 2 })).toEqual({
      waitingLine: '1 pasien menunggu',
      expectedLine: '2 diperkirakan kosong dalam 24 jam',
    });
    const busy = renderPublicPage(
      [hospital],
      [row({ available: 3, availableForNewcomer: 0, waiting: 3, expectedFreeWithin24h: 2, freeMaleOnly: 1, freeFemaleOnly: 2, freeEither: 0 })],
      at,
      { hospitalCode: 'RS1' },
    ).html;
    expect(busy).toContain('<p class="queue" data-f="waitingLine">3 pasien menunggu</p>');
    expect(busy).toContain('<p class="expected" data-f="expectedLine">2 diperkirakan kosong dalam 24 jam</p>');
    expect(busy).toContain('Penuh untuk pasien baru');
    expect(busy).toMatch(
      /data-f="freeMaleOnly">1<\/span> laki-laki · <span class="n" data-f="freeFemaleOnly">2<\/span> perempuan · <span class="n" data-f="freeEither">0<\/span> campur/,
    );
    const quiet = renderPublicPage([hospital], [row()], at, { hospitalCode: 'RS1' }).html.split('<template')[0];
    expect(quiet).toContain('<p class="queue" data-f="waitingLine" hidden></p>');
    expect(quiet).toContain('<p class="expected" data-f="expectedLine" hidden></p>');
    expect(quiet).toContain('<p class="bysex" data-f="bySex" hidden>');
  });

  it('puts the class on every card, the prepared and reserved beds, the IGD line, and a tag that ignores the time of rendering', () => {
    const rows = [row(), row({ bedClass: 'PERINATOLOGI', bedClassLabel: 'Perinatologi', available: 3, seq: '9' })];
    const a = renderPublicPage([hospital], rows, new Date('2025-03-04T03:00:00Z'), { hospitalCode: 'RS1' });
    const b = renderPublicPage([hospital], rows, new Date('2025-03-04T05:00:00Z'), { hospitalCode: 'RS1' });
    expect(a.etag).toBe(b.etag);
    expect(a.lastModified).toEqual(at);
    expect(a.html).toContain('RS &lt;Satu&gt; &amp; &quot;Dua&quot;');
    expect(a.html).toContain('data-f="bedClassLabel">NICU<');
    expect(a.html).toContain('data-f="bedClassLabel">Perinatologi<');
    expect(a.html).toContain('<span class="n" data-f="cleaning">1</span> disiapkan');
    expect(a.html).toContain('<span class="n" data-f="reserved">1</span> dipesan');
    expect(a.html).toContain('Penuh, 1 segera siap');
    expect(a.html).toContain('10.42');
    expect(a.html).toMatch(/IGD: ketersediaan tempat tidur IGD tidak dilaporkan/);
    expect(a.html).toContain('3 tempat tidur kosong');
    const igd = renderPublicPage([hospital], [...rows, row({ wardId: 'igd', bedClass: 'INTERMEDIATE_IGD', available: 2 })], at, { hospitalCode: 'RS1' });
    expect(igd.html).toContain('IGD: 2 tempat tidur kosong.');
    expect(igd.html).toContain('3 tempat tidur kosong');
    const changed = renderPublicPage([hospital], [row({ available: 1, seq: '8' }), rows[1]], at, { hospitalCode: 'RS1' });
    expect(changed.etag).not.toBe(a.etag);
  });

  it('answers 304 by the tag first, else by the date to the second', () => {
    const tag = '"abc"';
    expect(notModified('"abc"', undefined, tag, null)).toBe(true);
    expect(notModified('"x", W/"abc"', undefined, tag, null)).toBe(true);
    expect(notModified('*', undefined, tag, null)).toBe(true);
    expect(notModified('"old"', at.toUTCString(), tag, at)).toBe(false);
    expect(notModified(undefined, at.toUTCString(), tag, new Date(at.getTime() + 500))).toBe(true);
    expect(notModified(undefined, at.toUTCString(), tag, new Date(at.getTime() + 1000))).toBe(false);
    expect(notModified(undefined, 'not a date', tag, at)).toBe(false);
    expect(notModified(undefined, undefined, tag, at)).toBe(false);
  });
});

describe('every hospital of the city on the public page', () => {
  const home = { ...hospital, code: 'HOME', name: 'Zeta Home' };
  const other = { ...hospital, code: 'RS2', name: 'Alfa', latitude: -10.1718, longitude: 123.6075 };

  it('says plainly that nothing has changed yet when there are no counts, instead of an empty time', () => {
    const empty = renderPublicPage([], [], at, { hospitalCode: null }).html;
    expect(empty).toContain('>Belum ada perubahan tercatat</p>');
    expect(empty).not.toContain('Perubahan terakhir');
    expect(empty).toContain('Belum ada data rumah sakit.');
    // No icon of its own: said inline, so a browser does not ask for /favicon.ico and get a 404.
    expect(empty).toContain('<link rel="icon" href="data:,">');
    const counted = renderPublicPage([hospital], [row()], at, { hospitalCode: 'RS1' }).html;
    expect(counted).toMatch(/Perubahan terakhir: <time id="confirmed" datetime="[^"]+">\d{2}\.\d{2}<\/time> WITA/);
  });

  it('lists the home hospital first and the others by name, whatever their order', () => {
    expect(orderHospitals([other, { ...hospital, name: 'Beta' }, home], 'HOME').map((h) => h.code)).toEqual(['HOME', 'RS2', 'RS1']);
    expect(orderHospitals([home, other], null).map((h) => h.code)).toEqual(['RS2', 'HOME']);
  });

  it('reads ?kelas= in any case and ignores a class it does not know', () => {
    expect(parseKelas('icu')).toBe('ICU');
    expect(parseKelas(' KELAS_3 ')).toBe('KELAS_3');
    expect(parseKelas('KELAS_9')).toBeNull();
    expect(parseKelas(['ICU'])).toBeNull();
    expect(parseKelas(undefined)).toBeNull();
  });

  it('builds a plain map link from coordinates, and none without them', () => {
    expect(directionsHref(other)).toBe('https://www.openstreetmap.org/?mlat=-10.171800&mlon=123.607500#map=17/-10.171800/123.607500');
    expect(directionsHref(hospital)).toBeNull();
    const page = renderPublicPage([home, other], [], at, { hospitalCode: null }).html;
    expect(page.match(/data-testid="directions"/g)).toHaveLength(1);
    expect(page).toContain('href="https://www.openstreetmap.org/?mlat=-10.171800&amp;mlon=123.607500#map=17/-10.171800/123.607500"');
    expect(page).toContain('href="tel:0380833614"');
    expect(page).toContain('<a data-f="name" href="/rs/RS2">Alfa</a>');
  });

  it('shows only the class searched for, with a form that works without script', () => {
    const rows = [
      row({ hospitalCode: 'HOME', bedClass: 'ICU', bedClassLabel: 'ICU', available: 2 }),
      row({ hospitalCode: 'HOME', wardId: 'w2', bedClass: 'KELAS_3', available: 5 }),
    ];
    const all = renderPublicPage([home], rows, at, { hospitalCode: 'HOME' }).html;
    expect(all).toContain('<form class="search" method="get" action="/" role="search">');
    expect(all).toContain('<option value="ICU">ICU</option>');
    expect(all).toContain('7 tempat tidur kosong');
    const icu = renderPublicPage([home, other], rows, at, { hospitalCode: null, kelas: 'ICU' }).html;
    expect(icu).toContain('<option value="ICU" selected>ICU</option>');
    expect(icu).toContain('data-kelas="ICU"');
    expect(icu).toContain('2 tempat tidur ICU kosong');
    expect(icu).not.toContain('data-key="w2/KELAS_3"');
    expect(icu).toContain('Tidak ada tempat tidur ICU di rumah sakit ini.');
  });
});
