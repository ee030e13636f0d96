// The console's login page: its texts in the chosen language (or the browser's), why it is shown again (a failed
// login, or a logout), and the page's CSRF token (the XSRF-TOKEN cookie the hub set with this page) with the login.
(function () {
  const t = window.consoleTexts.t;
  const form = document.getElementById('login-form');
  form.addEventListener('submit', () => {
    const found = document.cookie.split(';').map(part => part.trim()).find(part => part.startsWith('XSRF-TOKEN='));
    form.querySelector('input[name="_csrf"]').value = found ? decodeURIComponent(found.substring('XSRF-TOKEN='.length)) : '';
  });
  const query = new URLSearchParams(window.location.search);
  const message = document.getElementById('message');
  function explain() {
    if (query.has('failed')) {
      message.textContent = t('login.failed');
      message.hidden = false;
    } else if (query.has('out')) {
      message.textContent = t('login.out');
      message.hidden = false;
    }
  }
  window.consoleTexts.start(explain).then(explain);
})();
