// The incident console's only script (the Content-Security-Policy allows no other): local times, and command forms
// sent as JSON to /console/api with the problem's message shown next to the field it names. Every command is recorded
// as whoever signed in: the script never names anyone.
'use strict';

(() => {
  // dateStyle/timeStyle cannot be combined with timeZoneName, and the zone is the point: spell the parts out.
  const timeFormat = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  });

  // Server-rendered times are UTC; show them in the viewer's zone and keep UTC for hover.
  function localTimes(root) {
    for (const el of root.querySelectorAll('time[datetime]')) {
      const at = new Date(el.getAttribute('datetime'));
      if (Number.isNaN(at.getTime())) continue;
      el.title = el.textContent;
      el.textContent = timeFormat.format(at);
    }
  }

  // Fields shown only when a box is ticked (the users' fields of an update); hidden fields are not sent.
  function setUpShownBy() {
    for (const group of document.querySelectorAll('[data-shown-by]')) {
      const box = document.getElementById(group.dataset.shownBy);
      if (!box) continue;
      const sync = () => { group.hidden = !box.checked; };
      box.addEventListener('change', sync);
      sync();
    }
  }

  function bodyOf(form) {
    const body = {};
    for (const el of form.elements) {
      if (!el.name || el.disabled || el.closest('[hidden]')) continue;
      const kind = el.dataset.kind;
      if (el.type === 'checkbox') {
        if (kind === 'list') {
          body[el.name] = body[el.name] || [];
          if (el.checked) body[el.name].push(el.value);
        } else {
          body[el.name] = el.checked;
        }
        continue;
      }
      const value = el.value.trim();
      if (value === '') continue; // optional fields are left out; a required one missing is the API's to name
      if (kind === 'lines') body[el.name] = value.split('\n').map((s) => s.trim()).filter(Boolean);
      else if (kind === 'csv') body[el.name] = value.split(',').map((s) => s.trim()).filter(Boolean);
      else if (kind === 'int') body[el.name] = /^\d+$/.test(value) ? Number(value) : value;
      else if (kind === 'bool') body[el.name] = value === 'true';
      else if (kind === 'json') {
        try { body[el.name] = JSON.parse(value); } catch (e) { throw new FieldError(el.name, 'is not valid JSON: ' + e.message); }
      } else if (el.type === 'datetime-local') body[el.name] = new Date(value).toISOString();
      else body[el.name] = value;
    }
    return body;
  }

  class FieldError extends Error {
    constructor(field, message) { super(message); this.field = field; }
  }

  function clearErrors(form) {
    for (const el of form.querySelectorAll('[data-error-for]')) { el.textContent = ''; el.hidden = true; }
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }

  // The API names the field ("audiences[1]", "actionItems[0].owner"); the form has an error slot per top-level field.
  function showError(form, field, message) {
    const candidates = field ? [field, field.replace(/[[.].*$/, '')] : [];
    let slot = null;
    for (const name of candidates) {
      slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
      if (slot) {
        const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
        if (input) input.setAttribute('aria-invalid', 'true');
        break;
      }
    }
    slot = slot || form.querySelector('[data-error-for=""]');
    slot.textContent = message;
    slot.hidden = false;
  }

  async function send(form) {
    clearErrors(form);
    let body;
    try {
      body = bodyOf(form);
    } catch (e) {
      showError(form, e.field, e.message);
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const response = await fetch('/console/api/' + form.dataset.api, {
        method: form.dataset.method || 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-Console': '1' },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      });
      if (response.ok) {
        // A secret shown once (a new API token): show it in place of reloading, which would lose it.
        const shown = form.dataset.showOnce && document.getElementById(form.dataset.showOnce);
        if (shown) {
          const answer = await response.json();
          shown.querySelector('code').textContent = answer.token;
          shown.hidden = false;
          form.reset();
          return;
        }
        location.reload();
        return;
      }
      if (response.status === 401) {
        location.href = '/console/login?next=' + encodeURIComponent(location.pathname + location.search);
        return;
      }
      let problem = {};
      try { problem = await response.json(); } catch { /* not JSON: fall back to the status */ }
      const field = problem.field || Object.keys(problem.errors || {})[0] || '';
      const message = (problem.errors && problem.errors[field] && problem.errors[field][0]) || problem.detail || problem.title || `HTTP ${response.status}`;
      showError(form, field, message);
    } catch (e) {
      showError(form, '', 'Could not reach the server: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener('submit', (event) => {
    const form = event.target.closest('form[data-api]');
    if (!form) return;
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    send(form);
  });

  document.addEventListener('DOMContentLoaded', () => {
    localTimes(document);
    setUpShownBy();
    const refresh = Number(document.body.dataset.refresh);
    if (refresh > 0) setTimeout(() => location.reload(), refresh * 1000);
    document.documentElement.dataset.ready = 'true';
  });
})();
