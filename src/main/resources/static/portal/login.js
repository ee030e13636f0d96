// The portal's login page: its texts in the chosen language (or the browser's), why it is shown again (a failed
// login, a logout), and the page's CSRF token (the XSRF-TOKEN cookie the hub set with this page) with the login.
(function () {
  'use strict';
  const form = document.getElementById('login-form');
  const chooser = document.getElementById('language');
  const message = document.getElementById('message');
  const query = new URLSearchParams(window.location.search);
  let texts = {};

  form.addEventListener('submit', () => {
    const found = document.cookie.split(';').map(part => part.trim()).find(part => part.startsWith('XSRF-TOKEN='));
    form.querySelector('input[name="_csrf"]').value = found ? decodeURIComponent(found.substring('XSRF-TOKEN='.length)) : '';
  });

  async function show(language) {
    const answer = await fetch('/portal/api/texts' + (language ? '?lang=' + encodeURIComponent(language) : ''),
      { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
    const body = await answer.json();
    texts = body.texts;
    document.documentElement.lang = body.language;
    chooser.value = body.language;
    document.querySelectorAll('[data-text]').forEach(element => { element.textContent = texts[element.dataset.text] || element.textContent; });
    document.title = texts.title;
    const why = query.has('failed') ? 'login.failed' : (query.has('out') ? 'login.out' : null);
    message.hidden = !why;
    message.textContent = why ? texts[why] : '';
  }

  chooser.addEventListener('change', () => {
    localStorage.setItem('portal-language', chooser.value);
    show(chooser.value);
  });
  show(localStorage.getItem('portal-language') || '');
})();
