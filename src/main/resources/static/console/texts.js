// The console's texts in the operator's language (Dutch, French or English): fetched from /console/texts, put into
// every element that names one in its data-text attribute (data-text-placeholder, data-text-title: into that
// attribute), and looked up by the scripts with t(name, values...). The language chosen with the page's switch is
// remembered in this browser; until one is chosen, the hub answers by the browser's Accept-Language.
window.consoleTexts = (function () {
  'use strict';
  const STORED = 'console-language';
  let texts = {};
  let language = localStorage.getItem(STORED) || '';

  function t(name, ...values) {
    const pattern = texts[name];
    if (pattern === undefined) return name;
    return pattern.replace(/\{(\d+)\}/g, (whole, index) => values[index] === undefined ? whole : String(values[index]));
  }

  function apply() {
    document.querySelectorAll('[data-text]').forEach(element => {
      if (texts[element.dataset.text] !== undefined) element.textContent = texts[element.dataset.text];
    });
    [['textPlaceholder', 'placeholder'], ['textTitle', 'title']].forEach(([data, attribute]) => {
      document.querySelectorAll('[data-' + data.replace(/[A-Z]/g, c => '-' + c.toLowerCase()) + ']').forEach(element => {
        if (texts[element.dataset[data]] !== undefined) element.setAttribute(attribute, texts[element.dataset[data]]);
      });
    });
  }

  async function load(wanted) {
    const response = await fetch('/console/texts' + (wanted ? '?lang=' + encodeURIComponent(wanted) : ''),
      { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
    if (!response.ok) return;
    const body = await response.json();
    texts = body.texts;
    language = body.language;
    document.documentElement.lang = language;
    const chooser = document.getElementById('language');
    if (chooser) chooser.value = language;
    apply();
  }

  /** Loads the texts, and calls back whenever the operator chooses another language with the page's switch. */
  function start(changed) {
    const chooser = document.getElementById('language');
    if (chooser) {
      chooser.addEventListener('change', async () => {
        localStorage.setItem(STORED, chooser.value);
        await load(chooser.value);
        if (changed) changed();
      });
    }
    return load(language);
  }

  return { t: t, start: start, language: () => language };
})();
