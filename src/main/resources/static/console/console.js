// The operators' console: small, no build step. It reads and steers the hub through /api/v1/operator.
(function () {
  'use strict';

  const api = '/api/v1/operator';
  const status = document.getElementById('status');
  const t = window.consoleTexts.t;

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
    const response = await fetch((path.startsWith('/api/') ? '' : api) + path, Object.assign({ credentials: 'same-origin', headers: languageHeaders({ 'Accept': 'application/json' }) }, options));
    if (response.status === 401) {
      window.location = '/console/login.html';
      throw new Error('logged out');
    }
    const body = response.headers.get('Content-Type') && response.headers.get('Content-Type').includes('json') ? await response.json() : null;
    if (!response.ok) {
      const error = new Error(body && body.detail ? body.detail : t('error.status', response.status));
      error.status = response.status;
      throw error;
    }
    return body;
  }

  // the hub's answers in the console's language
  function languageHeaders(headers) {
    if (window.consoleTexts.language()) headers['Accept-Language'] = window.consoleTexts.language();
    return headers;
  }

  function post(path, body) {
    return call(path, { method: 'POST', headers: languageHeaders({ 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-XSRF-TOKEN': csrfToken() }),
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
    return instant ? new Date(instant).toLocaleString(window.consoleTexts.language() || undefined) : '';
  }

  // ------------------------------------------------------------ overview

  // Every text the overview writes, from the console's catalogue (i18n/messages_<language>, console.overview.*).
  const overviewTexts = {
    all: () => t('overview.all'),
    hub: () => t('overview.hub'),
    chartSummary: (hours, accepted, rejected, deadLettered) => t('overview.chart.summary', hours, accepted, rejected, deadLettered),
    chartOf: (partner, channel) => partner && channel ? t('overview.chart.of-over', partner, channel)
      : partner ? t('overview.chart.of', partner) : channel ? t('overview.chart.over', channel) : t('overview.chart'),
    bar: (from, to, count, outcome) => from + '–' + to + ': ' + count + ' ' + outcome,
    outcomes: { accepted: () => t('overview.outcome.accepted'), rejected: () => t('overview.outcome.rejected'),
      'dead-lettered': () => t('overview.outcome.dead-lettered') },
    attention: { stopped: () => t('overview.attention.stopped'), suspended: () => t('overview.attention.suspended'),
      failing: () => t('overview.attention.failing') },
    unusual: count => t('overview.unusual-count', count),
    oldest: age => t('overview.oldest', age),
    deadLettersWaiting: count => count === 1 ? t('overview.dead-letters.one') : t('overview.dead-letters.many'),
    unusualRoutes: count => count === 1 ? t('overview.unusual.one') : t('overview.unusual.many'),
    messagesWaiting: count => count === 1 ? t('overview.waiting.one') : t('overview.waiting.many'),
    failures: (failures, count) => t('overview.failures', failures, count),
    noDocuments: () => t('overview.none'),
    forOperators: () => t('overview.for-operators'),
    unknown: '?',
    age: seconds => seconds < 90 ? seconds.toFixed(0) + ' s' : seconds < 5400 ? (seconds / 60).toFixed(0) + ' min'
      : (seconds / 3600).toFixed(1) + ' h',
  };
  const OUTCOMES = [['accepted', 'accepted'], ['rejected', 'rejected'], ['dead-lettered', 'deadLettered']];
  const SVG = 'http://www.w3.org/2000/svg';
  let overviewData = null;

  async function loadOverview() {
    try {
      overviewData = await call('/overview');
    } catch (error) {
      if (error.status !== 403) throw error;
      document.getElementById('overview-chart').textContent = overviewTexts.forOperators();
      return;
    }
    const waiting = overviewData.deadLetters.waiting;
    document.getElementById('overview-dead-letter-count').textContent = waiting < 0 ? overviewTexts.unknown : String(waiting);
    document.getElementById('overview-dead-letter-label').textContent = overviewTexts.deadLettersWaiting(waiting);
    document.getElementById('overview-dead-letter-age').textContent = waiting > 0
      ? overviewTexts.oldest(overviewTexts.age(overviewData.deadLetters.oldestAgeSeconds)) : '';
    document.getElementById('overview-dead-letters').classList.toggle('alarm', waiting > 0);
    const unusual = overviewData.routeGroups.reduce((sum, group) => sum + group.unusual, 0);
    document.getElementById('overview-unusual-count').textContent = String(unusual);
    document.getElementById('overview-unusual-label').textContent = overviewTexts.unusualRoutes(unusual);
    document.getElementById('overview-unusual-count').parentElement.classList.toggle('alarm', unusual > 0);
    const messages = overviewData.queues.reduce((sum, queue) => sum + Math.max(0, queue.depth), 0);
    document.getElementById('overview-waiting-count').textContent = String(messages);
    document.getElementById('overview-waiting-label').textContent = overviewTexts.messagesWaiting(messages);
    fillChoices();
    drawDocuments();
    fillSplit();
    fill('overview-queues', overviewData.queues, queue => {
      const tr = document.createElement('tr');
      tr.dataset.queue = queue.name;
      if (queue.depth > 0) tr.className = 'waiting';
      tr.append(cell(queue.name), cell(queue.depth < 0 ? overviewTexts.unknown : queue.depth, 'number depth'),
        cell(queue.depth > 0 ? overviewTexts.age(queue.oldestAgeSeconds) : '', 'number age'), cell(queue.consumers, 'number'));
      return tr;
    });
    fillRouteGroups();
  }

  function groupName(partner, channel) {
    return partner ? partner + ' · ' + channel : overviewTexts.hub();
  }

  // The partners and channels to choose from (any the hub knows, and any in the trail); a choice made is kept.
  function fillChoices() {
    const partners = new Set(overviewData.partners.concat(overviewData.documents.map(row => row.partner).filter(Boolean)));
    const channels = new Set(overviewData.channels.concat(overviewData.documents.map(row => row.channel).filter(Boolean)));
    [['overview-partner', partners], ['overview-channel', channels]].forEach(([id, values]) => {
      const select = document.getElementById(id);
      const wanted = [''].concat(Array.from(values).sort());
      const present = Array.from(select.options).map(option => option.value);
      if (wanted.join('\n') === present.join('\n')) {
        select.options[0].textContent = overviewTexts.all();
        return;
      }
      const kept = select.value;
      select.replaceChildren(...wanted.map(value => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = value || overviewTexts.all();
        return option;
      }));
      select.value = wanted.includes(kept) ? kept : '';
    });
  }

  function chosen() {
    return { partner: document.getElementById('overview-partner').value, channel: document.getElementById('overview-channel').value };
  }

  // Per hour, the documents of the chosen partner and channel (all when none is chosen), by outcome.
  function perHour() {
    const { partner, channel } = chosen();
    const hours = overviewData.hours.map(hour => ({ hour: hour, accepted: 0, rejected: 0, deadLettered: 0 }));
    const index = new Map(overviewData.hours.map((hour, i) => [new Date(hour).getTime(), i]));
    overviewData.documents.forEach(row => {
      if ((partner && row.partner !== partner) || (channel && row.channel !== channel)) return;
      const slot = hours[index.get(new Date(row.hour).getTime())];
      if (!slot) return;
      OUTCOMES.forEach(([, field]) => { slot[field] += row[field]; });
    });
    return hours;
  }

  function clock(instant) {
    return new Date(instant).toLocaleTimeString(window.consoleTexts.language() || [], { hour: '2-digit', minute: '2-digit' });
  }

  function svg(name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    Object.entries(attributes || {}).forEach(([key, value]) => element.setAttribute(key, String(value)));
    if (text !== undefined) element.textContent = text;
    return element;
  }

  // A grouped bar chart drawn as SVG: per hour a bar for each outcome, side by side (they may overlap: not stacked).
  function drawDocuments() {
    const hours = perHour();
    const { partner, channel } = chosen();
    const totals = OUTCOMES.map(([, field]) => hours.reduce((sum, hour) => sum + hour[field], 0));
    const width = 960, height = 200, left = 40, bottom = 24, top = 10;
    const plot = height - bottom - top;
    const highest = Math.max(1, ...hours.map(hour => Math.max(hour.accepted, hour.rejected, hour.deadLettered)));
    const step = niceStep(highest);
    const ceiling = Math.ceil(highest / step) * step;
    const slot = (width - left) / hours.length;
    const barWidth = slot / (OUTCOMES.length + 1);
    document.getElementById('overview-chart-heading').textContent = overviewTexts.chartOf(partner, channel);
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': 'overview-chart-title overview-chart-desc',
      preserveAspectRatio: 'xMidYMid meet' });
    chart.append(svg('title', { id: 'overview-chart-title' }, overviewTexts.chartOf(partner, channel)),
      svg('desc', { id: 'overview-chart-desc' }, overviewTexts.chartSummary(hours.length, totals[0], totals[1], totals[2])));
    for (let value = 0; value <= ceiling; value += step) {
      const y = top + plot - (value / ceiling) * plot;
      chart.append(svg('line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }),
        svg('text', { x: left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' }, String(value)));
    }
    hours.forEach((hour, i) => {
      const x = left + i * slot;
      if (i % 3 === 0) chart.append(svg('text', { x: x + slot / 2, y: height - 6, class: 'axis', 'text-anchor': 'middle' }, clock(hour.hour)));
      const until = new Date(new Date(hour.hour).getTime() + 3600 * 1000);
      OUTCOMES.forEach(([outcome, field], n) => {
        const count = hour[field];
        if (!count) return;
        const barHeight = Math.max(1, (count / ceiling) * plot);
        const bar = svg('rect', { x: x + barWidth / 2 + n * barWidth, y: top + plot - barHeight, width: barWidth, height: barHeight,
          class: 'bar bar-' + outcome, 'data-hour': hour.hour, 'data-outcome': outcome, 'data-count': count });
        bar.append(svg('title', {}, overviewTexts.bar(clock(hour.hour), clock(until), count, overviewTexts.outcomes[outcome]())));
        chart.append(bar);
      });
    });
    const holder = document.getElementById('overview-chart');
    holder.replaceChildren(chart);
    if (!totals.some(Boolean)) {
      const none = document.createElement('p');
      none.className = 'muted';
      none.textContent = overviewTexts.noDocuments();
      holder.append(none);
    }
    fill('overview-hours', hours.slice().reverse(), hour => {
      const tr = document.createElement('tr');
      tr.dataset.hour = hour.hour;
      tr.append(cell(clock(hour.hour)), ...OUTCOMES.map(([outcome, field]) => cell(hour[field], 'number ' + outcome)));
      return tr;
    });
  }

  // 1, 2 or 5 times a power of ten: about four grid lines
  function niceStep(highest) {
    const rough = highest / 4;
    const power = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1))));
    return [1, 2, 5, 10].map(factor => factor * power).find(candidate => candidate >= rough) || power * 10;
  }

  // Totals per partner and channel: the dead-lettered and rejected first; a row chooses them for the chart.
  function fillSplit() {
    const totals = new Map();
    overviewData.documents.forEach(row => {
      const key = (row.partner || '') + '\n' + (row.channel || '');
      const total = totals.get(key) || { partner: row.partner, channel: row.channel, accepted: 0, rejected: 0, deadLettered: 0 };
      OUTCOMES.forEach(([, field]) => { total[field] += row[field]; });
      totals.set(key, total);
    });
    const rows = Array.from(totals.values()).sort((a, b) => b.deadLettered - a.deadLettered || b.rejected - a.rejected
      || String(a.partner).localeCompare(String(b.partner)) || String(a.channel).localeCompare(String(b.channel)));
    fill('overview-split', rows, total => {
      const tr = document.createElement('tr');
      tr.className = 'selectable';
      tr.dataset.partner = total.partner || '';
      tr.dataset.channel = total.channel || '';
      tr.append(cell(total.partner), cell(total.channel), ...OUTCOMES.map(([outcome, field]) => cell(total[field], 'number ' + outcome)));
      tr.onclick = () => {
        document.getElementById('overview-partner').value = total.partner || '';
        document.getElementById('overview-channel').value = total.channel || '';
        drawDocuments();
      };
      return tr;
    });
  }

  // A tile per group (a partner's channel, or the hub's own routes), as the hub ordered them: the unusual first.
  function fillRouteGroups() {
    document.getElementById('overview-routes').replaceChildren(...overviewData.routeGroups.map(group => {
      const tile = document.createElement('section');
      tile.className = 'route-group' + (group.unusual ? ' unusual' : '') + (group.partner ? '' : ' hub');
      tile.dataset.group = group.partner ? group.partner + '/' + group.channel : 'hub';
      const title = document.createElement('h4');
      title.textContent = groupName(group.partner, group.channel) + (group.unusual ? ' · ' + overviewTexts.unusual(group.unusual) : '');
      const list = document.createElement('ul');
      list.append(...group.routes.map(route => {
        const item = document.createElement('li');
        item.dataset.route = route.id;
        if (route.attention) item.className = 'attention attention-' + route.attention;
        item.title = route.description || '';
        const name = document.createElement('span');
        name.className = 'route-id';
        name.textContent = route.id;
        const state = document.createElement('span');
        state.className = 'state state-' + route.state;
        state.textContent = route.state;
        item.append(name, ' ', state);
        const why = route.suspension ? route.suspension.reason + ' (' + route.suspension.by + ')'
          : route.attention === 'failing' ? overviewTexts.failures(route.lastHour.failures, route.lastHour.count) : '';
        if (route.attention) {
          const note = document.createElement('span');
          note.className = 'why';
          note.textContent = overviewTexts.attention[route.attention]() + (why ? ': ' + why : '');
          item.append(note);
        }
        return item;
      }));
      tile.append(title, list);
      return tile;
    }));
  }

  ['overview-partner', 'overview-channel'].forEach(id => {
    document.getElementById(id).onchange = () => { if (overviewData) drawDocuments(); };
  });
  document.getElementById('overview-dead-letters').onclick = () => show('dead-letters');

  // ------------------------------------------------------------ routes

  async function loadRoutes() {
    const routes = await call('/routes');
    // a reason being typed survives the table's redrawing every few seconds (and keeps the focus)
    const typed = new Map(Array.from(document.querySelectorAll('#routes-table input.reason'))
      .map(input => [input.closest('tr').dataset.route, { value: input.value, focused: input === document.activeElement }]));
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
        resume.textContent = t('routes.resume');
        resume.onclick = () => act(() => post('/routes/' + encodeURIComponent(route.id) + '/resume'), t('routes.resumed', route.id));
        actions.append(why, resume);
      } else {
        const reason = document.createElement('input');
        reason.className = 'reason';
        reason.placeholder = t('routes.reason');
        const before = typed.get(route.id);
        if (before) {
          reason.value = before.value;
          if (before.focused) setTimeout(() => reason.focus());
        }
        const suspend = document.createElement('button');
        suspend.className = 'suspend';
        suspend.textContent = t('routes.suspend');
        suspend.onclick = () => {
          if (!reason.value.trim()) { say(t('routes.why')); return; }
          act(() => post('/routes/' + encodeURIComponent(route.id) + '/suspend', { reason: reason.value }), t('routes.suspended', route.id));
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
    if (!ids.length) { say(t('dead-letters.select-replay')); return; }
    act(() => post('/dead-letters/replay', { messageIds: ids }), t('dead-letters.replayed', ids.length));
  };

  document.getElementById('discard-selected').onclick = () => {
    const ids = selectedLetters();
    const reason = document.getElementById('discard-reason').value.trim();
    if (!ids.length) { say(t('dead-letters.select-discard')); return; }
    if (!reason) { say(t('dead-letters.needs-reason')); return; }
    act(() => post('/dead-letters/discard', { messageIds: ids, reason: reason }), t('dead-letters.discarded', ids.length));
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
      say(found.length ? '' : t('documents.none'));
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

  // ------------------------------------------------------------ access requests (privacy officer)

  document.getElementById('access-request-form').onsubmit = async event => {
    event.preventDefault();
    const query = new URLSearchParams();
    const value = id => document.getElementById(id).value.trim();
    if (value('access-partner') && value('access-document-id')) {
      query.set('partner', value('access-partner'));
      query.set('documentId', value('access-document-id'));
    } else {
      query.set('name', value('access-name'));
      query.set('birthYear', value('access-birth-year'));
    }
    try {
      showAccessAnswer(await call('/api/v1/privacy/access-requests?' + query));
      say('');
    } catch (error) {
      say(error.message);
    }
  };

  document.getElementById('access-print').onclick = () => window.print();

  function showAccessAnswer(answer) {
    document.getElementById('access-answer').hidden = false;
    document.getElementById('access-answered-at').textContent = when(answer.answeredAt);
    document.getElementById('access-answered-by').textContent = answer.answeredBy;
    document.getElementById('access-person').textContent = answer.person;
    fill('access-documents', answer.documents, held => {
      const tr = document.createElement('tr');
      tr.dataset.tracking = held.trackingId;
      const steps = held.referralStatus ? held.referralStatus.history.length : 0;
      const status = held.referralStatus ? held.referralStatus.status + ' (' + (steps === 1 ? t('access.step', steps) : t('access.steps', steps)) + ')' : '';
      const where = (held.held.length ? held.held.join(', ') : t('access.no-copy')) + (held.attachmentSha256
        ? (held.attachmentHeld ? '' : t('access.no-pdf')) : '');
      tr.append(cell(when(held.receivedAt)), cell(held.trackingId), cell(held.type), cell(held.partner), cell(held.documentId),
        cell(held.receivers), cell(status), cell(where));
      return tr;
    });
    fill('access-disclosures', answer.disclosures, entry => {
      const tr = document.createElement('tr');
      tr.dataset.kind = entry.kind;
      tr.append(cell(when(entry.at)), cell(entry.kind), cell(entry.principal || t('access.the-hub')), cell(entry.channel), cell(entry.trackingId),
        cell(entry.type), cell(entry.parts), cell(entry.purpose));
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

  let current = 'overview';
  const loaders = { 'overview': loadOverview, 'routes': loadRoutes, 'queues': loadQueues, 'dead-letters': loadDeadLetters, 'documents': async () => {}, 'access-requests': async () => {} };

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
  let instance = null;
  function showInstance() {
    if (instance !== null) document.getElementById('instance').textContent = t('instance', instance);
  }
  // the texts first (in the language chosen before, else the browser's); another language chosen: everything again
  window.consoleTexts.start(() => { showInstance(); refresh(); }).finally(() => {
    call('/instance').then(body => { instance = body.instance; showInstance(); }).catch(error => say(error.message));
    show('overview');
  });
  setInterval(() => { if (current !== 'documents' && current !== 'access-requests') refresh(); }, 3000);
})();
