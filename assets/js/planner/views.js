// The two views reached from the toolbar: the status report of the plan
// shown and the programme of work of every plan kept in this browser. Each
// replaces the plan's form and results while shown (and prints alone). The
// engine writes their markup and their exports (engine/status, planpage);
// this module moves values, sorts the programme's table and copies the
// report.

import { $, setStatus, today } from './dom.js';
import { download } from './files.js';

const views = { report: 'pf-report-open', programme: 'pf-programme-open' };

// show shows one view (or the plan, for '') and marks its toolbar button.
function show(name) {
  for (const [v, button] of Object.entries(views)) {
    $(`pf-${v}`).hidden = v !== name;
    $(button).setAttribute('aria-expanded', String(v === name));
  }
  document.querySelector('.pf-work').hidden = name !== '';
  if (name) document.body.dataset.view = name;
  else delete document.body.dataset.view;
}

// plansArgs are the engine's arguments for every plan kept here (scenario,
// plan file), or the plan shown when none is kept yet (the worked example).
function plansArgs(app) {
  const slots = [...app.store.slots.values()];
  if (!slots.length) return [app.scenario || '', JSON.stringify(app.plan)];
  return slots.flatMap((r) => [r.scenario || '', JSON.stringify(r.plan)]);
}

// monthsBefore is the ISO day n months before day (clamped to the month's end).
function monthsBefore(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

async function report(app, format) {
  return app.call('report', today(), $('pf-report-since').value || '', format, app.scenario || '', JSON.stringify(app.plan));
}

async function renderReport(app) {
  try {
    $('pf-report-out').innerHTML = (await report(app, 'table')).html; // escaped by the engine
  } catch (err) {
    $('pf-report-out').textContent = `The report cannot be made: ${err.message}`;
  }
}

// copy puts text on the clipboard (and html as well, when given) and says
// so, or says what went wrong.
async function copy(what, text, html) {
  try {
    if (html && globalThis.ClipboardItem) {
      await navigator.clipboard.write([new ClipboardItem({
        'text/html': new Blob([html], { type: 'text/html' }),
        'text/plain': new Blob([text], { type: 'text/plain' }),
      })]);
    } else {
      await navigator.clipboard.writeText(text);
    }
    setStatus(`The status report is copied ${what}: paste it into your meeting report.`);
  } catch (err) {
    setStatus(`This browser did not let the page copy the report (${err.name || err}); select the table and copy it instead.`);
  }
}

// renderSteps fills the programme's "next 12 months, step by step" when
// it is opened: every coming step of every plan (planpage.Overview),
// computed on demand so that the table comes first.
async function renderSteps(app) {
  try {
    $('pf-overview-out').innerHTML = (await app.call('overview', today(), 'html', ...plansArgs(app))).html; // escaped by the engine
  } catch (err) {
    $('pf-overview-out').textContent = `The coming steps cannot be shown: ${err.message}`;
  }
}

async function renderProgramme(app) {
  const args = plansArgs(app);
  const n = args.length / 2;
  const plans = `${n} plan${n === 1 ? '' : 's'}`;
  setStatus(`Planning the programme of work of ${plans}…`);
  try {
    $('pf-programme-out').innerHTML = (await app.call('programme', today(), 'html', ...args)).html; // escaped by the engine
    setStatus(`The programme of work of ${plans} is shown.`);
  } catch (err) {
    $('pf-programme-out').textContent = `The programme of work cannot be made: ${err.message}`;
  }
}

// sortBy sorts the programme's rows by a column: ascending on the first
// press, then the other way; rows without a value (a plan that cannot be
// planned, a plan with no baseline) stay last. Numbers sort as numbers.
function sortBy(button) {
  const th = button.closest('th');
  const table = th.closest('table');
  const col = button.dataset.col;
  const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
  for (const other of table.tHead.rows[0].cells) other.setAttribute('aria-sort', 'none');
  th.setAttribute('aria-sort', dir);
  const sign = dir === 'ascending' ? 1 : -1;
  const key = (tr) => tr.dataset[`k${col}`] ?? '';
  const rows = [...table.tBodies[0].rows];
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === '' || y === '') return (x === '') - (y === '');
    const nx = Number(x);
    const ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return sign * (nx - ny);
    return sign * x.localeCompare(y);
  });
  table.tBodies[0].append(...rows);
  setStatus(`The programme of work is sorted by ${button.textContent}, ${dir}.`);
}

export function wireViews(app) {
  $('pf-report-open').addEventListener('click', async () => {
    if (!$('pf-report').hidden) { show(''); return; }
    if (!$('pf-report-since').value) $('pf-report-since').value = monthsBefore(today(), 3);
    show('report');
    await renderReport(app);
    $('pf-report-h').scrollIntoView({ block: 'nearest' });
  });
  $('pf-report-since').addEventListener('change', () => renderReport(app));
  $('pf-report-md').addEventListener('click', async () => {
    try {
      await copy('as Markdown', (await report(app, 'markdown')).text);
    } catch (err) {
      setStatus(`The report cannot be made: ${err.message}`);
    }
  });
  $('pf-report-html').addEventListener('click', async () => {
    try {
      const html = (await report(app, 'table')).html;
      await copy('as an HTML table', (await report(app, 'markdown')).text, html);
    } catch (err) {
      setStatus(`The report cannot be made: ${err.message}`);
    }
  });
  $('pf-programme-open').addEventListener('click', async () => {
    if (!$('pf-programme').hidden) { show(''); return; }
    show('programme');
    await renderProgramme(app);
    if ($('pf-programme-steps').open) await renderSteps(app);
    $('pf-programme-h').scrollIntoView({ block: 'nearest' });
  });
  $('pf-programme-steps').addEventListener('toggle', () => { if ($('pf-programme-steps').open) renderSteps(app); });
  $('pf-programme-out').addEventListener('click', (e) => {
    const b = e.target.closest('.pf-sort');
    if (b) sortBy(b);
  });
  for (const [id, format, type, ext] of [['pf-programme-csv', 'csv', 'text/csv', 'csv'], ['pf-programme-md', 'markdown', 'text/markdown', 'md'], ['pf-programme-ics', 'ics', 'text/calendar', 'ics']]) {
    $(id).addEventListener('click', async () => {
      try {
        download(`programme-of-work-${today()}.${ext}`, type, (await app.call('programme', today(), format, ...plansArgs(app))).text);
      } catch (err) {
        setStatus(`The programme of work cannot be exported: ${err.message}`);
      }
    });
  }
  for (const id of ['pf-report-print', 'pf-programme-print']) $(id).addEventListener('click', () => window.print());
  for (const b of document.querySelectorAll('.pf-view-back')) {
    b.addEventListener('click', () => {
      const v = b.closest('.pf-view').id;
      show('');
      $(`${v}-open`).focus();
    });
  }
}
