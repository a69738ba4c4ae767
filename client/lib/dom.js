// Building the DOM without markup strings: every user-supplied text goes through
// textContent (via text nodes), never through an HTML parser.
//
//   h("button", {type: "button", "data-testid": "raise-hand", onclick: raise}, "Raise hand")
//
// Attributes: `class` (string or array, falsy entries dropped), `on<event>` functions
// become listeners, `value`/`checked`/`disabled`/`hidden`/`selected` set the property,
// null/undefined/false leave an attribute out, true sets it empty, anything else is
// set with setAttribute (so never as markup).

const PROPERTIES = new Set(["value", "checked", "disabled", "hidden", "selected", "open"]);

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (key === "class") {
      const names = (Array.isArray(value) ? value : [value]).filter(Boolean);
      if (names.length) el.className = names.join(" ");
    } else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (PROPERTIES.has(key)) {
      el[key] = value;
    } else if (value === true) {
      el.setAttribute(key, "");
    } else if (value != null && value !== false) {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append children: nodes as is, strings and numbers as text, arrays flattened, null skipped. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replace all children of `parent`. */
export function fill(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Set text only when it changed (keeps screen readers and selections calm). */
export function setText(el, text) {
  const value = String(text);
  if (el.textContent !== value) el.textContent = value;
}

const signatures = new WeakMap();

/**
 * Keep `parent`'s children in step with `entries`, reusing the element of an entry
 * whose key and signature are unchanged, so a list that re-renders keeps focus,
 * selection and half-typed input in rows that did not change.
 *   key(entry) -> string, signature(entry) -> string, render(entry) -> Element
 */
export function syncList(parent, entries, { key, signature, render }) {
  const existing = new Map();
  for (const child of parent.children) existing.set(child.dataset.key, child);
  const wanted = entries.map((entry) => {
    const k = String(key(entry));
    const sig = signature(entry);
    let el = existing.get(k);
    if (!el || signatures.get(el) !== sig) {
      el = render(entry);
      el.dataset.key = k;
      signatures.set(el, sig);
    }
    return el;
  });
  wanted.forEach((el, index) => {
    if (parent.children[index] !== el) parent.insertBefore(el, parent.children[index] ?? null);
  });
  while (parent.children.length > wanted.length) parent.lastElementChild.remove();
}

/** The element with `data-testid` = `id` under `root`. */
export function byTestId(id, root = document) {
  return root.querySelector(`[data-testid="${CSS.escape(id)}"]`);
}
