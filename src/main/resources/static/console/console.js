// The operators' console: small, no build step. It reads and steers the hub through /api/v1/operator.
(function () {
  'use strict';

  const api = '/api/v1/operator';
  const status = document.getElementById('status');

  // The console's session takes a state-changing request only with the token from the XSRF-TOKEN cookie, which a
  // page of another site cannot read (the hub renews it at login: read it for every request).
  function csrfToken() {
    const found = document.cookie.split(';').map(part => part.trim()).find(part => part.startsWith('XSRF-TOKEN='));
    return found ? decodeURIComponent(found.substring('XSRF-TOKEN='.length)) : '';
  }

  document.querySelector('form.logout').addEventListener('submit', event => {
    event.currentTarget.querySelector('input[name="_csrf"]').value = csrfToken();
  });

  function say(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  async function call(path, options) {
    const response = await fetch(api + path, Object.assign({ credentials: 'same-origin', headers: { 'Accept': 'application/json' } }, options));
    if (response.status === 401) {
      window.location = '/console/login.html';
      throw new Error('logged out');
    }
    const body = response.headers.get('Content-Type') && response.headers.get('Content-Type').includes('json') ? await response.json() : null;
    if (!response.ok) {
      throw new Error(body && body.detail ? body.detail : 'the hub answered ' + response.status);
    }
    return body;
  }

  function post(path, body) {
    return call(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-XSRF-TOKEN': csrfToken() },
      body: JSON.stringify(body || {}) });
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (className) td.className = className;
    return td;
  }

  function fill(tableId, rows, render) {
    const body = document.querySelector('#' + tableId + ' tbody');
    body.replaceChildren(...rows.map(render));
  }

  function when(instant) {
    return instant ? new Date(instant).toLocaleString() : '';
  }

  // ------------------------------------------------------------ routes

  async function loadRoutes() {
    const routes = await call('/routes');
    fill('routes-table', routes, route => {
      const tr = document.createElement('tr');
      tr.dataset.route = route.id;
      const name = cell(route.id);
      name.title = route.description || '';
      tr.append(name, cell(route.state, 'state state-' + route.state));
      tr.append(cell(route.lastHour.count, 'number hour-count'), cell(route.lastDay.count, 'number day-count'),
        cell(route.lastDay.failures, 'number day-failures'),
        cell(route.lastHour.count ? route.lastHour.meanMillis.toFixed(1) + ' / ' + route.lastHour.p95Millis + ' ms' : '', 'number'));
      const actions = document.createElement('td');
      if (route.state === 'Suspended') {
        const why = document.createElement('span');
        why.className = 'suspension';
        why.textContent = route.suspension ? route.suspension.reason + ' (' + route.suspension.by + ') ' : '';
        const resume = document.createElement('button');
        resume.className = 'resume';
        resume.textContent = 'Resume';
        resume.onclick = () => act(() => post('/routes/' + encodeURIComponent(route.id) + '/resume'), 'Route ' + route.id + ' resumed');
        actions.append(why, resume);
      } else {
        const reason = document.createElement('input');
        reason.className = 'reason';
        reason.placeholder = 'reason';
        const suspend = document.createElement('button');
        suspend.className = 'suspend';
        suspend.textContent = 'Suspend';
        suspend.onclick = () => {
          if (!reason.value.trim()) { say('Say why the route is suspended.'); return; }
          act(() => post('/routes/' + encodeURIComponent(route.id) + '/suspend', { reason: reason.value }), 'Route ' + route.id + ' suspended');
        };
        actions.append(reason, suspend);
      }
      tr.append(actions);
      return tr;
    });
  }

  // ------------------------------------------------------------ queues

  async function loadQueues() {
    const queues = await call('/queues');
    fill('queues-table', queues, queue => {
      const tr = document.createElement('tr');
      tr.dataset.queue = queue.name;
      tr.append(cell(queue.name), cell(queue.depth < 0 ? '?' : queue.depth, 'number depth'),
        cell(queue.oldestAgeSeconds.toFixed(1), 'number'), cell(queue.consumers, 'number'));
      return tr;
    });
  }

  // ------------------------------------------------------------ dead letters

  async function loadDeadLetters() {
    const letters = await call('/dead-letters');
    document.getElementById('dead-letter-count').textContent = letters.length ? String(letters.length) : '';
    fill('dead-letters-table', letters, letter => {
      const tr = document.createElement('tr');
      tr.dataset.message = letter.messageId;
      tr.dataset.tracking = letter.trackingId || '';
      const pick = document.createElement('td');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.className = 'select';
      box.value = letter.messageId;
      pick.append(box);
      tr.append(pick, cell(letter.trackingId), cell(letter.partner), cell(letter.type), cell(letter.receiver), cell(letter.route),
        cell(letter.attempts, 'number'), cell(letter.error, 'error'), cell(when(letter.failedAt)));
      return tr;
    });
  }

  function selectedLetters() {
    return Array.from(document.querySelectorAll('#dead-letters-table input.select:checked')).map(box => box.value);
  }

  document.getElementById('replay-selected').onclick = () => {
    const ids = selectedLetters();
    if (!ids.length) { say('Select the dead letters to replay.'); return; }
    act(() => post('/dead-letters/replay', { messageIds: ids }), ids.length + ' dead letter(s) replayed');
  };

  document.getElementById('discard-selected').onclick = () => {
    const ids = selectedLetters();
    const reason = document.getElementById('discard-reason').value.trim();
    if (!ids.length) { say('Select the dead letters to discard.'); return; }
    if (!reason) { say('A discard needs a reason.'); return; }
    act(() => post('/dead-letters/discard', { messageIds: ids, reason: reason }), ids.length + ' dead letter(s) discarded');
  };

  // ------------------------------------------------------------ documents

  document.getElementById('search-form').onsubmit = async event => {
    event.preventDefault();
    const query = new URLSearchParams();
    [['trackingId', 'search-tracking-id'], ['partner', 'search-partner'], ['documentId', 'search-document-id'],
      ['type', 'search-type'], ['from', 'search-from'], ['to', 'search-to']].forEach(([name, id]) => {
      const value = document.getElementById(id).value.trim();
      if (value) query.set(name, value);
    });
    try {
      const found = await call('/documents?' + query);
      say(found.length ? '' : 'No document matches.');
      fill('results', found, document => {
        const tr = document_row(document);
        tr.onclick = () => showTrail(document.trackingId);
        return tr;
      });
      if (found.length === 1) showTrail(found[0].trackingId);
    } catch (error) {
      say(error.message);
    }
  };

  function document_row(found) {
    const tr = document.createElement('tr');
    tr.className = 'selectable';
    tr.dataset.tracking = found.trackingId;
    tr.append(cell(when(found.receivedAt)), cell(found.trackingId), cell(found.partner), cell(found.documentId), cell(found.type),
      cell(found.channel), cell(found.state));
    return tr;
  }

  async function showTrail(trackingId) {
    const status = await call('/documents/' + encodeURIComponent(trackingId));
    document.getElementById('trail').hidden = false;
    document.getElementById('trail-id').textContent = trackingId;
    document.getElementById('trail-state').textContent = status.state;
    fill('deliveries', status.deliveries || [], delivery => {
      const tr = document.createElement('tr');
      tr.dataset.receiver = delivery.receiver;
      tr.append(cell(delivery.receiver), cell(delivery.state, 'delivery-state'), cell(when(delivery.at)));
      return tr;
    });
    fill('trail-table', status.trail || [], step => {
      const tr = document.createElement('tr');
      tr.append(cell(when(step.at)), cell(step.event, 'event'), cell(step.channel), cell(step.receiver), cell(step.detail));
      return tr;
    });
  }

  // ------------------------------------------------------------ tabs, refresh

  async function act(action, done) {
    try {
      await action();
      say(done);
      await refresh();
    } catch (error) {
      say(error.message);
    }
  }

  let current = 'routes';
  const loaders = { 'routes': loadRoutes, 'queues': loadQueues, 'dead-letters': loadDeadLetters, 'documents': async () => {} };

  function show(panel) {
    current = panel;
    document.querySelectorAll('.panel').forEach(section => { section.hidden = section.id !== panel; });
    document.querySelectorAll('.tab').forEach(tab => tab.classList.toggle('active', tab.dataset.panel === panel));
    refresh();
  }

  async function refresh() {
    try {
      await loaders[current]();
      if (current !== 'dead-letters') await loadDeadLetters();
    } catch (error) {
      say(error.message);
    }
  }

  document.querySelectorAll('.tab').forEach(tab => { tab.onclick = () => show(tab.dataset.panel); });
  // which hub instance this console speaks for (several may share the database and the broker)
  call('/instance').then(body => { document.getElementById('instance').textContent = 'instance ' + body.instance; })
    .catch(error => say(error.message));
  show('routes');
  setInterval(() => { if (current !== 'documents') refresh(); }, 3000);
})();
