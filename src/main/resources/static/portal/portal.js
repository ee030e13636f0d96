// The partner portal: small, no build step. Forms are generated from the hub's JSON Schemas (a field added to a
// schema shows up here without other code); documents go through the hub's own intake (/portal/api/documents is
// the controller of POST /api/v1/documents), so the hub's checks and error texts apply.
(function () {
  'use strict';

  const api = '/portal/api';
  // envelope fields the portal fills itself (a "const" in a schema is filled too)
  const AUTOMATIC = ['type', 'partner', 'createdAt'];
  const status = document.getElementById('status');
  const form = document.getElementById('document-form');
  const typeSelect = document.getElementById('doc-type');
  let texts = {};
  let language = localStorage.getItem('portal-language') || '';
  let me = null;
  let current = null; // the form on show: { type, fields, attachment }

  // ------------------------------------------------------------ basics

  function t(key, fallback) {
    return Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : (fallback === undefined ? key : fallback);
  }

  function csrfToken() {
    const found = document.cookie.split(';').map(part => part.trim()).find(part => part.startsWith('XSRF-TOKEN='));
    return found ? decodeURIComponent(found.substring('XSRF-TOKEN='.length)) : '';
  }

  async function call(path, options) {
    const settings = Object.assign({ method: 'GET' }, options || {});
    settings.credentials = 'same-origin';
    settings.headers = Object.assign({ 'Accept': 'application/json', 'Accept-Language': language || 'nl' }, settings.headers || {});
    if (settings.method !== 'GET') {
      settings.headers['X-XSRF-TOKEN'] = csrfToken();
    }
    const response = await fetch(path, settings);
    if (response.status === 401) {
      window.location = '/portal/login.html';
      throw new Error('logged out');
    }
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json() : null;
    return { status: response.status, ok: response.ok, body: body };
  }

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }

  function say(text) {
    status.textContent = text || '';
    status.hidden = !text;
  }

  function when(instant) {
    return instant ? new Date(instant).toLocaleString(language || undefined) : '';
  }

  function row(cells) {
    const tr = el('tr');
    cells.forEach(cell => tr.append(cell instanceof Node ? wrapCell(cell) : el('td', null, cell)));
    return tr;
  }

  function wrapCell(node) {
    const td = el('td');
    td.append(node);
    return td;
  }

  function newDocumentId(type) {
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').substring(0, 14);
    const random = Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0');
    return me.id + '-' + type + '-' + stamp + '-' + random;
  }

  function now() {
    const date = new Date();
    const offset = -date.getTimezoneOffset();
    const pad = number => String(Math.floor(Math.abs(number))).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' + pad(date.getHours()) + ':'
      + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + (offset >= 0 ? '+' : '-') + pad(offset / 60) + ':' + pad(offset % 60);
  }

  // ------------------------------------------------------------ languages

  async function loadTexts(wanted) {
    const answer = await call(api + '/texts' + (wanted ? '?lang=' + encodeURIComponent(wanted) : ''));
    texts = answer.body.texts;
    language = answer.body.language;
    document.documentElement.lang = language;
    document.getElementById('language').value = language;
    document.querySelectorAll('[data-text]').forEach(element => { element.textContent = t(element.dataset.text); });
    document.title = t('title');
  }

  document.getElementById('language').addEventListener('change', async event => {
    localStorage.setItem('portal-language', event.target.value);
    await loadTexts(event.target.value);
    await showAll();
  });

  document.querySelector('form.logout').addEventListener('submit', event => {
    event.currentTarget.querySelector('input[name="_csrf"]').value = csrfToken();
  });

  // ------------------------------------------------------------ schemas

  // Every resource of a bundled schema by its $id, so that "urn:...:common#/$defs/date" and "#/$defs/x" resolve.
  function index(schema) {
    const ids = {};
    (function walk(node) {
      if (node && typeof node === 'object') {
        if (typeof node.$id === 'string') ids[node.$id] = node;
        Object.keys(node).forEach(key => walk(node[key]));
      }
    })(schema);
    return ids;
  }

  function resolve(schema, base, ids) {
    let node = schema;
    let guard = 0;
    while (node && node.$ref && guard++ < 20) {
      const ref = node.$ref;
      const hash = ref.indexOf('#');
      const resource = hash === 0 ? base : (hash < 0 ? ref : ref.substring(0, hash));
      let target = ids[resource];
      (hash < 0 ? '' : ref.substring(hash + 1)).split('/').slice(1).forEach(part => {
        target = target ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
      });
      const siblings = Object.assign({}, node);
      delete siblings.$ref;
      node = Object.assign({}, target || {}, siblings);
      base = resource;
    }
    return { node: node || {}, base: node && node.$id ? node.$id : base };
  }

  function humanize(name) {
    const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
    return words.charAt(0).toUpperCase() + words.substring(1);
  }

  // ------------------------------------------------------------ generated fields
  // Each field: { element, value() } where value() is the JSON value or undefined (left out).

  function build(schema, base, ids, name, path, pointer, required) {
    const resolved = resolve(schema, base, ids);
    const node = resolved.node;
    if (node.const !== undefined) {
      return { value: () => node.const };
    }
    const key = path.join('.');
    const id = 'input-' + path.join('-');
    const wrap = el('div', 'field');
    wrap.id = 'field-' + path.join('-');
    wrap.dataset.pointer = pointer;
    const labelText = t('field.' + key, node.title || humanize(name)) + (required ? ' *' : '');
    const hintText = t('hint.' + key, language === 'en' ? (node.description || '') : '');
    const error = el('p', 'field-error');
    error.id = id + '-error';
    error.hidden = true;

    if (node.type === 'object' && node.properties && node.properties.fileName && node.properties.sha256) {
      return attachmentField(node, resolved.base, ids, path, pointer, required, labelText, id, error);
    }
    if (node.type === 'object' && node.properties) {
      const fieldset = group('group', wrap.id, pointer, labelText, hintText, error);
      const children = objectFields(node, resolved.base, ids, path, pointer, fieldset);
      return { element: fieldset, value: () => objectValue(children, required) };
    }
    if (node.type === 'array' && node.items) {
      const items = resolve(node.items, resolved.base, ids);
      if (items.node.type === 'object') {
        return repeated(node, items, ids, path, pointer, required, labelText, hintText, error, wrap);
      }
      return lines(node, items.node, id, wrap, labelText, hintText, t('form.onePerLine'), error, required);
    }

    let input;
    let read;
    if (pointer === '/municipality' && me) {
      input = el('select');
      input.append(el('option', null, t('form.choose')));
      input.firstChild.value = '';
      me.municipalities.forEach(place => {
        const option = el('option', null, place.name + ' (' + place.nis + ')');
        option.value = place.nis;
        input.append(option);
      });
      read = () => input.value || undefined;
    } else if (Array.isArray(node.enum)) {
      input = el('select');
      input.append(el('option', null, t('form.choose')));
      input.firstChild.value = '';
      node.enum.forEach(value => {
        const option = el('option', null, t('enum.' + value, String(value)));
        option.value = String(value);
        input.append(option);
      });
      read = () => input.value === '' ? undefined : node.enum.find(value => String(value) === input.value);
    } else if (node.type === 'boolean') {
      input = el('input');
      input.type = 'checkbox';
      read = () => input.checked ? true : (required ? false : undefined);
      wrap.classList.add('check');
    } else if (node.type === 'integer' || node.type === 'number') {
      input = el('input');
      input.type = 'number';
      input.inputMode = 'numeric';
      read = () => input.value === '' ? undefined : (isNaN(Number(input.value)) ? input.value : Number(input.value));
    } else {
      const long = (node.maxLength || 0) > 500 && !node.pattern;
      input = el(long ? 'textarea' : 'input');
      if (!long) {
        input.type = node.format === 'date' ? 'date' : (node.format === 'email' ? 'email' : 'text');
      }
      if (schema.$ref && /\/partnerId$/.test(schema.$ref)) {
        input.setAttribute('list', 'partners-list');
      }
      if (name === 'documentId' && pointer === '/documentId') {
        input.value = newDocumentId(current.type);
      }
      read = () => input.value.trim() === '' ? undefined : input.value.trim();
    }
    input.id = id;
    input.name = key;
    if (required) input.setAttribute('aria-required', 'true');
    const label = el('label', null, labelText);
    label.htmlFor = id;
    describe(input, hintText, wrap, id, error);
    if (node.type === 'boolean') {
      wrap.append(input, label);
    } else {
      wrap.append(label, input);
    }
    if (hintText) wrap.append(hintById(id, hintText));
    wrap.append(error);
    return { element: wrap, value: read };
  }

  // A box of fields: a fieldset with its legend, its hint and the place for the hub's errors about it as a whole.
  function group(className, id, pointer, labelText, hintText, error) {
    const fieldset = el('fieldset', className);
    fieldset.id = id;
    fieldset.dataset.pointer = pointer;
    fieldset.append(el('legend', null, labelText));
    if (hintText) fieldset.append(el('p', 'hint', hintText));
    fieldset.append(error);
    return fieldset;
  }

  function hintById(id, text) {
    const hint = el('p', 'hint', text);
    hint.id = id + '-hint';
    return hint;
  }

  function describe(input, hintText, wrap, id, error) {
    input.setAttribute('aria-describedby', (hintText ? id + '-hint ' : '') + error.id);
  }

  function objectFields(node, base, ids, path, pointer, container) {
    const required = node.required || [];
    const children = {};
    Object.keys(node.properties).forEach(name => {
      const child = build(node.properties[name], base, ids, name, path.concat(name), pointer + '/' + name, required.includes(name));
      children[name] = child;
      if (child.element) container.append(child.element);
    });
    return children;
  }

  function objectValue(children, required) {
    const value = {};
    let any = false; // a fixed value (a const) alone does not make an optional object worth sending
    Object.keys(children).forEach(name => {
      const child = children[name].value();
      if (child !== undefined) {
        value[name] = child;
        if (children[name].element) any = true;
      }
    });
    return any || required ? value : undefined;
  }

  function lines(node, items, id, wrap, labelText, hintText, perLine, error, required) {
    const input = el('textarea');
    input.id = id;
    input.rows = 3;
    if (required) input.setAttribute('aria-required', 'true');
    const label = el('label', null, labelText);
    label.htmlFor = id;
    const hint = (hintText ? hintText + ' ' : '') + perLine;
    describe(input, hint, wrap, id, error);
    wrap.append(label, input, hintById(id, hint), error);
    const numeric = items.type === 'integer' || items.type === 'number';
    return {
      element: wrap,
      value: () => {
        const values = input.value.split('\n').map(line => line.trim()).filter(line => line !== '')
          .map(line => numeric && !isNaN(Number(line)) ? Number(line) : line);
        return values.length || required ? values : undefined;
      }
    };
  }

  function repeated(node, items, ids, path, pointer, required, labelText, hintText, error, wrap) {
    const fieldset = group('group repeated', wrap.id, pointer, labelText, hintText, error);
    const list = el('div', 'items');
    const add = el('button', 'add', t('form.add'));
    add.type = 'button';
    fieldset.append(list, add);
    const entries = [];
    function renumber() {
      entries.forEach((entry, index) => {
        entry.box.dataset.pointer = pointer + '/' + index;
        entry.legend.textContent = labelText.replace(/ \*$/, '') + ' ' + (index + 1);
      });
    }
    function addItem() {
      const index = entries.length;
      const box = el('fieldset', 'group item');
      const legend = el('legend');
      box.append(legend);
      const children = objectFields(items.node, items.base, ids, path, pointer + '/' + index, box);
      // ids stay unique per item
      box.querySelectorAll('[id]').forEach(element => { element.id = element.id + '-' + index; });
      box.querySelectorAll('label[for]').forEach(label => { label.htmlFor = label.htmlFor + '-' + index; });
      box.querySelectorAll('[aria-describedby]').forEach(input => {
        input.setAttribute('aria-describedby', input.getAttribute('aria-describedby').split(' ').map(ref => ref + '-' + index).join(' '));
      });
      const remove = el('button', 'remove', t('form.remove'));
      remove.type = 'button';
      const entry = { box: box, legend: legend, children: children };
      remove.addEventListener('click', () => {
        entries.splice(entries.indexOf(entry), 1);
        box.remove();
        renumber();
      });
      box.append(remove);
      entries.push(entry);
      list.append(box);
      renumber();
    }
    add.addEventListener('click', addItem);
    for (let i = 0; i < Math.max(node.minItems || 0, required ? 1 : 0); i++) addItem();
    return {
      element: fieldset,
      value: () => {
        const values = entries.map(entry => objectValue(entry.children, true)).filter(value => Object.keys(value).length);
        return values.length || required ? values : undefined;
      }
    };
  }

  // The PDF of a document (an object with fileName and sha256): a file input; the portal states its name and
  // SHA-256 and sends the file beside the JSON, as multipart, the hub checking both.
  function attachmentField(node, base, ids, path, pointer, required, labelText, id, error) {
    const fieldset = group('group', 'field-' + path.join('-'), pointer, labelText, '', error);
    const fileWrap = el('div', 'field');
    fileWrap.dataset.pointer = pointer + '/sha256';
    const input = el('input');
    input.type = 'file';
    input.accept = 'application/pdf,.pdf';
    input.id = id;
    const label = el('label', null, t('form.pdf'));
    label.htmlFor = id;
    const fileError = el('p', 'field-error');
    fileError.id = id + '-error';
    fileError.hidden = true;
    input.setAttribute('aria-describedby', fileError.id);
    fileWrap.append(label, input, fileError);
    fieldset.append(fileWrap);
    const rest = Object.assign({}, node, { properties: Object.assign({}, node.properties) });
    delete rest.properties.fileName;
    delete rest.properties.sha256;
    const children = objectFields(rest, base, ids, path, pointer, fieldset);
    let stated = null;
    input.addEventListener('change', async () => {
      stated = null;
      current.attachment = null;
      const file = input.files[0];
      if (!file) return;
      if (!window.crypto || !window.crypto.subtle) {
        say(t('form.pdfNeedsHttps'));
        return;
      }
      const digest = await window.crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      stated = { fileName: file.name, sha256: Array.from(new Uint8Array(digest)).map(b => b.toString(16).padStart(2, '0')).join('') };
      current.attachment = file;
    });
    return {
      element: fieldset,
      value: () => {
        const others = objectValue(children, false);
        if (!stated) return others === undefined ? undefined : Object.assign({}, others);
        return Object.assign({}, stated, others || {});
      }
    };
  }

  // ------------------------------------------------------------ sending

  async function showForm(type) {
    const answer = await call(api + '/schemas/' + encodeURIComponent(type));
    form.hidden = false;
    const fields = document.getElementById('fields');
    fields.replaceChildren();
    clearErrors(form);
    current = { type: type, attachment: null, fields: {} };
    if (!answer.ok) {
      say(t('form.noSchema'));
      return;
    }
    const schema = answer.body;
    const ids = index(schema);
    const envelope = resolve({ $ref: 'urn:rand-hub:schema:envelope' }, schema.$id, ids).node;
    const properties = Object.assign({}, envelope.properties, schema.properties || {});
    const required = envelope.required || [];
    Object.keys(properties).forEach(name => {
      if (AUTOMATIC.includes(name)) return;
      const base = Object.prototype.hasOwnProperty.call(schema.properties || {}, name) ? schema.$id : 'urn:rand-hub:schema:envelope';
      const field = name === 'payload'
        ? payloadFields(properties.payload, base, ids, fields)
        : build(properties[name], base, ids, name, [name], '/' + name, required.includes(name));
      current.fields[name] = field;
      if (field.element) fields.append(field.element);
    });
  }

  // The payload's fields are shown at the top level of the form, without a box around them.
  function payloadFields(schema, base, ids, container) {
    const resolved = resolve(schema, base, ids);
    const box = el('div', 'payload');
    box.dataset.pointer = '/payload';
    const error = el('p', 'field-error');
    error.hidden = true;
    box.append(error);
    const children = objectFields(resolved.node, resolved.base, ids, ['payload'], '/payload', box);
    container.append(box);
    return { value: () => objectValue(children, true) };
  }

  function documentOf(type, envelopeFields, payload) {
    const doc = { schemaVersion: 1, documentId: newDocumentId(type), type: type, partner: me.id, createdAt: now() };
    return Object.assign(doc, envelopeFields, payload === undefined ? {} : { payload: payload });
  }

  async function send(doc, attachment) {
    let options;
    if (attachment) {
      const data = new FormData();
      data.append('document', new Blob([JSON.stringify(doc)], { type: 'application/json' }), 'document.json');
      data.append('attachment', attachment, attachment.name);
      options = { method: 'POST', body: data };
    } else {
      options = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) };
    }
    return call(api + '/documents', options);
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const values = {};
    Object.keys(current.fields).forEach(name => {
      const value = current.fields[name].value();
      if (value !== undefined) values[name] = value;
    });
    const payload = values.payload;
    delete values.payload;
    const doc = documentOf(current.type, values, payload);
    const button = document.getElementById('send-button');
    button.disabled = true;
    try {
      const answer = await send(doc, current.attachment);
      showReceipt(answer);
      if (answer.ok) {
        await showForm(current.type);
      } else {
        showErrors(form, answer.body && answer.body.errors ? answer.body.errors : [{ pointer: '', message: answer.body ? answer.body.detail : String(answer.status) }]);
      }
      await Promise.all([showDocuments(), showReferrals(), showInbox(false)]);
    } catch (failure) {
      say(t('error.network') + ' ' + failure.message);
    } finally {
      button.disabled = false;
    }
  });

  function showReceipt(answer) {
    const receipt = document.getElementById('receipt');
    const body = answer.body || {};
    const outcome = body.outcome || body.status;
    receipt.hidden = false;
    receipt.className = answer.ok ? 'receipt accepted' : 'receipt refused';
    document.getElementById('receipt-outcome').textContent = t('outcome.' + outcome, String(outcome));
    document.getElementById('receipt-tracking-id').textContent = body.trackingId || '';
    document.getElementById('receipt-document-id').textContent = body.documentId || '';
    document.getElementById('receipt-message').textContent = body.message || body.detail || '';
  }

  function clearErrors(scope) {
    scope.querySelectorAll('.field-error').forEach(error => { error.replaceChildren(); error.hidden = true; });
    scope.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
    const summary = scope.querySelector('.form-errors');
    if (summary) {
      summary.replaceChildren();
      summary.hidden = true;
    }
  }

  // Each of the hub's errors beside the field its JSON pointer names (or the nearest enclosing one); what names
  // no field of the form goes into the form's own list.
  function showErrors(scope, errors) {
    clearErrors(scope);
    const places = Array.from(scope.querySelectorAll('[data-pointer]'));
    const summary = scope.querySelector('.form-errors');
    summary.append(el('p', null, t('form.refused').replace('{0}', String(errors.length))));
    const unplaced = el('ul');
    let first = null;
    errors.forEach(error => {
      const pointer = error.pointer || '';
      let best = null;
      places.forEach(place => {
        const at = place.dataset.pointer;
        if (at !== '' && (pointer === at || pointer.startsWith(at + '/')) && (!best || at.length > best.dataset.pointer.length)) {
          best = place;
        }
      });
      const message = error.message || '';
      const target = best ? best.querySelector(':scope > .field-error') : null;
      if (!target) {
        unplaced.append(el('li', null, (pointer ? pointer + ': ' : '') + message));
        return;
      }
      target.append(el('span', null, message));
      target.hidden = false;
      const input = best.querySelector(':scope > input, :scope > select, :scope > textarea');
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        first = first || input;
      }
    });
    if (unplaced.children.length) summary.append(unplaced);
    summary.hidden = false;
    (first || summary).focus && (first || summary).focus();
  }

  // ------------------------------------------------------------ own documents and their trails

  async function showDocuments() {
    if (!me.sends.length) return;
    const answer = await call(api + '/documents');
    const body = document.querySelector('#documents-table tbody');
    body.replaceChildren(...(answer.body || []).map(doc => {
      const trail = el('button', 'show-trail', t('documents.trail'));
      trail.type = 'button';
      trail.setAttribute('aria-label', t('documents.trail') + ' ' + doc.documentId);
      trail.addEventListener('click', () => showTrail(doc.trackingId));
      const tr = row([when(doc.receivedAt), t('type.' + doc.type, doc.type), doc.documentId, t('state.' + doc.state, doc.state),
        el('code', null, doc.trackingId), trail]);
      tr.dataset.tracking = doc.trackingId;
      return tr;
    }));
    document.getElementById('documents-empty').hidden = (answer.body || []).length > 0;
  }

  async function showTrail(trackingId) {
    const answer = await call(api + '/documents/' + encodeURIComponent(trackingId));
    const box = document.getElementById('trail');
    box.hidden = false;
    if (!answer.ok) {
      document.getElementById('trail-state').textContent = answer.body ? answer.body.detail : '';
      return;
    }
    const doc = answer.body;
    document.getElementById('trail-id').textContent = doc.trackingId;
    document.getElementById('trail-state').textContent = t('state.' + doc.state, doc.state);
    document.querySelector('#trail-deliveries tbody').replaceChildren(...(doc.deliveries || []).map(delivery =>
      row([delivery.receiver, t('state.' + delivery.state, delivery.state), when(delivery.at)])));
    document.querySelector('#trail-table tbody').replaceChildren(...(doc.trail || []).map(step =>
      row([when(step.at), t('event.' + step.event, step.event), step.receiver || '', step.detail || ''])));
    box.focus();
  }

  // ------------------------------------------------------------ referrals

  async function showReferrals() {
    if (me.role !== 'partner') return;
    const answer = await call(api + '/referrals');
    const list = document.getElementById('referral-list');
    const referrals = answer.body || [];
    list.replaceChildren(...referrals.map(referralCard));
    document.getElementById('referrals-empty').hidden = referrals.length > 0;
  }

  function referralCard(referral) {
    const card = el('article', 'referral');
    card.dataset.referral = referral.referrer + '/' + referral.documentId;
    const mine = referral.referrer === me.id;
    card.append(el('h3', null, referral.activity.name + ' · ' + t('enum.' + referral.activity.category, referral.activity.category)));
    const facts = el('dl');
    [['referral.referrer', referral.referrer], ['referral.target', referral.target], ['referral.documentId', referral.documentId],
      ['referral.requestedAt', when(referral.requestedAt)]].forEach(([key, value]) => {
      facts.append(el('dt', null, t(key)), el('dd', null, value));
    });
    const statusLine = el('dd', 'referral-status', t('enum.' + referral.status, referral.status));
    facts.append(el('dt', null, t('referral.status')), statusLine);
    card.append(el('p', 'muted', mine ? t('referral.youReferred') : t('referral.referredToYou')), facts);

    const history = el('details', 'history');
    history.append(el('summary', null, t('referral.history')));
    const table = el('table');
    const head = el('thead');
    head.append(row([t('referral.when'), t('referral.status'), t('referral.setBy'), t('referral.reason')]));
    head.querySelectorAll('td').forEach(td => { const th = el('th', null, td.textContent); th.scope = 'col'; td.replaceWith(th); });
    const body = el('tbody');
    referral.history.forEach(change => body.append(row([when(change.at), t('enum.' + change.status, change.status), change.setBy,
      change.reasonCode ? t('reason.' + change.reasonCode, change.reasonCode) : ''])));
    table.append(head, body);
    const scroll = el('div', 'scroll');
    scroll.append(table);
    history.append(scroll);
    card.append(history);

    if (referral.allowedNext.length) {
      card.append(statusForm(referral));
    }
    return card;
  }

  // The status update: only the statuses the lifecycle allows this partner now (the hub says which).
  function statusForm(referral) {
    const key = (referral.referrer + '-' + referral.documentId).replace(/[^A-Za-z0-9_-]/g, '_');
    const update = el('form', 'status-form');
    update.noValidate = true;
    update.append(el('h4', null, t('referral.update')));
    const summary = el('div', 'form-errors');
    summary.setAttribute('role', 'alert');
    summary.tabIndex = -1;
    summary.hidden = true;
    update.append(summary);
    function labelled(control, name, labelKey, pointer) {
      const wrap = el('div', 'field');
      wrap.dataset.pointer = pointer;
      control.id = 'status-' + name + '-' + key;
      control.name = name;
      const label = el('label', null, t(labelKey));
      label.htmlFor = control.id;
      const error = el('p', 'field-error');
      error.id = control.id + '-error';
      error.hidden = true;
      control.setAttribute('aria-describedby', error.id);
      wrap.append(label, control, error);
      update.append(wrap);
      return control;
    }
    const next = labelled(el('select'), 'status', 'referral.newStatus', '/payload/status');
    referral.allowedNext.forEach(value => {
      const option = el('option', null, t('enum.' + value, value));
      option.value = value;
      next.append(option);
    });
    const reason = labelled(el('select'), 'reasonCode', 'referral.reason', '/payload/reasonCode');
    ['', 'no-capacity', 'not-eligible', 'person-unreachable', 'person-declined', 'moved', 'goal-reached', 'other'].forEach(value => {
      const option = el('option', null, value ? t('reason.' + value, value) : t('form.none'));
      option.value = value;
      reason.append(option);
    });
    const note = labelled(el('textarea'), 'note', 'referral.note', '/payload/note');
    note.rows = 2;
    const button = el('button', 'send-status', t('referral.send'));
    button.type = 'submit';
    update.append(button);
    update.addEventListener('submit', async event => {
      event.preventDefault();
      const payload = { referral: { partner: referral.referrer, documentId: referral.documentId }, status: next.value };
      if (reason.value) payload.reasonCode = reason.value;
      if (note.value.trim()) payload.note = note.value.trim();
      button.disabled = true;
      try {
        const answer = await send(documentOf('referral-status', { municipality: referral.municipality }, payload));
        showReceipt(answer);
        if (answer.ok) {
          say(t('referral.sent'));
          await Promise.all([showReferrals(), showDocuments()]);
        } else {
          showErrors(update, answer.body && answer.body.errors ? answer.body.errors : [{ pointer: '', message: String(answer.status) }]);
        }
      } finally {
        button.disabled = false;
      }
    });
    return update;
  }

  // ------------------------------------------------------------ inbox

  // What the hub delivered to this login (GET /api/v1/inbox), oldest first, a page at a time.
  let inboxNext = 0;

  async function showInbox(more) {
    const body = document.querySelector('#inbox-table tbody');
    if (!more) {
      inboxNext = 0;
      body.replaceChildren();
      document.getElementById('inbox-reader').hidden = true;
    }
    const answer = await call(api + '/inbox?limit=100&after=' + inboxNext);
    if (!answer.ok) {
      say(answer.body ? answer.body.detail : '');
      return;
    }
    inboxNext = answer.body.next;
    body.append(...answer.body.deliveries.map(inboxRow));
    document.getElementById('inbox-empty').hidden = body.children.length > 0;
    document.getElementById('inbox-more').hidden = !answer.body.more;
  }

  function inboxRow(delivery) {
    const content = delivery.content || {};
    const sender = content.delivery && content.delivery.sender ? content.delivery.sender : '';
    const documentId = content.document && content.document.documentId ? content.document.documentId : delivery.file;
    const actions = el('div', 'actions');
    if (delivery.removed) {
      actions.append(el('span', 'muted', t('inbox.removed')));
    } else if (delivery.content) {
      const text = JSON.stringify(delivery.content, null, 2);
      const read = el('button', 'read', t('inbox.read'));
      read.type = 'button';
      read.setAttribute('aria-label', t('inbox.read') + ' ' + documentId);
      read.addEventListener('click', () => {
        document.getElementById('inbox-content').textContent = text;
        const reader = document.getElementById('inbox-reader');
        reader.hidden = false;
        reader.focus();
      });
      const download = el('button', 'download', t('inbox.download'));
      download.type = 'button';
      download.setAttribute('aria-label', t('inbox.download') + ' ' + documentId);
      download.addEventListener('click', () => save(new Blob([text], { type: 'application/json' }), delivery.file.split('/').pop()));
      actions.append(read, download);
      if (delivery.attachment) {
        const pdf = el('a', 'pdf', t('inbox.attachment'));
        pdf.href = api + '/attachments/' + delivery.attachment;
        pdf.download = (delivery.trackingId || delivery.attachment) + '.pdf';
        pdf.setAttribute('aria-label', t('inbox.attachment') + ' ' + documentId);
        actions.append(pdf);
      }
    }
    const tr = row([when(delivery.deliveredAt), t('type.' + delivery.type, delivery.type), sender, documentId, actions]);
    tr.dataset.tracking = delivery.trackingId || '';
    return tr;
  }

  function save(blob, name) {
    const link = el('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  document.getElementById('inbox-more').addEventListener('click', () => showInbox(true));

  // ------------------------------------------------------------ start

  function showTypes() {
    const chosen = typeSelect.value;
    typeSelect.replaceChildren(...me.sends.map(type => {
      const option = el('option', null, t('type.' + type, type));
      option.value = type;
      return option;
    }));
    if (chosen && me.sends.includes(chosen)) typeSelect.value = chosen;
  }

  typeSelect.addEventListener('change', () => showForm(typeSelect.value));

  async function showAll() {
    document.getElementById('who').textContent = me.name + ' (' + me.id + ')';
    const sends = me.sends.length > 0;
    document.getElementById('send').hidden = !sends;
    document.getElementById('documents').hidden = !sends;
    document.getElementById('referrals').hidden = me.role !== 'partner';
    document.getElementById('inbox').hidden = false;
    document.querySelectorAll('nav a[data-needs-sending]').forEach(link => { link.hidden = !sends; });
    if (sends) {
      showTypes();
      await showForm(typeSelect.value);
    }
    await Promise.all([showDocuments(), showReferrals(), showInbox(false)]);
  }

  async function start() {
    await loadTexts(language);
    me = (await call(api + '/me')).body;
    const partners = document.getElementById('partners-list');
    partners.replaceChildren(...me.partners.filter(partner => partner.id !== me.id).map(partner => {
      const option = el('option', null, partner.name);
      option.value = partner.id;
      return option;
    }));
    await showAll();
    document.body.dataset.ready = 'true';
  }

  start().catch(failure => say(failure.message));
})();
