// The Hookline dashboard: plain DOM, every value set as text, never as HTML.
(function () {
  'use strict';
  const STATUSES = ['pending', 'retrying', 'processed', 'dead'];
  const OUTCOME_CLASS = { ok: 'processed', partial: 'retrying', failed: 'dead' };
  // What on-call does about each diagnosis of a refused request (docs/on-call.md says more).
  const ADVICE = {
    secret_of_other_source: 'The sender signs with the secret of another source: point it at that source\'s URL, or give this source its secret.',
    timestamp_outside_window: 'The signature is good but its time is off: check the clocks (NTP) and the sender\'s delays; widen tolerance only for genuine late retries.',
    body_modified: 'Something between the sender and Hookline re-encoded the body: make the proxy or relay pass it through byte for byte.',
    header_missing: 'The sender does not sign, or a proxy drops the header: turn signing on at the sender, check the proxy.',
    header_malformed: 'The header is not in the provider\'s format: is the source bound to the right provider?',
    algorithm_unsupported: 'Signed with an algorithm Hookline does not accept: have the sender send the supported signature.',
    no_match: 'No configured secret matches: the secret is wrong or was rotated; add the sender\'s current secret beside the old one.',
    not_diagnosed: 'Too many refusals at once to diagnose each: look at the ones after the burst.',
  };
  const $ = (id) => document.getElementById(id);
  let selected = null;
  let bodyShown = null;
  let bodyText = '';
  let editingWhere = null;

  function token() { return sessionStorage.getItem('hookline-admin-token'); }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      // The origin header records the replays started here as the dashboard's.
      headers: Object.assign({ Authorization: 'Bearer ' + token(), 'X-Hookline-Origin': 'dashboard' },
        body ? { 'Content-Type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) { throw new Error((json.error && json.error.detail) || ('HTTP ' + response.status)); }
    return json;
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (className) { td.className = className; }
    return td;
  }

  // A time as people read it: relative to now in the page ("3 min ago", "in 2 min"), the local date
  // beyond a day; the exact UTC time, to the millisecond, on hover.
  function exact(iso) { return new Date(iso).toISOString().replace('T', ' ').replace('Z', ' UTC'); }

  function relative(iso) {
    const when = new Date(iso);
    const seconds = Math.round((when.getTime() - Date.now()) / 1000);
    const abs = Math.abs(seconds);
    if (abs < 5) { return 'just now'; }
    if (abs >= 86400) { return when.toLocaleString(); }
    const amount = abs < 60 ? abs + ' s' : abs < 3600 ? Math.floor(abs / 60) + ' min' : Math.floor(abs / 3600) + ' h';
    return seconds < 0 ? amount + ' ago' : 'in ' + amount;
  }

  function time(iso) {
    const span = document.createElement('span');
    span.className = 'time';
    span.textContent = relative(iso);
    span.title = exact(iso);
    return span;
  }

  // A moment ahead, such as the end of a breaker's delay: the local clock time and how far off it is.
  function clock(iso) {
    const span = time(iso);
    span.textContent = new Date(iso).toLocaleTimeString() + ' (' + span.textContent + ')';
    return span;
  }

  // A cell with a time, after some text when given; empty when there is no time.
  function timeCell(row, iso, before, className) {
    const td = cell(row, iso ? before : '', className);
    if (iso) { td.appendChild(time(iso)); }
    return td;
  }

  function fill(tableId, items, render) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren();
    items.forEach((item) => render(body.insertRow(), item));
  }

  function button(row, label, onClick) {
    const td = row.insertCell();
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.className = 'replay';
    b.addEventListener('click', (e) => { e.stopPropagation(); onClick(); });
    td.appendChild(b);
  }

  // Without a choice an event's failed deliveries are replayed; { routes: [name] } replays one delivery.
  async function replay(id, choice) {
    try {
      const result = await api('POST', 'events/' + encodeURIComponent(id) + '/replay', choice);
      $('detail-replay-result').textContent = result.status === 'queued' ? 'replaying ' + result.routes.join(', ')
        : 'nothing failed: nothing to replay';
    } catch (error) {
      $('detail-replay-result').textContent = error.message;
    }
    await refresh();
  }

  async function skip(id, route) {
    const result = await api('POST', 'events/' + encodeURIComponent(id) + '/deliveries/' + encodeURIComponent(route) + '/skip');
    $('detail-replay-result').textContent = result.status === 'skipped' ? 'skipped ' + route
      : 'not skipped: ' + result.reason;
    await showDetail(id);
  }

  async function showDetail(id) {
    selected = id;
    const event = await api('GET', 'events/' + encodeURIComponent(id));
    $('detail').hidden = false;
    $('detail-id').textContent = event.id;
    $('detail-status').textContent = event.status;
    $('detail-status').className = event.status;
    $('detail-meta').replaceChildren(event.source + ' · ' + event.provider + ' · ' + event.type + ' · key ' + event.key
      + ' · received ', time(event.received_at), ' · ' + event.body_size + ' bytes'
      + (event.request_id ? ' · request ' + event.request_id : '')
      + (event.provenance === 'reconciled' ? ' · reconciled: fetched from the provider\'s API, not a signed webhook' : ''));
    // What routing noted, such as a route's where: that failed on this event and so did not take it.
    $('detail-notes').replaceChildren(...event.notes.map(note => {
      const item = document.createElement('li');
      item.textContent = note;
      return item;
    }));
    $('detail-notes').hidden = event.notes.length === 0;
    fill('deliveries', event.deliveries, (row, d) => {
      cell(row, d.route); cell(row, d.handler); cell(row, d.status, d.status); cell(row, d.attempts);
      // A delivery put off by its route's open breaker runs no sooner than the breaker lets a trial through;
      // one waiting behind another of its key runs when that one is done, whatever its due time says.
      if (d.held_by) {
        cell(row, 'when the key is free');
      } else if (d.breaker_open_until) {
        cell(row, 'waits on the open breaker of ' + d.route + ' until ', 'open').appendChild(clock(d.breaker_open_until));
      } else {
        timeCell(row, d.next_attempt_at, '');
      }
      // Of a route with order-by: the delivery's key and, while it waits behind another of its key, the
      // event holding the key, which opens on a click.
      const key = cell(row, d.order_key);
      if (d.held_by) {
        key.append(' waits behind ');
        const holder = document.createElement('button');
        holder.type = 'button';
        holder.textContent = d.held_by;
        holder.className = 'held-by';
        holder.addEventListener('click', (e) => { e.stopPropagation(); showDetail(d.held_by); });
        key.appendChild(holder);
      }
      cell(row, d.last_error_class ? d.last_error_class + ': ' + d.last_error : '');
      button(row, 'Replay', () => replay(id, { routes: [d.route] }));
      // A delivery not done may be given up, so the next of its order key runs.
      if (d.status === 'pending' || d.status === 'retrying' || d.status === 'dead') {
        button(row, 'Skip', () => skip(id, d.route));
      }
    });
    fill('attempts', event.attempts, (row, a) => {
      cell(row, a.route); cell(row, a.number); timeCell(row, a.started_at, ''); cell(row, a.duration_ms);
      cell(row, a.outcome); cell(row, a.error_class); cell(row, a.message); cell(row, a.instance);
      answerCell(row, a.answer, id + ' ' + a.route + ' ' + a.number);
    });
    fill('detail-replays', event.replays, (row, r) => {
      timeCell(row, r.started_at, ''); cell(row, r.started_by); cell(row, r.selection); cell(row, r.routes.join(', '));
      cell(row, (r.dry_run ? 'dry run' : '') + (r.rate ? 'at ' + r.rate + '/s' : ''));
    });
    $('detail-replays-title').hidden = event.replays.length === 0;
    $('detail-replays').hidden = event.replays.length === 0;
    fill('detail-headers', Object.entries(event.headers), (row, [name, value]) => { cell(row, name); cell(row, value); });
    if (bodyShown !== id) { await showBody(id); }
  }

  // Answers opened by the reader, kept open when the page redraws the detail every two seconds.
  const openAnswers = new Set();

  // What the target answered: status and time in the row; URL, headers and the first KB on opening.
  function answerCell(row, answer, key) {
    const td = row.insertCell();
    td.className = 'answer';
    if (!answer) { td.textContent = 'no answer'; return; }
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'HTTP ' + answer.status + ' in ' + answer.took_ms + ' ms';
    const url = document.createElement('div');
    url.textContent = 'POST ' + answer.url;
    const headers = document.createElement('pre');
    headers.textContent = Object.entries(answer.headers).map(([name, value]) => name + ': ' + value).join('\n');
    const body = document.createElement('pre');
    body.textContent = answer.body === '' ? '(no body)' : answer.body;
    details.append(summary, url, headers, body);
    details.open = openAnswers.has(key);
    details.addEventListener('toggle', () => {
      if (details.open) { openAnswers.add(key); } else { openAnswers.delete(key); }
    });
    td.appendChild(details);
  }

  async function reconcile(source) {
    $('reconcile-result').textContent = source + ': reconciling…';
    try {
      const run = await api('POST', 'sources/' + encodeURIComponent(source) + '/reconcile');
      $('reconcile-result').textContent = source + ': ' + run.outcome + ', ' + run.checked + ' checked, ' + run.missing
        + ' missing, ' + run.recovered + ' recovered, ' + run.failed + ' failed' + (run.message ? ' (' + run.message + ')' : '');
      await refresh();
    } catch (error) {
      $('reconcile-result').textContent = source + ': ' + error.message;
    }
  }

  // The body is fetched as bytes and shown as text, never as markup; JSON is pretty-printed.
  async function showBody(id) {
    bodyShown = id;
    bodyText = '';
    $('detail-body').textContent = '';
    const response = await fetch('events/' + encodeURIComponent(id) + '/body', { headers: { Authorization: 'Bearer ' + token() } });
    if (!response.ok) {
      $('detail-body-note').textContent = response.status === 409 ? 'past its retention: the body is gone' : 'HTTP ' + response.status;
      return;
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    let note = bytes.length + ' bytes, ' + (response.headers.get('content-type') || 'no content type');
    try {
      bodyText = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      bodyText = new TextDecoder('utf-8').decode(bytes);
      note += '; not UTF-8, shown with replacement characters';
    }
    let shown = bodyText;
    if ((response.headers.get('content-type') || '').includes('json')) {
      try { shown = JSON.stringify(JSON.parse(bodyText), null, 2); note += '; pretty-printed'; } catch (e) { note += '; not valid JSON, shown as received'; }
    }
    $('detail-body').textContent = shown;
    $('detail-body-note').textContent = note;
  }

  async function copyBody() {
    try {
      await navigator.clipboard.writeText(bodyText);
      $('detail-body-note').textContent = 'copied as received';
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents($('detail-body'));
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      $('detail-body-note').textContent = 'selected: press Ctrl+C';
    }
  }

  async function search(text) {
    $('search-result').textContent = '';
    $('search-results').tBodies[0].replaceChildren();
    if (/^evt_[0-9A-Z]{26}$/.test(text)) {
      try { await showDetail(text); } catch (error) { $('search-result').textContent = error.message; }
      return;
    }
    try {
      const found = await api('GET', 'events?key=' + encodeURIComponent(text));
      $('search-result').textContent = found.events.length ? found.events.length + ' found' : 'no source has an event with that key';
      fill('search-results', found.events, (row, e) => {
        row.className = 'event';
        row.dataset.id = e.id;
        cell(row, e.id); cell(row, e.source); cell(row, e.type); cell(row, e.status, e.status); timeCell(row, e.received_at, '');
        row.addEventListener('click', () => showDetail(e.id));
      });
    } catch (error) {
      $('search-result').textContent = error.message;
    }
  }

  async function subscriptionAction(path, method, body) {
    try {
      return await api(method, path ? 'subscriptions/' + path : 'subscriptions', body);
    } catch (error) {
      $('sub-result').textContent = error.message;
      return null;
    }
  }

  async function showSubscriptionDeliveries(sub) {
    const log = await subscriptionAction(encodeURIComponent(sub.id) + '/deliveries?limit=10', 'GET');
    if (!log) { return; }
    fill('sub-deliveries', log.deliveries, (row, d) => {
      const last = d.tries[d.tries.length - 1];
      cell(row, sub.name); cell(row, d.event_id); cell(row, d.status, d.status); cell(row, d.attempts + ' attempts');
      if (last) { timeCell(row, last.started_at, '').append(' ' + last.duration_ms + ' ms'); } else { cell(row, ''); }
      // A subscription with order_by: the delivery's key, and the event it waits behind while it does.
      cell(row, (d.last_error || '') + (d.order_key ? (d.last_error ? '; ' : '') + 'key ' + d.order_key
        + (d.held_by ? ', waits behind ' + d.held_by : '') : ''));
    });
  }

  // Counts are read up to a bound: one at the bound means at least that many.
  function countCell(row, n, bound, className) {
    cell(row, n >= bound ? n + '+' : n, n > 0 ? className : '');
  }

  async function showRoutes() {
    const routes = await api('GET', 'routes');
    fill('routes', routes.routes, (row, r) => {
      row.dataset.name = r.name;
      cell(row, r.name); cell(row, r.kind + (r.enabled ? '' : ' (disabled)'));
      cell(row, r.match.join(', ') + (r.provider ? ' (provider ' + r.provider + ')' : '')
        + (r.where ? ' where ' + r.where : '') + (r.order_by ? ' order-by ' + r.order_by : '')); cell(row, r.handler);
      const b = r.breaker;
      if (b.state === 'open') { cell(row, 'open until ', 'open').appendChild(clock(b.open_until)); } else { cell(row, b.state.replace('_', '-'), b.state); }
      const d = r.deliveries;
      countCell(row, d.pending, d.count_bound, 'pending'); countCell(row, d.retrying, d.count_bound, 'retrying');
      countCell(row, d.dead, d.count_bound, 'dead');
      const f = r.last_failure;
      if (f) { timeCell(row, f.at, '').append(' ' + f.error_class + ': ' + f.message); } else { cell(row, ''); }
      // A route with order-by: each key held by a delivery waiting for its retry or dead, and by which event,
      // in the colour of the worst holder: dead (waits for on-call) over retrying (clears by itself).
      const held = r.blocked_keys || [];
      cell(row, r.order_by ? (held.length ? held.map(k => k.key + ' held by ' + k.held_by + ' (' + k.status + ', '
        + (k.waiting >= k.waiting_bound ? k.waiting + '+' : k.waiting) + ' waiting)').join('; ')
        + (held.length >= r.blocked_keys_bound ? '; the first ' + held.length + ' keys in key order, more may be held' : '')
        : 'none') : '', held.some(k => k.status === 'dead') ? 'dead' : held.length ? 'retrying' : '');
    });
  }

  // The event browser: every event, newest first, through the same filters and cursor as GET /admin/events.
  const PAGE = 20;
  const browsing = { query: 'limit=' + PAGE, cursor: null, next: null };

  function browseQuery() {
    const params = new URLSearchParams();
    const source = $('browse-source').value.trim();
    const type = $('browse-type').value.trim();
    if (source) { params.set('source', source); }
    if ($('browse-status').value) { params.set('status', $('browse-status').value); }
    if (type) { params.set('type', type); }
    // The fields are local times; the API takes instants.
    if ($('browse-from').value) { params.set('from', new Date($('browse-from').value).toISOString()); }
    if ($('browse-to').value) { params.set('to', new Date($('browse-to').value).toISOString()); }
    params.set('limit', String(PAGE));
    return params.toString();
  }

  async function browse() {
    const params = new URLSearchParams(browsing.query);
    if (browsing.cursor) { params.set('cursor', browsing.cursor); }
    try {
      const page = await api('GET', 'events?' + params.toString());
      browsing.next = page.next_cursor;
      fill('browser', page.events, (row, e) => {
        row.className = 'event';
        row.dataset.id = e.id;
        cell(row, e.id); cell(row, e.source); cell(row, e.type); cell(row, e.status, e.status);
        cell(row, e.last_error_class); timeCell(row, e.received_at, '');
        row.addEventListener('click', () => showDetail(e.id));
      });
      $('browse-next').disabled = !page.next_cursor;
      $('browse-first').disabled = !browsing.cursor;
      // A page of a filter its index does not hold may come back short, even empty, with a cursor.
      $('browse-note').textContent = page.events.length > 0 ? ''
        : page.next_cursor ? 'none in this stretch: Older looks further back' : 'no events match';
    } catch (error) {
      $('browse-note').textContent = error.message;
    }
  }

  async function refresh() {
    try {
      const stats = await api('GET', 'stats');
      $('main').hidden = false;
      await showRoutes();
      await browse();
      fill('sources', Object.entries(stats.sources), (row, [source, counts]) => {
        cell(row, source);
        STATUSES.forEach((status) => cell(row, counts[status], counts[status] > 0 ? status : ''));
      });
      const most = Math.max(1, ...stats.hours.map((h) => STATUSES.reduce((n, s) => n + h.counts[s], 0)));
      fill('hours', stats.hours.slice().reverse(), (row, h) => {
        const total = STATUSES.reduce((n, s) => n + h.counts[s], 0);
        const hour = time(h.hour);
        hour.textContent = new Date(h.hour).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
        cell(row, '').appendChild(hour); cell(row, total); cell(row, h.counts.dead, h.counts.dead ? 'dead' : '');
        const bar = document.createElement('span');
        bar.className = 'bar';
        bar.style.width = Math.round(200 * total / most) + 'px';
        cell(row, '').appendChild(bar);
      });
      const dead = await api('GET', 'events?status=dead&limit=25');
      const retrying = await api('GET', 'events?status=retrying&limit=25');
      const failures = dead.events.concat(retrying.events).sort((a, b) => (a.id < b.id ? 1 : -1));
      fill('failures', failures, (row, e) => {
        row.className = 'event';
        row.dataset.id = e.id;
        cell(row, e.id); cell(row, e.source); cell(row, e.type); cell(row, e.status, e.status);
        cell(row, e.last_error_class); timeCell(row, e.received_at, '');
        button(row, 'Replay failed', () => replay(e.id));
        row.addEventListener('click', () => showDetail(e.id));
      });
      const refused = await api('GET', 'rejections?limit=25');
      fill('rejections', refused.rejections, (row, r) => {
        const leading = r.diagnosis[0];
        timeCell(row, r.received_at, ''); cell(row, r.source); cell(row, r.code, 'dead'); cell(row, r.request_id);
        cell(row, r.remote_address); cell(row, r.body_size);
        cell(row, leading ? leading.code + ': ' + leading.detail : (r.diagnosed ? '' : 'diagnosing…'));
        cell(row, leading ? ADVICE[leading.code] || '' : '');
      });
      const jobs = await api('GET', 'replays');
      fill('replays', jobs.replays, (row, j) => {
        cell(row, j.id); cell(row, j.status, j.status === 'done' ? 'processed' : j.status === 'running' ? 'retrying' : 'dead');
        cell(row, j.done + ' of ' + j.events + ' at ' + j.rate + '/s'); timeCell(row, j.started_at, ''); cell(row, j.message);
        if (j.status === 'running') {
          button(row, 'Cancel', async () => { await api('POST', 'replays/' + encodeURIComponent(j.id) + '/cancel'); await refresh(); });
        }
      });
      const sources = await api('GET', 'sources');
      fill('reconcile', sources.sources, (row, s) => {
        const run = s.last_reconciliation;
        cell(row, s.name); cell(row, s.provider);
        if (!s.reconcile) {
          cell(row, 'off: no reconcile block').colSpan = 9; return;
        }
        if (run) {
          timeCell(row, run.finished_at, ''); cell(row, run.trigger); cell(row, run.checked); cell(row, run.missing);
          cell(row, run.recovered); cell(row, run.failed, run.failed ? 'dead' : ''); cell(row, run.outcome, OUTCOME_CLASS[run.outcome]);
          cell(row, run.message);
        } else {
          cell(row, 'not run yet'); [1, 2, 3, 4, 5, 6, 7].forEach(() => cell(row, ''));
        }
        button(row, 'Reconcile now', () => reconcile(s.name));
      });
      const subs = await api('GET', 'subscriptions');
      fill('subscriptions', subs.subscriptions, (row, sub) => {
        cell(row, sub.name); cell(row, sub.url); cell(row, sub.events.join(', ')); cell(row, sub.where || '');
        const signing = cell(row, sub.signing + ' ');
        if (sub.public_key) { signing.appendChild(document.createElement('code')).textContent = sub.public_key; }
        const state = cell(row, sub.enabled ? (sub.failing_since ? 'failing since ' : 'enabled')
          : 'disabled' + (sub.disabled_reason ? ': ' + sub.disabled_reason : ''), sub.enabled ? (sub.failing_since ? 'retrying' : 'processed') : 'dead');
        if (sub.enabled && sub.failing_since) { state.appendChild(time(sub.failing_since)); }
        button(row, sub.enabled ? 'Disable' : 'Enable', async () => {
          await subscriptionAction(encodeURIComponent(sub.id), 'PATCH', { enabled: !sub.enabled });
          await refresh();
        });
        button(row, 'Send test', async () => {
          const answer = await subscriptionAction(encodeURIComponent(sub.id) + '/test', 'POST');
          if (answer) {
            $('sub-result').textContent = sub.name + ': ' + (answer.delivered ? 'HTTP ' + answer.status + ' in ' + answer.took_ms
              + ' ms' + (answer.body ? ': ' + answer.body.substring(0, 200) : '') : 'not delivered (' + answer.error_class + '): ' + answer.error);
          }
        });
        button(row, 'Deliveries', () => showSubscriptionDeliveries(sub));
        button(row, 'Edit where', () => {
          editingWhere = sub;
          $('sub-where-name').textContent = sub.name;
          $('sub-where-text').value = sub.where || '';
          $('sub-where-edit').hidden = false;
        });
      });
      const plugins = await api('GET', 'plugins');
      fill('plugins', plugins.plugins, (row, p) => {
        cell(row, p.jar); cell(row, p.status, p.status === 'skipped' ? 'dead' : ''); cell(row, p.api);
        cell(row, p.version); cell(row, p.providers.join(', ')); cell(row, p.handlers.join(', ')); cell(row, p.reason);
      });
      if (selected) { await showDetail(selected); }
      $('message').textContent = '';
    } catch (error) {
      $('message').textContent = error.message;
    }
  }

  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('hookline-admin-token', $('token').value);
    $('token').value = '';
    refresh();
  });
  $('detail-replay').addEventListener('click', () => selected && replay(selected));
  $('browse').addEventListener('submit', (e) => {
    e.preventDefault();
    Object.assign(browsing, { query: browseQuery(), cursor: null, next: null });
    browse();
  });
  $('browse-next').addEventListener('click', () => { if (browsing.next) { browsing.cursor = browsing.next; browse(); } });
  $('browse-first').addEventListener('click', () => { browsing.cursor = null; browse(); });
  $('detail-copy').addEventListener('click', copyBody);
  // A new subscription's secret is shown once, here, and never again.
  $('subscribe').addEventListener('submit', async (e) => {
    e.preventDefault();
    const events = $('sub-events').value.split(',').map((p) => p.trim()).filter((p) => p);
    const fields = { name: $('sub-name').value.trim(), url: $('sub-url').value.trim(), events, signing: $('sub-signing').value };
    if ($('sub-where').value.trim()) { fields.where = $('sub-where').value.trim(); }
    const created = await subscriptionAction('', 'POST', fields);
    if (created) {
      $('sub-result').textContent = 'created ' + created.name;
      // An ed25519 subscription has no secret: its receiver verifies with the public key.
      $('sub-secret').textContent = created.secret || '';
      $('sub-secret-line').hidden = !created.secret;
      $('sub-public-key').textContent = created.public_key || '';
      $('sub-key-line').hidden = !created.public_key;
      await refresh();
    }
  });
  // The where of a listed subscription, edited outside the table, which each refresh draws anew.
  $('sub-where-edit').addEventListener('submit', async (e) => {
    e.preventDefault();
    const where = $('sub-where-text').value.trim();
    const changed = editingWhere && await subscriptionAction(encodeURIComponent(editingWhere.id), 'PATCH', { where: where || null });
    if (changed) {
      $('sub-result').textContent = changed.name + ': ' + (changed.where ? 'where saved' : 'where removed');
      $('sub-where-edit').hidden = true;
      editingWhere = null;
      await refresh();
    }
  });
  $('sub-where-cancel').addEventListener('click', () => { $('sub-where-edit').hidden = true; editingWhere = null; });
  $('sub-secret-copy').addEventListener('click', async () => {
    try { await navigator.clipboard.writeText($('sub-secret').textContent); $('sub-result').textContent = 'secret copied'; } catch (e) { $('sub-result').textContent = 'select the secret and copy it'; }
  });
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('search-text').value.trim();
    if (text) { search(text); }
  });
  function replayFilter() {
    const filter = {};
    if ($('replay-source').value) { filter.source = $('replay-source').value; }
    if ($('replay-type').value) { filter.type = $('replay-type').value; }
    return filter;
  }

  // A bulk replay says what it would do first, and runs only once confirmed, at the rate given.
  $('replay-all').addEventListener('click', async () => {
    try {
      const plan = await api('POST', 'replay', Object.assign({ dry_run: true }, replayFilter()));
      const bySource = Object.entries(plan.events_by_source).map(([source, n]) => source + ' ' + n).join(', ');
      $('replay-result').textContent = plan.events + ' dead events, ' + plan.deliveries + ' deliveries would be replayed'
        + (bySource ? ' (' + bySource + ')' : '') + (plan.capped ? '; more match than one replay takes' : '');
      $('replay-confirm').hidden = plan.events === 0;
    } catch (error) {
      $('replay-result').textContent = error.message;
    }
  });
  $('replay-dismiss').addEventListener('click', () => { $('replay-confirm').hidden = true; $('replay-result').textContent = ''; });
  $('replay-go').addEventListener('click', async () => {
    const filter = replayFilter();
    const rate = $('replay-rate').value.trim();
    if (rate) { filter.rate = Number(rate); }
    try {
      const result = await api('POST', 'replay', filter);
      $('replay-result').textContent = result.id ? 'replay ' + result.id + ' started' : result.queued + ' queued';
      $('replay-confirm').hidden = true;
      await refresh();
    } catch (error) {
      $('replay-result').textContent = error.message;
    }
  });
  if (token()) { refresh(); }
  setInterval(() => { if (token()) { refresh(); } }, 2000);
})();
