// Building DOM nodes from data. Every string from the store becomes a text node (never HTML).

/** An element with properties and children; strings and numbers become text nodes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "href") {
      const url = safeUrl(value);
      if (url) node.setAttribute("href", url);
    } else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

/** Append children: nodes as they are, everything else as text. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace a node's children. */
export function show(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** The URL if it is http(s), else null (no javascript: or data: links from the data). */
export function safeUrl(value) {
  try {
    const url = new URL(String(value), window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** An external link that opens in a new tab without telling the target where it came from. */
export function link(url, text) {
  return safeUrl(url) ? el("a", {href: url, target: "_blank", rel: "noopener noreferrer"}, text || url) : null;
}

/** A button styled as a link. */
export function action(text, onclick) {
  return el("button", {type: "button", class: "link", onclick}, text);
}

const SVG = "http://www.w3.org/2000/svg";

/** Bars of a signed series (blue up, red down) as an SVG element. */
export function bars(values, {max = null} = {}) {
  const svg = document.createElementNS(SVG, "svg");
  const n = Math.max(values.length, 1);
  const top = max || Math.max(1e-9, ...values.map(Math.abs));
  svg.setAttribute("viewBox", `0 0 ${n * 10} 40`);
  svg.setAttribute("preserveAspectRatio", "none");
  values.forEach((v, i) => {
    const h = (Math.abs(v) / top) * 19;
    const rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("x", String(i * 10 + 1));
    rect.setAttribute("width", "8");
    rect.setAttribute("y", String(v >= 0 ? 20 - h : 20));
    rect.setAttribute("height", String(h));
    rect.setAttribute("class", v >= 0 ? "bar-pos" : "bar-neg");
    svg.append(rect);
  });
  const axis = document.createElementNS(SVG, "line");
  for (const [k, v] of [["x1", 0], ["x2", n * 10], ["y1", 20], ["y2", 20], ["class", "axis"]]) axis.setAttribute(k, String(v));
  svg.append(axis);
  return svg;
}
