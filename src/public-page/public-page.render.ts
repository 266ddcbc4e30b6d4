import { createHash } from 'node:crypto';
import { BED_CLASSES, isBedClass, type BedClass } from '../beds/bed-class';

/** What the page shows of a hospital (its row). */
export interface PageHospital {
  code: string;
  name: string;
  address: string;
  phone: string;
  demo: boolean;
  latitude: number | null;
  longitude: number | null;
}

/** How the page is asked for: which hospitals are live on it, and the class searched for. */
export interface PageOptions {
  /** The one hospital the live channel follows; null: every hospital. */
  hospitalCode: string | null;
  /** `?kelas=`: only this class's counts (the search "cari ICU kosong"); null or left out: every class. */
  kelas?: BedClass | null;
  /** Where the search form sends its GET: `/` (the default) for the list, `/rs/<code>` for one hospital. */
  action?: string;
}

/** The class a `?kelas=` asks for (any case), or null for none or one this service does not know. */
export function parseKelas(value: unknown): BedClass | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toUpperCase();
  return isBedClass(v) ? v : null;
}

/** The deployment's own hospital first, the others by name. */
export function orderHospitals<H extends { code: string; name: string }>(hospitals: readonly H[], homeCode: string | null): H[] {
  return [...hospitals].sort(
    (a, b) => Number(b.code === homeCode) - Number(a.code === homeCode) || a.name.localeCompare(b.name, 'id') || a.code.localeCompare(b.code),
  );
}

