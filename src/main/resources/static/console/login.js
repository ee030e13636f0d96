// Says why the login page is shown again (a failed login, or a logout), and sends the page's CSRF token (the
// XSRF-TOKEN cookie the hub set with this page) with the login.
(function () {
  const form = document.getElementById('login-form');
  form.addEventListener('submit', () => {
    const found = document.cookie.split(';').map(part => part.trim()).find(part => part.startsWith('XSRF-TOKEN='));
    form.querySelector('input[name="_csrf"]').value = found ? decodeURIComponent(found.substring('XSRF-TOKEN='.length)) : '';
  });
  const query = new URLSearchParams(window.location.search);
  const message = document.getElementById('message');
  if (query.has('failed')) {
    message.textContent = 'Wrong user or password (after five wrong passwords in a row, logins from this computer wait five minutes).';
    message.hidden = false;
  } else if (query.has('out')) {
    message.textContent = 'You are logged out.';
    message.hidden = false;
  }
})();
