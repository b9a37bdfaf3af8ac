// The results column: the HTML the engine renders (complete, with its tab
// stops, regions and "Show" buttons), and the problems listed and marked
// at their fields.

import { $, el, setStatus } from './dom.js';
import { clearFieldErrors, fieldFor, markField } from './form.js';
import { patch } from './patch.js';

// showProblems lists what is wrong, and marks each problem at its field;
// the results are marked stale unless they are a fallback that is itself
// fine (fresh). A problem of the field being typed in (typing) waits until
// the field is left: "2027-0" is not yet a date, and not yet an error. It
// returns whether there were problems shown.
export function showProblems(form, title, problems, fresh = false, typing = null) {
  const problemsEl = $('plan-problems');
  const results = $('plan-results');
  clearFieldErrors(form);
  const waiting = typing && (problems || []).filter((pr) => fieldFor(form, pr.field) === typing);
  if (waiting && waiting.length) {
    problems = problems.filter((pr) => !waiting.includes(pr));
    results.classList.add('stale');
  }
  if (!(problems && problems.length)) {
    problemsEl.hidden = true;
    problemsEl.replaceChildren();
    if (!(waiting && waiting.length)) results.classList.remove('stale');
    return false;
  }
  const ul = el('ul');
  for (const pr of problems) {
    const input = fieldFor(form, pr.field);
    const li = el('li', {}, pr.message);
    if (input) {
      markField(input, pr.message);
      const go = el('button', { type: 'button', className: 'pf-goto', textContent: 'Go to the field' });
      go.addEventListener('click', () => input.focus());
      li.append(' ', go);
    }
    ul.append(li);
  }
  problemsEl.replaceChildren(el('h2', { textContent: title }), ul);
  problemsEl.hidden = false;
  results.classList.toggle('stale', !fresh);
  return true;
}

// fieldless counts the problems that have no field of the form to be
// marked at (a calendar too short for the plan, an engine error).
export function fieldless(form, problems) {
  return (problems || []).filter((pr) => !fieldFor(form, pr.field)).length;
}

// showNoResults empties the results column of a plan that cannot be
// planned, so that no date of another plan, or of the page's pre-rendered
// example, stays beside it; the scenario picker says there is no
// publication (keeping the scenario chosen, for when there is one again).
export function showNoResults(form, title, scenario) {
  const results = $('plan-results');
  results.classList.remove('stale');
  results.replaceChildren(el('h2', { textContent: 'No results' }),
    el('p', { className: 'pf-no-results', textContent: `“${title || 'This plan'}” cannot be planned as it stands: no schedule is shown until the problems listed above are put right.` }));
  const sel = form.elements.scenario;
  sel.replaceChildren(el('option', { value: scenario || '', textContent: 'None: no publication date until the plan’s problems are put right' }));
}

// showResults puts the engine's results in place and offers its scenarios,
// keeping the one shown (keep) where it still exists. Only the nodes that
// differ are changed: the pre-rendered example stays as it is until the
// engine's answer differs from it (planning as of today may mark a step or
// a date, and then only those nodes change). It returns how many nodes
// were changed.
export function showResults(form, res, keep) {
  const changed = patch($('plan-results'), res.html); // markup made by the engine, which escapes all text
  const sel = form.elements.scenario;
  sel.replaceChildren(...(res.scenarios || []).map((s) => el('option', { value: s.id, textContent: s.option || s.label })));
  if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
  return changed;
}

// markPins marks each pinned field the engine has something to say about
// (res.pins: a rule its date breaks in the scenario shown, or the
// scenarios it applies to), except the field being typed in.
export function markPins(form, res, typing = null) {
  for (const pr of res.pins || []) {
    const input = fieldFor(form, pr.field);
    if (input && input !== typing) markField(input, pr.message);
  }
  // A note beside a pin that the scenario shown does not have: not an error.
  for (const pr of res.pin_notes || []) {
    const input = fieldFor(form, pr.field);
    if (input && input !== typing) {
      const id = `pf-err-note-${document.querySelectorAll('.pf-note').length + 1}`;
      input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') || ''} ${id}`.trim());
      input.after(el('span', { className: 'pf-note', id, textContent: pr.message }));
    }
  }
}

export { setStatus };