/** A plain map link to the hospital (OpenStreetMap, no script); null without coordinates. */
export function directionsHref(h: Pick<PageHospital, 'latitude' | 'longitude'>): string | null {
  if (h.latitude === null || h.longitude === null) return null;
  const lat = h.latitude.toFixed(6);
  const lon = h.longitude.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

/** What the page shows of one ward and class (the public counts). */
export interface PageCounts {
  hospitalCode: string;
  wardId: string;
  wardName: string;
  bedClass: string;
  bedClassLabel: string;
  total: number;
  available: number;
  occupied: number;
  reserved: number;
  cleaning: number;
  closed: number;
  /** Patients on the waiting list for this ward and class (counts only, never who). */
  waiting: number;
  /** Free beds left for a patient arriving now, after those already waiting. */
  availableForNewcomer: number;
  expectedFreeWithin24h: number;
  freeMaleOnly: number;
  freeFemaleOnly: number;
  freeEither: number;
  seq: string;
  updatedAt: Date;
}

export interface RenderedPage {
  html: string;
  /** A strong validator of the bytes: the same counts and hospital rows give the same tag. */
  etag: string;
  /** The newest change of the counts shown; null when none are. */
  lastModified: Date | null;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values alike. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A phone number as written on the page, dialable: digits and a leading plus only. */
export const telHref = (phone: string): string => 'tel:' + phone.replace(/[^0-9+]/g, '');

/** The bed class meant by the IGD's own beds in RS Online's classes. */
export const IGD_CLASS = 'INTERMEDIATE_IGD';

export type VerdictCss = 'free' | 'few' | 'full';

/**
 * The colour and word of a card, for a patient arriving now. "Few": at most two beds, or at most
 * a tenth of the ward's beds of that class. A full ward with beds being cleaned says so, since one
 * may be ready within the hour; free beds all taken by patients already waiting make the card
 * full for a newcomer. public/app.js applies the same rule to live changes.
 */
export function verdict(c: Pick<PageCounts, 'available' | 'total' | 'cleaning' | 'availableForNewcomer'>): { css: VerdictCss; label: string } {
  if (c.available === 0) return { css: 'full', label: c.cleaning > 0 ? `Penuh, ${c.cleaning} segera siap` : 'Penuh' };
  if (c.availableForNewcomer === 0) return { css: 'full', label: 'Penuh untuk pasien baru: yang kosong untuk pasien yang menunggu' };
  if (c.availableForNewcomer <= Math.max(2, Math.floor(c.total / 10))) return { css: 'few', label: 'Hampir penuh' };
  return { css: 'free', label: 'Tersedia' };
}

/** The lines of a card that show only when they say something; public/app.js writes the same. */
export const cardLines = (c: Pick<PageCounts, 'waiting' | 'expectedFreeWithin24h'>) => ({
  waitingLine: c.waiting > 0 ? `${c.waiting} pasien menunggu` : '',
  expectedLine: c.expectedFreeWithin24h > 0 ? `${c.expectedFreeWithin24h} diperkirakan kosong dalam 24 jam` : '',
});

const TIME = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', day: 'numeric', month: 'short' });

/** "10.42", or "3 Mei 10.42" when not today (WITA). */
export function witaTime(at: Date, now: Date): string {
  const day = DAY.format(at);
  return (day === DAY.format(now) ? '' : day + ' ') + TIME.format(at);
}

const sumAvailable = (rows: PageCounts[]) => rows.reduce((n, r) => n + r.available, 0);

function card(c: PageCounts, now: Date): string {
  const v = verdict(c);
  const lines = cardLines(c);
  const n = (field: string, value: number) => `<span class="n" data-f="${field}">${value}</span>`;
  const line = (field: keyof typeof lines, css: string) =>
    `<p class="${css}" data-f="${field}"${lines[field] ? '' : ' hidden'}>${escapeHtml(lines[field])}</p>`;
  return (
    `<li class="ward ${v.css}" data-testid="ward" data-key="${escapeHtml(c.wardId)}/${escapeHtml(c.bedClass)}" data-seq="${escapeHtml(c.seq)}">` +
    `<h3 class="name" data-f="wardName">${escapeHtml(c.wardName)}</h3>` +
    `<p class="class" data-f="bedClassLabel">${escapeHtml(c.bedClassLabel)}</p>` +
    `<p class="free"><span class="available" data-f="available" data-testid="available">${c.available}</span> <span class="label">kosong</span> ` +
    `<span class="verdict" data-f="verdict">${escapeHtml(v.label)}</span></p>` +
    `<p class="bysex" data-f="bySex"${c.available > 0 ? '' : ' hidden'}>kosong untuk: ${n('freeMaleOnly', c.freeMaleOnly)} laki-laki · ${n('freeFemaleOnly', c.freeFemaleOnly)} perempuan · ${n('freeEither', c.freeEither)} campur</p>` +
    line('waitingLine', 'queue') +
    line('expectedLine', 'expected') +
    `<p class="more">${n('cleaning', c.cleaning)} disiapkan · ${n('reserved', c.reserved)} dipesan · ${n('occupied', c.occupied)} terisi · ${n('total', c.total)} total</p>` +
    `<p class="when">diperbarui <time data-f="updatedAt" datetime="${c.updatedAt.toISOString()}">${witaTime(c.updatedAt, now)}</time></p>` +
    `</li>`
  );
}

/** The IGD's own line: its beds when the data has them, else plainly that it is not reported. */
function igdLine(rows: PageCounts[]): string {
  const igd = rows.filter((r) => r.bedClass === IGD_CLASS);
  if (igd.length === 0)
    return '<p class="igd" data-f="igd">IGD: ketersediaan tempat tidur IGD tidak dilaporkan di sini. Dalam keadaan darurat langsung ke IGD atau hubungi hotline.</p>';
  const free = sumAvailable(igd);
  return `<p class="igd" data-f="igd">IGD: ${free > 0 ? `${free} tempat tidur kosong` : 'tempat tidur penuh, hubungi hotline'}.</p>`;
}

function hospitalSection(h: PageHospital, rows: PageCounts[], now: Date, single: boolean, kelas: BedClass | null): string {
  const heading = single ? '' : `<h2 class="hospital-name"><a data-f="name" href="/rs/${encodeURIComponent(h.code)}">${escapeHtml(h.name)}</a></h2>`;
  const wards = rows.filter((r) => r.bedClass !== IGD_CLASS && (kelas === null || r.bedClass === kelas));
  const directions = directionsHref(h);
  const none = kelas === null ? 'Belum ada tempat tidur yang tercatat.' : `Tidak ada tempat tidur ${BED_CLASSES[kelas].label} di rumah sakit ini.`;
  return (
    `<section class="hospital" data-hospital="${escapeHtml(h.code)}" data-testid="hospital">` +
    heading +
    `<p class="address" data-f="address">${escapeHtml(h.address)}</p>` +
    `<p class="hotline"><a class="phone" data-f="phone" href="${escapeHtml(telHref(h.phone))}">Hotline <span data-f="phoneText">${escapeHtml(h.phone)}</span></a>` +
    (directions ? ` <a class="directions" data-testid="directions" href="${escapeHtml(directions)}" rel="noopener">Petunjuk arah</a>` : '') +
    `</p>` +
    (h.demo ? '<p class="demo" data-testid="demo">Data contoh: rumah sakit, ruangan, tempat tidur dan pasien di halaman ini tidak nyata.</p>' : '') +
    igdLine(rows) +
    `<p class="sum" data-f="sum">${sumAvailable(wards)} tempat tidur${kelas ? ` ${escapeHtml(BED_CLASSES[kelas].label)}` : ''} kosong</p>` +
    (wards.length === 0 ? `<p class="note">${escapeHtml(none)}</p>` : '') +
    `<ul class="wards">${wards.map((r) => card(r, now)).join('')}</ul>` +
    `</section>`
  );
}

/**
 * "Cari ICU kosong": a GET form, so the search works without script; the server filters. Offers
 * the classes the hospitals shown have (and the one searched for).
 */
function searchForm(counts: PageCounts[], live: Required<PageOptions>): string {
  const classes = new Set<BedClass>(counts.map((c) => c.bedClass).filter((c): c is BedClass => isBedClass(c) && c !== IGD_CLASS));
  if (live.kelas) classes.add(live.kelas);
  const options = (Object.keys(BED_CLASSES) as BedClass[])
    .filter((c) => classes.has(c))
    .map((c) => `<option value="${c}"${c === live.kelas ? ' selected' : ''}>${escapeHtml(BED_CLASSES[c].label)}</option>`)
    .join('');
  const result = live.kelas
    ? ` <span class="search-result" data-testid="search-result">Menampilkan tempat tidur ${escapeHtml(BED_CLASSES[live.kelas].label)}. <a href="${escapeHtml(live.action)}">Semua kelas</a></span>`
    : '';
  return (
    `<form class="search" method="get" action="${escapeHtml(live.action)}" role="search">` +
    `<label for="kelas">Cari tempat tidur kosong kelas</label> ` +
    `<select id="kelas" name="kelas"><option value="">Semua kelas</option>${options}</select> ` +
    `<button type="submit">Cari</button>${result}</form>`
  );
}

const BPJS =
  'Untuk pasien BPJS Kesehatan: Kelas I, II dan III adalah hak kelas rawat menurut kepesertaan; KRIS adalah ruang rawat inap standar JKN yang menggantikan kelas itu; VIP di atas hak kelas, selisih biayanya dibayar sendiri.';

/**
 * The public page, whole, as the first response: every hospital given with its hotline and
 * counts, readable without script and before any live channel opens. The script then keeps the
 * same elements current (data-key, data-seq and data-f name what it updates).
 */
export function renderPublicPage(hospitals: PageHospital[], counts: PageCounts[], now: Date, options: PageOptions): RenderedPage {
  const live = { hospitalCode: options.hospitalCode, kelas: options.kelas ?? null, action: options.action ?? '/' };
  const single = hospitals.length === 1 ? hospitals[0] : null;
  const title = single ? `Tempat tidur kosong – ${single.name}` : 'Ketersediaan Tempat Tidur Rawat Inap';
  const newest = counts.reduce<Date | null>((at, c) => (!at || c.updatedAt > at ? c.updatedAt : at), null);
  const body = hospitals.map((h) =>
    hospitalSection(
      h,
      counts.filter((c) => c.hospitalCode === h.code),
      now,
      single !== null,
      live.kelas,
    ),
  );
  const html = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<meta name="description" content="Tempat tidur rawat inap yang kosong saat ini, dengan hotline rumah sakit.">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/style.css">
<script src="/vendor/graphql-ws.min.js" defer></script>
<script src="/app.js" defer></script>
</head>
<body data-live="${escapeHtml(live.hospitalCode ?? '')}" data-kelas="${escapeHtml(live.kelas ?? '')}">
<header>
<h1${single ? ' data-f="name"' : ''}>${escapeHtml(single ? single.name : 'Ketersediaan Tempat Tidur Rawat Inap')}</h1>
</header>
<p class="connection static" id="connection" data-state="static">${newest ? `Perubahan terakhir: <time id="confirmed" datetime="${newest.toISOString()}">${witaTime(newest, now)}</time> WITA` : 'Belum ada perubahan tercatat'}</p>
<p id="announce" class="visually-hidden" aria-live="polite"></p>
${searchForm(counts, live)}
<p class="legend" aria-label="Keterangan warna"><span class="chip free">Tersedia</span> <span class="chip few">Hampir penuh</span> <span class="chip full">Penuh</span></p>
<main>
${hospitals.length === 0 ? '<p class="note">Belum ada data rumah sakit.</p>' : body.join('\n')}
</main>
<template id="card-template">${card({ hospitalCode: '', wardId: '', wardName: '', bedClass: '', bedClassLabel: '', total: 0, available: 0, occupied: 0, reserved: 0, cleaning: 0, closed: 0, waiting: 0, availableForNewcomer: 0, expectedFreeWithin24h: 0, freeMaleOnly: 0, freeFemaleOnly: 0, freeEither: 0, seq: '-1', updatedAt: new Date(0) }, now)}</template>
<section id="fund" class="fund" aria-labelledby="fund-title" hidden>
<h2 id="fund-title">Dana pengaman kegawatdaruratan</h2>
<p id="fund-summary"></p>
<table><thead><tr><th scope="col">Bulan</th><th scope="col">Dibayar</th><th scope="col">Ditahan</th><th scope="col">Klaim dibayar</th></tr></thead><tbody id="fund-months"></tbody></table>
<p class="note">Hash kepala buku besar yang terakhir disegel: <code id="fund-head">–</code></p>
</section>
<footer>
<p class="bpjs">${escapeHtml(BPJS)}</p>
<p>"Disiapkan": tempat tidur sedang dibersihkan dan segera dapat dipakai. "Dipesan": ditahan untuk pasien yang akan datang. "Menunggu": pasien dalam daftar tunggu untuk kelas itu; tempat tidur kosong lebih dulu untuk mereka. "Campur": kamar untuk laki-laki dan perempuan.</p>
<p>Ketersediaan dapat berubah sebelum Anda tiba: hubungi hotline sebelum berangkat.</p>
</footer>
</body>
</html>
`;
  // The time of rendering is not in the bytes (only the day, for dates older than today), so
  // unchanged counts revalidate as 304.
  const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 32)}"`;
  return { html, etag, lastModified: newest };
}

/**
 * Whether a conditional GET may be answered 304 (RFC 9110 13.1): If-None-Match, when given,
 * decides alone (weak comparison); else If-Modified-Since against the newest change, to the
 * second. The origin decides this whatever the request's Cache-Control says (fetch() adds
 * "no-cache" to every conditional request it is given).
 */
export function notModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, etag: string, lastModified: Date | null): boolean {
  if (ifNoneMatch !== undefined) {
    const bare = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
  }
  if (ifModifiedSince === undefined || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
