/* global graphqlWs, URLSearchParams */
// Live bed availability for the public: one GraphQL subscription over WebSocket (graphql-ws,
// served by this service at /vendor/). The first messages are the current counts, then every
// change; a message older (smaller seq) than what is shown is ignored.
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var httpUrl = location.origin + '/graphql';
  var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
  var rows = new Map();
  var list = document.getElementById('wards');
  var empty = document.getElementById('empty');
  var connection = document.getElementById('connection');
  var updated = document.getElementById('updated');
  var timeFormat = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  var dateFormat = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', day: 'numeric', month: 'short' });
  var latest = 0;

  function text(el, value) {
    if (el.textContent !== value) el.textContent = value;
  }

  function verdict(r) {
    if (r.available === 0) return { css: 'full', label: 'Penuh' };
    // "Few": at most two beds, or at most a tenth of the ward's beds of that class.
    if (r.available <= Math.max(2, Math.floor(r.total / 10))) return { css: 'few', label: 'Hampir penuh' };
    return { css: 'free', label: 'Tersedia' };
  }

  function when(date) {
    var today = dateFormat.format(new Date());
    var day = dateFormat.format(date);
    return (day === today ? '' : day + ' ') + timeFormat.format(date);
  }

  function element(tag, cls, parent) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (parent) parent.appendChild(el);
    return el;
  }

  function card(key) {
    var li = element('li', 'ward');
    li.dataset.key = key;
    li.setAttribute('data-testid', 'ward');
    var h = element('h2', 'name', li);
    var cls = element('p', 'class', li);
    var counts = element('div', 'counts', li);
    var free = element('div', null, counts);
    var available = element('span', 'available', free);
    available.setAttribute('data-testid', 'available');
    element('span', 'label', free).textContent = 'kosong';
    var occ = element('div', null, counts);
    var occupied = element('span', 'occupied', occ);
    element('span', 'label', occ).textContent = 'terisi';
    var tot = element('div', null, counts);
    var total = element('span', 'total', tot);
    element('span', 'label', tot).textContent = 'total';
    var v = element('span', 'verdict', counts);
    var time = element('p', 'when', li);
    return { li: li, name: h, cls: cls, available: available, occupied: occupied, total: total, verdict: v, when: time, seq: -1 };
  }

  function show(r) {
    var key = r.wardId + '/' + r.bedClass;
    var row = rows.get(key);
    var seq = Number(r.seq);
    if (row && seq <= row.seq) return;
    if (r.total === 0) {
      // Every bed of this ward and class was retired or moved.
      if (row) {
        row.li.remove();
        rows.delete(key);
      }
      return;
    }
    if (!row) {
      row = card(key);
      rows.set(key, row);
      insertSorted(row, r);
    }
    row.seq = seq;
    var v = verdict(r);
    row.li.className = 'ward ' + v.css;
    text(row.name, r.wardName);
    // The class line only when the ward's name does not say it already ("ICU", "Bedah Kelas III").
    text(row.cls, r.wardName.toLowerCase().indexOf(r.bedClassLabel.toLowerCase()) >= 0 ? '' : r.bedClassLabel);
    text(row.available, String(r.available));
    text(row.occupied, String(r.occupied));
    text(row.total, String(r.total));
    text(row.verdict, v.label);
    var at = new Date(r.updatedAt);
    text(row.when, 'diperbarui ' + when(at));
    if (at.getTime() > latest) {
      latest = at.getTime();
      text(updated, when(at));
      updated.dateTime = at.toISOString();
    }
    empty.hidden = true;
  }

  function insertSorted(row, r) {
    row.sortKey = r.wardName + ' ' + r.bedClassLabel;
    var next = null;
    rows.forEach(function (other) {
      if (other !== row && other.li.parentNode && other.sortKey > row.sortKey && (!next || other.sortKey < next.sortKey)) next = other;
    });
    list.insertBefore(row.li, next ? next.li : null);
  }

  function setConnection(state, label) {
    connection.className = 'connection ' + state;
    connection.dataset.state = state;
    text(connection, label);
  }

  function query(q, variables) {
    return fetch(httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: q, variables: variables || {} }),
    }).then(function (res) {
      return res.json();
    });
  }

  function showHospital(h) {
    document.title = 'Tempat tidur kosong – ' + h.name;
    text(document.getElementById('hospital-name'), h.name);
    text(document.getElementById('hospital-address'), h.address);
    var phone = document.getElementById('hospital-phone');
    text(phone, h.phone);
    phone.href = 'tel:' + h.phone.replace(/[^0-9+]/g, '');
    // Demonstration data (the demo seed) says so plainly.
    document.getElementById('demo').hidden = !h.demo;
  }

  var rupiah = function (v) {
    return 'Rp' + BigInt(v).toLocaleString('id-ID');
  };

  // Public figures of the fund only: no names, NIKs or record numbers.
  function showFund() {
    query('{ fundTransparency { fiscalYear ceiling paid held patientsHelped sealedHeadHash sealedPeriod months { month paid held claimsPaid } } }').then(
      function (res) {
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
        var body = document.getElementById('fund-months');
        body.textContent = '';
        f.months.forEach(function (m) {
          var tr = document.createElement('tr');
          [m.month, rupiah(m.paid), rupiah(m.held), String(m.claimsPaid)].forEach(function (v) {
            var td = document.createElement('td');
            text(td, v);
            tr.appendChild(td);
          });
          body.appendChild(tr);
        });
        text(document.getElementById('fund-head'), f.sealedHeadHash ? f.sealedHeadHash + ' (' + f.sealedPeriod + ')' : 'belum ada segel');
        document.getElementById('fund').hidden = false;
      },
    );
  }

  function watch(code) {
    var client = graphqlWs.createClient({
      url: wsUrl,
      lazy: false,
      retryAttempts: Infinity,
      shouldRetry: function () {
        return true;
      },
      // Back off up to 30 s, with jitter, so a restart is not met by every phone at once.
      retryWait: function (retries) {
        var ms = Math.min(30000, 1000 * Math.pow(2, retries)) * (0.5 + Math.random() / 2);
        return new Promise(function (resolve) {
          setTimeout(resolve, ms);
        });
      },
      on: {
        connecting: function () {
          setConnection('connecting', 'Menghubungkan…');
        },
        connected: function () {
          setConnection('connected', 'Terhubung, langsung');
        },
        closed: function () {
          setConnection('closed', 'Terputus, menghubungkan ulang…');
        },
      },
    });
    watchHospital(client, code);
    client.subscribe(
      {
        query:
          'subscription($h: String) { availabilityChanged(hospitalCode: $h) { wardId wardName bedClass bedClassLabel total available occupied seq updatedAt } }',
        variables: { h: code },
      },
      {
        next: function (msg) {
          if (msg.data) show(msg.data.availabilityChanged);
          else if (msg.errors) text(empty, 'Data tidak dapat dimuat: ' + msg.errors[0].message);
        },
        error: function () {
          setConnection('closed', 'Terputus, menghubungkan ulang…');
        },
        complete: function () {},
      },
    );
  }

  // The profile the admin keeps (name, address, hotline): a change shows here without a reload.
  function watchHospital(client, code) {
    client.subscribe(
      { query: 'subscription($c: String!) { hospitalChanged(code: $c) { code name address phone demo } }', variables: { c: code } },
      {
        next: function (msg) {
          if (msg.data) showHospital(msg.data.hospitalChanged);
        },
        error: function () {},
        complete: function () {},
      },
    );
  }

  query('{ hospitals { code name address phone demo } }')
    .then(function (res) {
      var hospitals = (res.data && res.data.hospitals) || [];
      var wanted = params.get('rs');
      var h =
        hospitals.filter(function (x) {
          return x.code === wanted;
        })[0] || hospitals[0];
      if (!h) {
        text(empty, 'Belum ada data rumah sakit.');
        return;
      }
      showHospital(h);
      watch(h.code);
      showFund();
    })
    .catch(function () {
      text(empty, 'Tidak dapat menghubungi server. Muat ulang halaman ini sebentar lagi.');
      setConnection('closed', 'Terputus');
    });
})();
