// The results column: the HTML the engine renders (complete, with its tab
// stops, regions and "Show" buttons), and the problems listed and marked
// at their fields.

import { $, el, setStatus } from './dom.js';
import { clearFieldErrors, fieldFor, markField } from './form.js';
import { patch } from './patch.js';

// showProblems lists what is wrong, and marks each problem at its field;
// the results are marked stale unless they are a fallback that is itself
// fine (fresh). It returns whether there were problems.
export function showProblems(form, title, problems, fresh = false) {
  const problemsEl = $('plan-problems');
  const results = $('plan-results');
  clearFieldErrors(form);
  if (!(problems && problems.length)) {
    problemsEl.hidden = true;
    problemsEl.replaceChildren();
    results.classList.remove('stale');
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

// showResults puts the engine's results in place and offers its scenarios,
// keeping the one shown (keep) where it still exists. Only the nodes that
// differ are changed: the pre-rendered example stays as it is until the
// engine's answer differs from it (planning as of today may mark a step or
// a date, and then only those nodes change). It returns how many nodes
// were changed.
export function showResults(form, res, keep) {
  const changed = patch($('plan-results'), res.html); // markup made by the engine, which escapes all text
  const sel = form.elements.scenario;
  sel.replaceChildren(...(res.scenarios || []).map((s) => el('option', { value: s.id, textContent: s.publication ? `${s.label} (publication ${s.publication})` : s.label })));
  if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
  return changed;
}

export { setStatus };
