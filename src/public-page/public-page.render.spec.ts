import { escapeHtml, notModified, renderPublicPage, telHref, verdict, type PageCounts } from './public-page.render';

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
const hospital = { code: 'RS1', name: 'RS <Satu> & "Dua"', address: 'Jl. A', phone: '(0380) 83-3614', demo: false };

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
