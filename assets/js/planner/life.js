// A plan followed through its life: what happened is recorded, and a
// baseline set, from the results column (the forms and the button the
// engine renders there, engine/planview/life.go). Each action changes the
// plan shown; the caller recomputes and saves it, which raises its
// revision (plans.js), so calendars move their events.

import { today } from './dom.js';

// lifeAction applies the action of a results button (data-act: baseline,
// done, undo) to app.plan and returns what to tell the reader.
export function lifeAction(app, button) {
  // A copy: the plan shown may be the very object kept in storage, which
  // must still hold the plan before the change, for the change to be seen.
  const p = structuredClone(app.plan);
  app.plan = p;
  const { act, step } = button.dataset;
  if (act === 'baseline') {
    const milestones = {};
    for (const pair of (button.dataset.milestones || '').split(' ')) {
      const [id, date] = pair.split('=');
      if (id && date) milestones[id] = date;
    }
    p.baseline = { set: today(), scenario: button.dataset.scenario, milestones };
    return `Baseline set: the dates of “${button.dataset.label}” as of ${today()}. The steps now show their slip against it.`;
  }
  const box = button.closest('.pv-record');
  const actuals = { meetings: { ...((p.actuals && p.actuals.meetings) || {}) }, dates: { ...((p.actuals && p.actuals.dates) || {}) } };
  delete actuals.meetings[step];
  delete actuals.dates[step];
  let said = `${step} is no longer recorded as done.`;
  if (act === 'done') {
    const meeting = box.querySelector('[name=act-meeting]');
    if (meeting) {
      actuals.meetings[step] = meeting.value;
      said = `Recorded as done at ${meeting.selectedOptions[0].textContent}.`;
    } else {
      const start = box.querySelector('[name=act-start]').value;
      const end = box.querySelector('[name=act-end]');
      actuals.dates[step] = end && end.value && end.value !== start ? { start, end: end.value } : { start };
      said = `Recorded as done: ${start}${end && end.value ? ` to ${end.value}` : ''}.`;
    }
  }
  for (const k of ['meetings', 'dates']) if (!Object.keys(actuals[k]).length) delete actuals[k];
  if (Object.keys(actuals).length) p.actuals = actuals;
  else delete p.actuals;
  return `${said} The rest of the plan is planned from what happened.`;
}
