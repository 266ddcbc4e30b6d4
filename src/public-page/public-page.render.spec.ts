import { directionsHref, escapeHtml, notModified, orderHospitals, parseKelas, renderPublicPage, telHref, verdict, type PageCounts } from './public-page.render';

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
    expect(verdict({ available: 0, total: 4, cleaning: 1 })).toEqual({ css: 'full', label: 'Penuh, 1 segera siap' });
    expect(verdict({ available: 0, total: 4, cleaning: 0 })).toEqual({ css: 'full', label: 'Penuh' });
    expect(verdict({ available: 2, total: 40, cleaning: 0 }).css).toBe('few');
    expect(verdict({ available: 4, total: 40, cleaning: 0 }).css).toBe('few');
    expect(verdict({ available: 5, total: 40, cleaning: 0 }).css).toBe('free');
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
