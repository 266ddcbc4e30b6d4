/* global graphqlWs, EventSource */
// Keeps the server-rendered page current. The page already holds the counts (each card names its
// ward and class in data-key and its seq in data-seq); live changes come over graphql-ws, or,
// when the WebSocket is refused or cannot be opened, over Server-Sent Events
// (/live/availability). On either, a message older (smaller seq) than what is shown is ignored.
(function () {
  'use strict';

  var body = document.body;
  var code = body.getAttribute('data-live') || null;
  // A search (?kelas=ICU) shows one class: live rows of the others are not added.
  var kelas = body.getAttribute('data-kelas') || null;
  var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
  var sseUrl = '/live/availability' + (code ? '?hospitalCode=' + encodeURIComponent(code) : '');
  var connection = document.getElementById('connection');
  var announce = document.getElementById('announce');
  var template = document.getElementById('card-template');
  var timeFormat = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', hour: '2-digit', minute: '2-digit' });
  var dayFormat = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', day: 'numeric', month: 'short' });
  var IGD = 'INTERMEDIATE_IGD';
  var FIELDS =
    'hospitalCode wardId wardName bedClass bedClassLabel total available occupied reserved cleaning closed ' +
    'waiting availableForNewcomer expectedFreeWithin24h freeMaleOnly freeFemaleOnly freeEither seq updatedAt';
  var cards = new Map();
  var confirmedAt = null;
  var channel = 'ws';
  var failures = 0;
  var retryTimer = null;

  document.querySelectorAll('[data-key]').forEach(function (li) {
    if (li.closest('template')) return;
    cards.set(li.getAttribute('data-key'), li);
  });

  function field(root, name) {
    return root.querySelector('[data-f="' + name + '"]');
  }

  function text(el, value) {
    if (el && el.textContent !== value) el.textContent = value;
  }

  function when(date) {
    var day = dayFormat.format(date);
    return (day === dayFormat.format(new Date()) ? '' : day + ' ') + timeFormat.format(date);
  }

  // The rules of src/public-page/public-page.render.ts (verdict, cardLines).
  function verdict(r) {
    if (r.available === 0) return { css: 'full', label: r.cleaning > 0 ? 'Penuh, ' + r.cleaning + ' segera siap' : 'Penuh' };
    if (r.availableForNewcomer === 0) return { css: 'full', label: 'Penuh untuk pasien baru: yang kosong untuk pasien yang menunggu' };
    if (r.availableForNewcomer <= Math.max(2, Math.floor(r.total / 10))) return { css: 'few', label: 'Hampir penuh' };
    return { css: 'free', label: 'Tersedia' };
  }

  function line(el, value) {
    text(el, value);
    el.hidden = value === '';
  }

  function section(hospitalCode) {
    return document.querySelector('[data-hospital="' + hospitalCode + '"]');
  }

  function freeIn(sec) {
    var n = 0;
    sec.querySelectorAll('.wards [data-f="available"]').forEach(function (el) {
      n += Number(el.textContent);
    });
    return n;
  }

  function show(r) {
    var key = r.wardId + '/' + r.bedClass;
    var li = cards.get(key);
    if (li && Number(r.seq) <= Number(li.getAttribute('data-seq'))) return;
    var sec = section(r.hospitalCode);
    if (!sec) return;
    if (r.bedClass === IGD) return showIgd(sec, r);
    if (kelas && r.bedClass !== kelas) return;
    if (r.total === 0) {
      // Every bed of this ward and class was retired or moved.
      if (li) li.remove();
      cards.delete(key);
      return summarise(sec);
    }
    if (!li) {
      li = template.content.firstElementChild.cloneNode(true);
      li.setAttribute('data-key', key);
      insertSorted(sec.querySelector('.wards'), li, r.wardName + ' ' + r.bedClassLabel);
      cards.set(key, li);
    }
    li.setAttribute('data-seq', r.seq);
    var v = verdict(r);
    li.className = 'ward ' + v.css;
    ['wardName', 'bedClassLabel'].forEach(function (f) {
      text(field(li, f), r[f]);
    });
    ['available', 'cleaning', 'reserved', 'occupied', 'total', 'freeMaleOnly', 'freeFemaleOnly', 'freeEither'].forEach(function (f) {
      text(field(li, f), String(r[f]));
    });
    text(field(li, 'verdict'), v.label);
    field(li, 'bySex').hidden = r.available === 0;
    line(field(li, 'waitingLine'), r.waiting > 0 ? r.waiting + ' pasien menunggu' : '');
    line(field(li, 'expectedLine'), r.expectedFreeWithin24h > 0 ? r.expectedFreeWithin24h + ' diperkirakan kosong dalam 24 jam' : '');
    var at = new Date(r.updatedAt);
    var time = field(li, 'updatedAt');
    time.setAttribute('datetime', at.toISOString());
    text(time, when(at));
    summarise(sec);
  }

  var igd = new Map();
  function showIgd(sec, r) {
    var rows = igd.get(r.hospitalCode) || new Map();
    igd.set(r.hospitalCode, rows);
    var before = rows.get(r.wardId);
    if (before && Number(r.seq) <= Number(before.seq)) return;
    rows.set(r.wardId, r);
    var free = 0;
    rows.forEach(function (x) {
      free += x.available;
    });
    text(field(sec, 'igd'), 'IGD: ' + (free > 0 ? free + ' tempat tidur kosong' : 'tempat tidur penuh, hubungi hotline') + '.');
  }

  // Only the free beds of a hospital are announced, and only when their number changes: not
  // every cleaning, reservation or time stamp.
  function summarise(sec) {
    var free = freeIn(sec);
    var sum = field(sec, 'sum');
    var line = free + ' tempat tidur kosong';
    if (sum.textContent === line) return;
    text(sum, line);
    var name = field(sec, 'name') || document.querySelector('h1');
    text(announce, name.textContent + ': ' + line);
  }

  function insertSorted(list, li, sortKey) {
    li.setAttribute('data-sort', sortKey);
    var next = null;
    list.querySelectorAll('[data-key]').forEach(function (other) {
      var k = other.getAttribute('data-sort') || field(other, 'wardName').textContent + ' ' + field(other, 'bedClassLabel').textContent;
      if (!next && k > sortKey) next = other;
    });
    list.insertBefore(li, next);
  }

  /** The hotline, name and address of a hospital (also for a change of its row). */
  function showHospital(h) {
    var sec = section(h.code);
    if (!sec) return;
    var name = field(sec, 'name') || document.querySelector('h1[data-f="name"]');
    if (name) text(name, h.name);
    text(field(sec, 'address'), h.address);
    text(field(sec, 'phoneText'), h.phone);
    field(sec, 'phone').setAttribute('href', 'tel:' + h.phone.replace(/[^0-9+]/g, ''));
  }
  window.siranapShowHospital = showHospital;

  function status(state, label) {
    connection.className = 'connection ' + state;
    connection.setAttribute('data-state', state);
    connection.setAttribute('data-channel', channel);
    text(connection, label);
  }

  function confirmed() {
    confirmedAt = new Date();
    status('connected', 'Langsung · dikonfirmasi ' + timeFormat.format(confirmedAt) + ' WITA');
  }

  function lost(retryMs) {
    var seconds = Math.round(retryMs / 1000);
    status(
      'closed',
      'Terputus · ' +
        (confirmedAt ? 'terakhir dikonfirmasi ' + timeFormat.format(confirmedAt) + ' WITA' : 'angka dari saat halaman dimuat') +
        (seconds > 0 ? ' · mencoba lagi dalam ' + seconds + ' dtk' : ''),
    );
  }

  // Up to 30 s, with jitter, so a restart is not met by every phone at once.
  function backoff(n) {
    return Math.min(30000, 1000 * Math.pow(2, n)) * (0.5 + Math.random() / 2);
  }

  function watchWs() {
    var everConnected = false;
    var retries = 0;
    var client = graphqlWs.createClient({
      url: wsUrl,
      lazy: false,
      keepAlive: 20000,
      retryAttempts: Infinity,
      shouldRetry: function () {
        return true;
      },
      retryWait: function (n) {
        var ms = backoff(n);
        lost(ms);
        return new Promise(function (resolve) {
          setTimeout(resolve, ms);
        });
      },
      on: {
        connected: function () {
          everConnected = true;
          retries = 0;
          confirmed();
        },
        pong: confirmed,
        closed: function (event) {
          retries++;
          // Refused (4403: too many connections) or never opened twice: the lighter channel.
          if ((event && event.code === 4403) || (!everConnected && retries >= 2)) {
            client.dispose();
            channel = 'sse';
            watchSse();
          }
        },
      },
    });
    client.subscribe(
      {
        query: 'subscription($h: String) { availabilityChanged(hospitalCode: $h) { ' + FIELDS + ' } }',
        variables: { h: code },
      },
      {
        next: function (msg) {
          if (msg.data) {
            show(msg.data.availabilityChanged);
            confirmed();
          }
        },
        error: function () {},
        complete: function () {},
      },
    );
    document.querySelectorAll('[data-hospital]').forEach(function (sec) {
      watchHospital(client, sec.getAttribute('data-hospital'));
    });
  }

  // The profile the admin keeps (name, address, hotline): a change shows here without a reload.
  function watchHospital(client, hospitalCode) {
    client.subscribe(
      { query: 'subscription($c: String!) { hospitalChanged(code: $c) { code name address phone } }', variables: { c: hospitalCode } },
      {
        next: function (msg) {
          if (msg.data) showHospital(msg.data.hospitalChanged);
        },
        error: function () {},
        complete: function () {},
      },
    );
  }

  function watchSse() {
    if (typeof EventSource === 'undefined') return lost(0);
    status('connecting', 'Menghubungkan…');
    var source = new EventSource(sseUrl);
    source.addEventListener('availability', function (e) {
      failures = 0;
      show(JSON.parse(e.data));
      confirmed();
    });
    source.addEventListener('ping', confirmed);
    source.onopen = function () {
      failures = 0;
      confirmed();
    };
    source.onerror = function () {
      // The browser's own retry has no back-off and stops on a refusal: the page retries itself.
      source.close();
      var ms = backoff(failures++);
      lost(ms);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(watchSse, ms);
    };
  }

  var rupiah = function (v) {
    return 'Rp' + BigInt(v).toLocaleString('id-ID');
  };

  // Public figures of the fund only: no names, NIKs or record numbers.
  function showFund() {
    fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ fundTransparency { fiscalYear ceiling paid held patientsHelped sealedHeadHash sealedPeriod months { month paid held claimsPaid } } }',
      }),
    })
      .then(function (res) {
        return res.json();
      })
      .then(function (res) {
        var f = res.data && res.data.fundTransparency;
        if (!f) return;
        text(
          document.getElementById('fund-summary'),
          'Tahun ' +
            f.fiscalYear +
            ': pagu ' +
            rupiah(f.ceiling) +
            ', dibayar ' +
            rupiah(f.paid) +
            ' untuk ' +
            f.patientsHelped +
            ' pasien, ditahan ' +
            rupiah(f.held) +
            '.',
        );
        var tbody = document.getElementById('fund-months');
        tbody.textContent = '';
        f.months.forEach(function (m) {
          var tr = document.createElement('tr');
          [m.month, rupiah(m.paid), rupiah(m.held), String(m.claimsPaid)].forEach(function (v) {
            var td = document.createElement('td');
            text(td, v);
            tr.appendChild(td);
          });
          tbody.appendChild(tr);
        });
        text(document.getElementById('fund-head'), f.sealedHeadHash ? f.sealedHeadHash + ' (' + f.sealedPeriod + ')' : 'belum ada segel');
        document.getElementById('fund').hidden = false;
      })
      .catch(function () {});
  }

  if (!document.querySelector('[data-hospital]')) return;
  status('connecting', 'Menghubungkan…');
  if (typeof graphqlWs === 'undefined' || typeof WebSocket === 'undefined') {
    channel = 'sse';
    watchSse();
  } else watchWs();
  showFund();
})();
