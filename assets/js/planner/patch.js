// In-place updates of engine markup (the results column): an edit changes
// a few dates, so only the nodes that differ are touched, and the page does
// not lay out and paint a whole new column (nor lose the focus, the
// scroll position or a text selection inside it).

// patch makes target's children those of the markup html, changing only
// what differs: nodes equal to their new version stay as they are (with
// their focus, scroll and selection), changed ones are updated in place,
// and the DOM is not touched at all when nothing changed. It returns the
// number of nodes replaced or updated.
export function patch(target, html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  return patchChildren(target, tpl.content);
}

// sameKind tells whether y is the new version of x: the same kind of node
// (element name and id, or text, or comment).
function sameKind(x, y) {
  return x.nodeType === y.nodeType && x.nodeName === y.nodeName && (x.nodeType !== Node.ELEMENT_NODE || x.id === y.id);
}

// lookahead is how far ahead among the old nodes a new node's old version
// is looked for: a few nodes added or removed keep the rest matched.
const lookahead = 8;

function patchChildren(a, b) {
  let n = 0;
  let x = a.firstChild;
  let y = b.firstChild;
  while (y) {
    const next = y.nextSibling;
    if (x && !sameKind(x, y)) {
      // Old nodes before y's old version were removed; a y with no old
      // version is new.
      let m = x.nextSibling;
      for (let k = 0; m && k < lookahead && !sameKind(m, y); k++) m = m.nextSibling;
      if (m && sameKind(m, y)) {
        while (x !== m) {
          const gone = x;
          x = x.nextSibling;
          gone.remove();
          n++;
        }
      } else {
        a.insertBefore(y, x);
        n++;
        y = next;
        continue;
      }
    }
    if (!x) {
      a.append(y);
      n++;
    } else if (x.isEqualNode(y)) {
      // the same: kept
    } else if (x.nodeType === Node.ELEMENT_NODE) {
      n += patchAttributes(x, y) + patchChildren(x, y);
    } else {
      x.nodeValue = y.nodeValue;
      n++;
    }
    x = x ? x.nextSibling : null;
    y = next;
  }
  while (x) {
    const next = x.nextSibling;
    x.remove();
    n++;
    x = next;
  }
  return n;
}

function patchAttributes(x, y) {
  let n = 0;
  for (const { name } of [...x.attributes]) if (!y.hasAttribute(name)) { x.removeAttribute(name); n++; }
  for (const { name, value } of y.attributes) if (x.getAttribute(name) !== value) { x.setAttribute(name, value); n++; }
  return n;
}
