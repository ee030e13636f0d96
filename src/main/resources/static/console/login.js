// Says why the login page is shown again: a failed login, or a logout.
(function () {
  const query = new URLSearchParams(window.location.search);
  const message = document.getElementById('message');
  if (query.has('failed')) {
    message.textContent = 'Wrong user or password (after five wrong passwords a user waits five minutes).';
    message.hidden = false;
  } else if (query.has('out')) {
    message.textContent = 'You are logged out.';
    message.hidden = false;
  }
})();
