// Tiny DOM helpers. Text always goes in as textContent: names and ids come from operators and cameras.
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Sets attributes; `text` sets textContent, `on<Event>` adds a listener, null/false leaves an attribute out. */
function apply(node, attrs) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2).toLowerCase(), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  return node;
}

export function html(tag, attrs, ...children) {
  const node = apply(document.createElement(tag), attrs);
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export function svg(tag, attrs, ...children) {
  const node = apply(document.createElementNS(SVG_NS, tag), attrs);
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const setAttrs = apply;

export const byId = (id) => document.getElementById(id);

/** Replaces a node's children. */
export function replaceChildren(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** Point of a pointer event in an SVG element's user space. */
export function svgPoint(svgElement, event) {
  const point = new DOMPoint(event.clientX, event.clientY);
  return point.matrixTransform(svgElement.getScreenCTM().inverse());
}
