// The book's interactive figures on the website: SVG drawings of precomputed states.
//
// Each figure is a <div data-w2v-figure="PART"> holding, as JSON, every state's numbers computed at
// build time by w2v_core (w2v_core/views/web_state.py) and a scene saying what to draw. This module
// only draws: it decodes the numbers, snaps the handle to the nearest state and sets SVG attributes.
// It does no mathematics of its own (the arithmetic here maps data coordinates to pixels).
//
// Contract, for tests and assistive tools: the handle carries data-w2v-handle ("center_vec" or "x")
// and an aria-label; the root's data-state holds the current state (inputs and shown numbers) as
// JSON, and data-render-ms the duration of the last redraw in milliseconds.

import {sampledFigure} from "./w2v_sampled.js";
import {windowFigure} from "./w2v_window.js";

const NS = "http://www.w3.org/2000/svg";
const TEXT = "#222222";
const MUTED = "#555555";
const GRID_LINE = "#dddddd";

function svg(tag, attrs, parent) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function html(tag, attrs, parent, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

// "v_c", "u_{o}", "U^T": subscripts and superscripts as tspans (SVG) or <sub>/<sup> (HTML).
const MARKUP = /([_^])(\{[^}]*\}|[^\s{}()=,;:]+?(?=[\s()=,;:−+]|$)|.)/g;
function pieces(text) {
  text = text.replace(/\\_/g, "\u0001");  // "\_" is a literal underscore (code in a caption)
  const out = [];
  let last = 0;
  for (const m of text.matchAll(MARKUP)) {
    if (m.index > last) out.push([text.slice(last, m.index), ""]);
    out.push([m[2].replace(/^\{|\}$/g, ""), m[1]]);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push([text.slice(last), ""]);
  return out.map(([part, kind]) => [part.replace(/\u0001/g, "_"), kind]);
}
function richSvg(node, text) {
  for (const [part, kind] of pieces(text)) {
    const t = svg("tspan", kind ? {"font-size": "13.5", "baseline-shift": kind === "_" ? "sub" : "super"} : {}, node);
    t.textContent = part;
  }
  return node;
}
function richHtml(node, text) {
  for (const [part, kind] of pieces(text)) {
    if (kind) html(kind === "_" ? "sub" : "sup", {}, node, part);
    else node.appendChild(document.createTextNode(part));
  }
  return node;
}

// The figures' integers arrive delta coded and deflated (w2v_core/views/web_coding.py): inflate
// with the browser's own DecompressionStream, join the four byte planes, undo the zigzag map and the
// differences (in reverse order). Int32Array arithmetic wraps modulo 2**32, as the coder's does, so
// these are the integers w2v_core computed, bit for bit. The one decoding path of every figure.
export async function inflateInts(bytes, ops) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  const planes = new Uint8Array(await new Response(stream).arrayBuffer());
  const n = planes.length >> 2, out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = (planes[i] | planes[n + i] << 8 | planes[2 * n + i] << 16 | planes[3 * n + i] << 24) >>> 0;
    out[i] = (z >>> 1) ^ -(z & 1);
  }
  for (let k = ops.length - 1; k >= 0; k--) {
    const [start, end, stride] = ops[k];
    for (let i = start + stride; i < end; i++) out[i] += out[i - stride];
  }
  return out;
}

// Every {"deflate", "delta"} of a payload replaced, in place, by its Int32Array.
async function inflatePayload(node) {
  const jobs = [];
  (function walk(value) {
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (child && typeof child === "object" && typeof child.deflate === "string") {
        const bin = atob(child.deflate), bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        jobs.push(inflateInts(bytes, child.delta).then(ints => { value[key] = ints; }));
      } else walk(child);
    }
  })(node);
  await Promise.all(jobs);
  return node;
}

// Inflated integers (inflatePayload) in units of the quantum, as numbers.
function decode(ints, quantum) {
  const out = new Float64Array(ints.length);
  for (let i = 0; i < ints.length; i++) out[i] = ints[i] * quantum;
  return out;
}

// The packed grid of web_state.pack: get(name, o, cell) gives the field's numbers in C order.
class Grid {
  constructor(grid, quantum) {
    this.cells = grid.cells.reduce((a, b) => a * b, 1);
    this.nWords = grid.n_words;
    this.fields = {};
    for (const [name, f] of Object.entries(grid.fields)) {
      const size = f.shape.reduce((a, b) => a * b, 1);
      const entry = {shape: f.shape, size, split: !!f.split, byO: !!f.by_o};
      if (f.split) {
        entry.shared = decode(f.shared, quantum);
        entry.observed = decode(f.observed, quantum);
        entry.row = size / f.shape[0];
      } else {
        entry.data = decode(f.data, quantum);
      }
      this.fields[name] = entry;
    }
  }
  get(name, o, cell) {
    const f = this.fields[name];
    if (f.split) {
      const out = f.shared.slice(cell * f.size, (cell + 1) * f.size);
      const at = (o * this.cells + cell) * f.row;
      out.set(f.observed.subarray(at, at + f.row), o * f.row);
      return out;
    }
    const start = ((f.byO ? o * this.cells : 0) + cell) * f.size;
    return f.data.subarray(start, start + f.size);
  }
  nested(name, o, cell) {
    const flat = Array.from(this.get(name, o, cell));
    const shape = this.fields[name].shape;
    if (shape.length === 0) return flat[0];
    if (shape.length === 1) return flat;
    const rows = [];
    for (let i = 0; i < shape[0]; i++) rows.push(flat.slice(i * shape[1], (i + 1) * shape[1]));
    return rows;
  }
}

function fmt(value, digits) {
  const one = v => v.toFixed(digits).replace("-", "−");
  if (typeof value === "number") return one(value);
  if (Array.isArray(value[0])) return "[" + value.map(r => fmt(r, digits)).join(", ") + "]";
  return "(" + value.map(one).join(", ") + ")";
}

// An arrow is a line and a head; both are moved in place on every redraw.
function makeArrow(parent, color, width, dash) {
  const g = svg("g", {}, parent);
  const line = svg("line", {stroke: color, "stroke-width": width, "stroke-linecap": "round"}, g);
  if (dash) line.setAttribute("stroke-dasharray", "7 5");
  const head = svg("polygon", {fill: color}, g);
  return {g, line, head, width};
}
function setArrow(a, x0, y0, x1, y1) {
  const dx = x1 - x0, dy = y1 - y0, len = Math.hypot(dx, dy);
  const size = Math.min(6 + 2.2 * a.width, 0.6 * len);
  a.g.style.display = len < 0.5 ? "none" : "";
  if (len < 0.5) return;
  const ux = dx / len, uy = dy / len;
  const bx = x1 - ux * size, by = y1 - uy * size;
  a.line.setAttribute("x1", x0); a.line.setAttribute("y1", y0);
  a.line.setAttribute("x2", bx + ux * 1); a.line.setAttribute("y2", by + uy * 1);
  const w = size * 0.45;
  a.head.setAttribute("points", `${x1},${y1} ${bx - uy * w},${by + ux * w} ${bx + uy * w},${by - ux * w}`);
}

function axisBox(parent, x, y, w, h) {
  svg("rect", {x, y, width: w, height: h, fill: "none", stroke: "#bbbbbb", "stroke-width": 1}, parent);
}

function legend(root, items) {
  const list = html("ul", {class: "w2v-legend", "aria-label": "legend"}, root);
  for (const item of items) {
    const li = html("li", {}, list);
    const sw = svg("svg", {width: 26, height: 14, "aria-hidden": "true"}, li);
    if (item.mark) {
      const t = svg("text", {x: 13, y: 12, "text-anchor": "middle", "font-size": 15, fill: item.color}, sw);
      t.textContent = "×";
      richHtml(html("span", {}, li), item.label.replace(/^× /, ""));
    } else if (item.swatch) {
      svg("rect", {x: 4, y: 1, width: 18, height: 12, fill: item.color}, sw);
      richHtml(html("span", {}, li), item.label);
    } else {
      svg("line", {x1: 2, y1: 7, x2: 24, y2: 7, stroke: item.color, "stroke-width": 3,
                   "stroke-dasharray": item.dash ? "5 3" : "none"}, sw);
      richHtml(html("span", {}, li), item.label);
    }
  }
}

function readout(root, items) {
  const box = html("div", {class: "w2v-readout", "aria-live": "polite"}, root);
  const lines = items.map(item => {
    const row = html("div", {}, box);
    richHtml(html("span", {class: "w2v-label"}, row), item.label + " = ");
    return {item, value: html("span", {class: "w2v-value"}, row)};
  });
  return lines;
}

const W = 720, H = 390, PAD = 10, SIDE = 340, TOP = 40;

// The plane's box, its axes through 0 and the ticks at +-floor(L); px, py map data to SVG coordinates.
function planeFrame(plane, L, px, py) {
  axisBox(plane, PAD, TOP, SIDE, SIDE);
  svg("line", {x1: px(-L), y1: py(0), x2: px(L), y2: py(0), stroke: GRID_LINE}, plane);
  svg("line", {x1: px(0), y1: py(-L), x2: px(0), y2: py(L), stroke: GRID_LINE}, plane);
  for (const t of [-Math.floor(L), Math.floor(L)]) {
    svg("text", {x: px(t), y: TOP + SIDE - 4, "text-anchor": "middle", "font-size": 13.5, fill: MUTED}, plane).textContent = String(t).replace("-", "−");
    svg("text", {x: PAD + 4, y: py(t) + 4, "font-size": 13.5, fill: MUTED}, plane).textContent = String(t).replace("-", "−");
  }
}

// A word's name just beyond the tip of its vector u.
function wordLabel(parent, u, word, px, py) {
  const k = 1 + 0.33 / (Math.hypot(u[0], u[1]) || 1);
  const t = svg("text", {x: px(u[0] * k), y: py(u[1] * k) + 5, "text-anchor": "middle", "font-size": 15, fill: MUTED}, parent);
  t.textContent = word;
  return t;
}

// ---- parts (a)-(d): v_c dragged in the plane ---------------------------------------------------
function planeFigure(root, data) {
  const grid = new Grid(data.grid, data.quantum);
  const axis = data.axis, n = axis.length, L = data.limit, scene = data.scene;
  const words = data.words, U = data.outside_vectors;
  let o = data.outside_idx, ix = data.start[0], iy = data.start[1];
  const px = x => PAD + (x + L) / (2 * L) * SIDE;
  const py = y => TOP + (L - y) / (2 * L) * SIDE;

  const figure = svg("svg", {viewBox: `0 0 ${W} ${H}`, class: "w2v-svg", role: "group",
                             "aria-label": scene.title}, null);
  root.appendChild(figure);
  richSvg(svg("text", {x: PAD + SIDE / 2, y: 22, "text-anchor": "middle", "font-size": 16, fill: TEXT}, figure), scene.title);
  const plane = svg("g", {class: "w2v-plane"}, figure);
  planeFrame(plane, L, px, py);
  U.forEach((u, w) => {
    const a = makeArrow(plane, "#999999", 1.6, false);
    setArrow(a, px(0), py(0), px(u[0]), py(u[1]));
    wordLabel(plane, u, words[w], px, py);
  });
  const layer = svg("g", {}, plane);
  const segments = (scene.segments || []).map(s => ({s, line: svg("line", {stroke: s.color, "stroke-width": 2,
    "stroke-dasharray": s.dash === "dot" ? "2 4" : "6 4", "stroke-linecap": "round"}, layer)}));
  const wordArrows = scene.word_arrows ? U.map(() => makeArrow(layer, scene.word_arrows.color, scene.word_arrows.width, false)) : [];
  const arrows = scene.arrows.map(a => ({a, shape: makeArrow(layer, a.color, a.width, a.dash)}));
  const points = (scene.points || []).map(p => ({p, dot: svg("circle", {r: 5, fill: "#ffffff", stroke: p.color, "stroke-width": 2.5}, layer)}));
  // The pointer area covers the plane; the handle sits on v_c's tip.
  const hit = svg("rect", {x: PAD, y: TOP, width: SIDE, height: SIDE, fill: "transparent", class: "w2v-drag-area"}, plane);
  const handle = svg("circle", {r: 9, fill: "#0072B2", stroke: "#ffffff", "stroke-width": 2.5, tabindex: 0,
    role: "slider", "data-w2v-handle": "center_vec", class: "w2v-handle",
    "aria-label": "tip of v_c: drag it, or use the arrow keys (Shift for larger steps)",
    "aria-valuemin": 0, "aria-valuemax": n * n - 1}, plane);

  // The panel on the right.
  const P0 = PAD + SIDE + 40, PW = W - P0 - PAD;
  const panel = svg("g", {class: "w2v-panel"}, figure);
  const spec = scene.panel;
  richSvg(svg("text", {x: P0 + PW / 2, y: 22, "text-anchor": "middle", "font-size": 16, fill: TEXT}, panel), spec.title || "");
  const drawPanel = {bars: barsPanel, pair: pairPanel, matrix: matrixPanel}[spec.type](panel, spec, P0, PW, words, root);

  // Below the figure: the observed word, the numbers, the legend.
  const controls = html("div", {class: "w2v-words", role: "group", "aria-label": "observed outside word o"}, root);
  richHtml(html("span", {}, controls), "observed word o: ");
  const wordButtons = words.map((word, w) => {
    const b = html("button", {type: "button", "data-w2v-word": w}, controls, word);
    b.addEventListener("click", () => { o = w; redraw(); });
    return b;
  });
  const lines = readout(root, scene.readout);
  legend(root, scene.legend);

  function point(ref, state) {
    if (ref === "origin") return [0, 0];
    if (ref === "center_vec") return [axis[ix], axis[iy]];
    if (ref === "u_o") return U[o];
    return state[ref];
  }
  root.__w2vRedraw = () => redraw();
  function redraw() {
    const t0 = performance.now();
    const cell = iy * n + ix;
    const state = {center_vec: [axis[ix], axis[iy]], outside_vectors: U, outside_idx: o};
    for (const name of Object.keys(grid.fields)) state[name] = grid.nested(name, o, cell);
    for (const {s, line} of segments) {
      const a = point(s.from, state), b = point(s.to, state);
      line.setAttribute("x1", px(a[0])); line.setAttribute("y1", py(a[1]));
      line.setAttribute("x2", px(b[0])); line.setAttribute("y2", py(b[1]));
    }
    if (scene.word_arrows) {
      const rows = state[scene.word_arrows.field];
      wordArrows.forEach((shape, w) => {
        const color = w === o ? scene.word_arrows.observed_color : scene.word_arrows.color;
        shape.line.setAttribute("stroke", color); shape.head.setAttribute("fill", color);
        setArrow(shape, px(U[w][0]), py(U[w][1]), px(U[w][0] + rows[w][0]), py(U[w][1] + rows[w][1]));
      });
    }
    for (const {a, shape} of arrows) {
      const t = point(a.tail, state), h = point(a.tip, state);
      setArrow(shape, px(t[0]), py(t[1]), px(h[0]), py(h[1]));
    }
    for (const {p, dot} of points) {
      const at = point(p.at, state);
      dot.setAttribute("cx", px(at[0])); dot.setAttribute("cy", py(at[1]));
    }
    handle.setAttribute("cx", px(axis[ix])); handle.setAttribute("cy", py(axis[iy]));
    handle.setAttribute("aria-valuenow", cell);
    handle.setAttribute("aria-valuetext", `v_c = (${fmt(axis[ix], 2)}, ${fmt(axis[iy], 2)})`);
    drawPanel(state, o);
    for (const {item, value} of lines) value.textContent = fmt(state[item.field], item.digits);
    wordButtons.forEach((b, w) => b.setAttribute("aria-pressed", w === o ? "true" : "false"));
    root.setAttribute("data-state", JSON.stringify(state));
    root.setAttribute("data-render-ms", (performance.now() - t0).toFixed(3));
  }

  const nearest = v => {
    let i = Math.round((v - axis[0]) / (axis[n - 1] - axis[0]) * (n - 1));
    return Math.max(0, Math.min(n - 1, i));
  };
  draggable(figure, [hit, handle], handle, p => {
    const x = (p.x - PAD) / SIDE * 2 * L - L, y = L - (p.y - TOP) / SIDE * 2 * L;
    const jx = nearest(x), jy = nearest(y);
    if (jx !== ix || jy !== iy) { ix = jx; iy = jy; redraw(); }
  });
  planeKeys(handle, n, () => [ix, iy], (jx, jy) => { ix = jx; iy = jy; redraw(); });
  redraw();
}

// Dragging: a press on any of `targets` captures the pointer and focuses the handle; every move
// calls moveTo with the pointer's position in the figure's SVG coordinates.
function draggable(figure, targets, handle, moveTo) {
  let toSvg = null;
  const at = event => new DOMPoint(event.clientX, event.clientY).matrixTransform(toSvg);
  for (const target of targets) {
    target.addEventListener("pointerdown", event => {
      event.preventDefault();
      toSvg = figure.getScreenCTM().inverse();
      target.setPointerCapture(event.pointerId);
      handle.focus();
      moveTo(at(event));
    });
    target.addEventListener("pointermove", event => { if (toSvg && target.hasPointerCapture(event.pointerId)) moveTo(at(event)); });
    target.addEventListener("pointerup", () => { toSvg = null; });
  }
}

// The arrow keys on a plane's handle: one state a press, five with Shift, within the n x n grid.
function planeKeys(handle, n, get, set) {
  handle.addEventListener("keydown", event => {
    const step = event.shiftKey ? 5 : 1;
    const moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step]};
    const m = moves[event.key];
    if (!m) return;
    event.preventDefault();
    const [ix, iy] = get();
    set(Math.max(0, Math.min(n - 1, ix + m[0])), Math.max(0, Math.min(n - 1, iy + m[1])));
  });
}

function valueScale(spec, y0, h) {
  return v => y0 + (spec.max - v) / (spec.max - spec.min) * h;
}

function barsPanel(panel, spec, x0, width, words) {
  const y0 = TOP, h = SIDE - 30, sy = valueScale(spec, y0, h);
  axisBox(panel, x0, y0, width, h);
  const ticks = spec.min < 0 ? [-1, -0.5, 0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1];
  for (const t of ticks) {
    svg("line", {x1: x0, y1: sy(t), x2: x0 + width, y2: sy(t), stroke: t === 0 ? "#888888" : GRID_LINE}, panel);
    svg("text", {x: x0 - 4, y: sy(t) + 4, "text-anchor": "end", "font-size": 13.5, fill: MUTED}, panel).textContent = String(t).replace("-", "−");
  }
  const slot = width / words.length;
  const bars = words.map((word, w) => {
    svg("text", {x: x0 + slot * (w + 0.5), y: y0 + h + 18, "text-anchor": "middle", "font-size": 14, fill: TEXT}, panel).textContent = word;
    return svg("rect", {x: x0 + slot * (w + 0.2), width: slot * 0.6}, panel);
  });
  const onehot = spec.one_hot ? svg("rect", {width: slot * 0.8, fill: "none", stroke: TEXT, "stroke-width": 1.6,
                                             "stroke-dasharray": "5 3"}, panel) : null;
  return (state, o) => {
    const values = state[spec.field];
    bars.forEach((bar, w) => {
      const v = values[w], top = Math.min(sy(v), sy(0));
      bar.setAttribute("y", top);
      bar.setAttribute("height", Math.abs(sy(v) - sy(0)));
      bar.setAttribute("fill", w === o ? spec.observed_color : spec.color);
    });
    if (onehot) {
      onehot.setAttribute("x", x0 + slot * (o + 0.1));
      onehot.setAttribute("y", sy(1));
      onehot.setAttribute("height", sy(0) - sy(1));
    }
  };
}

function pairPanel(panel, spec, x0, width) {
  const y0 = TOP, h = SIDE - 30, sy = valueScale(spec, y0, h);
  axisBox(panel, x0, y0, width, h);
  const step = spec.max > 8 ? 2 : 1;
  for (let t = 0; t <= spec.max; t += step) {
    svg("line", {x1: x0, y1: sy(t), x2: x0 + width, y2: sy(t), stroke: GRID_LINE}, panel);
    svg("text", {x: x0 - 4, y: sy(t) + 4, "text-anchor": "end", "font-size": 13.5, fill: MUTED}, panel).textContent = String(t);
  }
  const slot = width / 2;
  const parts = spec.fields.map((field, k) => {
    svg("text", {x: x0 + slot * (k + 0.5), y: y0 + h + 18, "text-anchor": "middle", "font-size": 14, fill: TEXT}, panel).textContent = spec.labels[k];
    const bar = svg("rect", {x: x0 + slot * (k + 0.25), width: slot * 0.5, fill: spec.colors[k]}, panel);
    const label = svg("text", {x: x0 + slot * (k + 0.5), "text-anchor": "middle", "font-size": 14, fill: TEXT}, panel);
    return {field, bar, label};
  });
  return state => {
    for (const {field, bar, label} of parts) {
      const v = state[field];
      bar.setAttribute("y", sy(v)); bar.setAttribute("height", sy(0) - sy(v));
      label.setAttribute("y", sy(v) - 5); label.textContent = fmt(v, 3);
    }
  };
}

function mix(hex, t) {  // from white to the colour, t in [0, 1]
  const c = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
  const m = c.map(v => Math.round(255 + (v - 255) * t));
  const lum = m.map(v => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
  const L = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
  return {fill: `rgb(${m.join(",")})`, text: (L + 0.05) / 0.05 >= 1.05 / (L + 0.05) ? "#000000" : "#ffffff"};
}

function matrixPanel(panel, spec, x0, width, words, root) {
  const nWords = words.length, dim = 2, cell = Math.min(width / (nWords + 1), 52);
  const dims = Array.from({length: dim}, (_, i) => `dim ${i + 1}`);
  const g = svg("g", {}, panel);
  let layout = spec.layout;
  const rects = [], texts = [];
  for (let k = 0; k < nWords * dim; k++) {
    rects.push(svg("rect", {width: cell - 2, height: cell - 2}, g));
    texts.push(svg("text", {"text-anchor": "middle", "font-size": 13.5}, g));
  }
  const frame = svg("rect", {fill: "none", stroke: spec.frame, "stroke-width": 3}, g);
  const names = svg("g", {}, g);
  const caption = svg("g", {}, panel);
  const gx = x0 + 70, gy = TOP + 40;
  function place() {
    names.replaceChildren();
    const [rows, cols] = layout === "paper" ? [dims, words] : [words, dims];
    rows.forEach((r, i) => { svg("text", {x: gx - 6, y: gy + i * cell + cell / 2 + 4, "text-anchor": "end", "font-size": 14, fill: TEXT}, names).textContent = r; });
    cols.forEach((c, j) => { svg("text", {x: gx + j * cell + cell / 2, y: gy - 8, "text-anchor": "middle", "font-size": 14, fill: TEXT}, names).textContent = c; });
    caption.replaceChildren();
    spec.captions[layout].split("; ").forEach((line, k, all) => {
      richSvg(svg("text", {x: x0 + width / 2, y: TOP + SIDE - 10 - 22 * (all.length - 1 - k), "text-anchor": "middle",
                           "font-size": 13.5, fill: TEXT}, caption), line);
    });
    for (let w = 0; w < nWords; w++) for (let i = 0; i < dim; i++) {
      const [r, c] = layout === "paper" ? [i, w] : [w, i];
      const k = w * dim + i;
      rects[k].setAttribute("x", gx + c * cell + 1); rects[k].setAttribute("y", gy + r * cell + 1);
      texts[k].setAttribute("x", gx + c * cell + cell / 2); texts[k].setAttribute("y", gy + r * cell + cell / 2 + 4);
    }
  }
  const button = html("button", {type: "button", class: "w2v-layout"}, root);
  const label = () => { button.textContent = layout === "paper" ? "show the code's layout (|V| × d)" : "show the paper's layout (d × |V|)"; };
  let last = null;
  button.addEventListener("click", () => { layout = layout === "paper" ? "code" : "paper"; place(); label(); last && last(); });
  place(); label();
  return (state, o) => {
    const m = state[spec.field];
    for (let w = 0; w < nWords; w++) for (let i = 0; i < dim; i++) {
      const v = m[w][i], k = w * dim + i;
      const c = mix(v < 0 ? spec.negative : spec.positive, Math.min(1, Math.abs(v) / spec.limit));
      rects[k].setAttribute("fill", c.fill);
      texts[k].setAttribute("fill", c.text);
      texts[k].textContent = fmt(v, 2);
    }
    if (layout === "paper") {
      frame.setAttribute("x", gx + o * cell); frame.setAttribute("y", gy); frame.setAttribute("width", cell); frame.setAttribute("height", dim * cell);
    } else {
      frame.setAttribute("x", gx); frame.setAttribute("y", gy + o * cell); frame.setAttribute("width", dim * cell); frame.setAttribute("height", cell);
    }
    last = () => root.__w2vRedraw && root.__w2vRedraw();
  };
}

// ---- part (e): x dragged along the sigmoid ----------------------------------------------------------
function curveFigure(root, data) {
  const grid = new Grid(data.grid, data.quantum);
  const axis = data.axis, n = axis.length, scene = data.scene;
  let i = data.start;
  const [xa, xb] = scene.x_range;
  const figure = svg("svg", {viewBox: `0 0 ${W} ${H}`, class: "w2v-svg", role: "group", "aria-label": "the sigmoid and its derivative"}, null);
  root.appendChild(figure);
  const panels = [scene.left, scene.right].map((spec, k) => {
    const x0 = PAD + 30 + k * (SIDE + 20), w = SIDE - 30, y0 = TOP, h = SIDE - 20;
    const sx = x => x0 + (x - xa) / (xb - xa) * w;
    const sy = y => y0 + (spec.y_range[1] - y) / (spec.y_range[1] - spec.y_range[0]) * h;
    const g = svg("g", {}, figure);
    richSvg(svg("text", {x: x0 + w / 2, y: 22, "text-anchor": "middle", "font-size": 16, fill: TEXT}, g), spec.title);
    axisBox(g, x0, y0, w, h);
    const clip = svg("clipPath", {id: `${root.id}-clip-${k}`}, g);
    svg("rect", {x: x0, y: y0, width: w, height: h}, clip);
    for (const t of [-8, -4, 0, 4, 8]) svg("text", {x: sx(t), y: y0 + h + 16, "text-anchor": "middle", "font-size": 13.5, fill: MUTED}, g).textContent = String(t).replace("-", "−");
    const yt = k === 0 ? [0, 0.5, 1] : [0, 0.1, 0.2, 0.3];
    for (const t of yt) {
      svg("line", {x1: x0, y1: sy(t), x2: x0 + w, y2: sy(t), stroke: GRID_LINE}, g);
      svg("text", {x: x0 - 4, y: sy(t) + 4, "text-anchor": "end", "font-size": 13.5, fill: MUTED}, g).textContent = String(t);
    }
    const pts = spec.curve[0].map((x, j) => `${sx(x).toFixed(2)},${sy(spec.curve[1][j]).toFixed(2)}`).join(" ");
    svg("polyline", {points: pts, fill: "none", stroke: scene.colors.curve, "stroke-width": 2.5}, g);
    if (spec.marks) spec.marks[0].forEach((x, j) => {
      svg("text", {x: sx(x), y: sy(spec.marks[1][j]) + 5, "text-anchor": "middle", "font-size": 15, fill: scene.colors.marks}, g).textContent = "×";
    });
    return {g, sx, sy, x0, w, y0, h, clip: `url(#${root.id}-clip-${k})`};
  });
  const [left, right] = panels;
  const tangent = svg("line", {stroke: scene.colors.tangent, "stroke-width": 2.2, "clip-path": left.clip}, left.g);
  const slopeDot = svg("circle", {r: 6, fill: scene.colors.tangent}, right.g);
  const hit = svg("rect", {x: left.x0, y: left.y0, width: left.w, height: left.h, fill: "transparent", class: "w2v-drag-area"}, left.g);
  const handle = svg("circle", {r: 9, fill: scene.colors.tangent, stroke: "#ffffff", "stroke-width": 2.5, tabindex: 0,
    role: "slider", "data-w2v-handle": "x", class: "w2v-handle",
    "aria-label": "the point x on the sigmoid: drag it, or use the arrow keys (Shift for larger steps)",
    "aria-valuemin": axis[0], "aria-valuemax": axis[n - 1]}, left.g);
  const lines = readout(root, scene.readout);
  legend(root, scene.legend);

  function redraw() {
    const t0 = performance.now();
    const state = {x: axis[i]};
    for (const name of Object.keys(grid.fields)) state[name] = grid.nested(name, null, i);
    const t = state.tangent;
    tangent.setAttribute("x1", left.sx(t[0])); tangent.setAttribute("y1", left.sy(t[1]));
    tangent.setAttribute("x2", left.sx(t[2])); tangent.setAttribute("y2", left.sy(t[3]));
    handle.setAttribute("cx", left.sx(state.x)); handle.setAttribute("cy", left.sy(state.sigmoid));
    slopeDot.setAttribute("cx", right.sx(state.x)); slopeDot.setAttribute("cy", right.sy(state.sigmoid_grad));
    handle.setAttribute("aria-valuenow", state.x);
    handle.setAttribute("aria-valuetext", `x = ${fmt(state.x, 2)}`);
    for (const {item, value} of lines) value.textContent = fmt(state[item.field], item.digits);
    root.setAttribute("data-state", JSON.stringify(state));
    root.setAttribute("data-render-ms", (performance.now() - t0).toFixed(3));
  }
  draggable(figure, [hit, handle], handle, p => {
    const x = xa + (p.x - left.x0) / left.w * (xb - xa);
    const j = Math.max(0, Math.min(n - 1, Math.round((x - axis[0]) / (axis[n - 1] - axis[0]) * (n - 1))));
    if (j !== i) { i = j; redraw(); }
  });
  handle.addEventListener("keydown", event => {
    const step = event.shiftKey ? 50 : 5;
    const m = {ArrowLeft: -step, ArrowDown: -step, ArrowRight: step, ArrowUp: step}[event.key];
    if (!m) return;
    event.preventDefault();
    i = Math.max(0, Math.min(n - 1, i + m));
    redraw();
  });
  redraw();
}

const STYLE = `
.w2v-figure{background:#ffffff;color:${TEXT};border:1px solid #cccccc;border-radius:6px;padding:8px 10px;margin:0.8em 0;
  font-size:14px;line-height:1.4;color-scheme:light}
.w2v-figure .w2v-svg{display:block;width:720px;max-width:100%;height:auto;font-family:inherit;touch-action:none;user-select:none}
.w2v-figure .w2v-handle{cursor:grab}
.w2v-figure .w2v-handle:focus{outline:none;stroke:#000000;stroke-width:3.5}
.w2v-figure .w2v-drag-area{cursor:crosshair}
.w2v-figure sub,.w2v-figure sup{font-size:12px}
.w2v-figure button{font:inherit;font-size:14px;color:${TEXT};background:#f3f3f3;border:1px solid #888888;border-radius:4px;
  padding:2px 9px;margin:2px 3px;cursor:pointer}
.w2v-figure button[aria-pressed="true"]{background:#0072B2;color:#ffffff;border-color:#0072B2}
.w2v-figure .w2v-readout{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:14px;margin:4px 0}
.w2v-figure .w2v-legend{list-style:none;margin:4px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:2px 16px;font-size:14px}
.w2v-figure .w2v-legend li{display:flex;align-items:center;gap:5px;margin:0}
`;

// What a figure kind in its own module (w2v_sampled.js) draws with: this module's helpers.
const KIT = {svg, html, richSvg, richHtml, decode, inflateInts, fmt, makeArrow, setArrow, legend, readout, mix, draggable, planeKeys,
             planeFrame, wordLabel, W, H, PAD, SIDE, TOP, TEXT, MUTED};

let counter = 0;
export async function mount(root, kit = KIT) {
  if (root.dataset.w2vMounted) return;
  root.dataset.w2vMounted = "1";  // at once: a second call while this one inflates does nothing
  draw(root, await inflatePayload(JSON.parse(root.querySelector("script.w2v-figure-data").textContent)), kit);
}

// One figure from its payload, on the website (mount) and in Jupyter (render).
function draw(root, data, kit) {
  root.dataset.w2vMounted = "1";
  if (!root.id) root.id = `w2v-figure-${++counter}`;
  ({curve: curveFigure, sampled: sampledFigure, window: windowFigure}[data.kind] || planeFigure)(root, data, kit);
}

function addStyle(doc) {
  if (!doc.getElementById("w2v-figure-style")) {
    const style = html("style", {id: "w2v-figure-style"}, doc.head);
    style.textContent = STYLE;
  }
}

export function mountAll(doc = document) {
  addStyle(doc);
  doc.querySelectorAll("[data-w2v-figure]").forEach(root => mount(root));  // not forEach(mount): its index is no kit
}

// The Jupyter face (anywidget; w2v_core/views/jupyter_face.py): the same drawing, its payload from
// the kernel's model instead of the page. Parts (f)/(g) ask the kernel for each data file (a custom
// message {type: "w2v-data", name}, answered with the file's bytes) instead of fetching it.
function render({model, el}) {
  addStyle(document);
  const data = model.get("payload");
  const root = html("div", {class: "w2v-figure", "data-w2v-figure": data.part, "data-state": "", "data-render-ms": "",
                            id: `w2v-jupyter-${Math.random().toString(36).slice(2, 12)}`}, el);
  const pending = new Map();
  const answer = (msg, buffers) => {
    const wait = msg && msg.type === "w2v-data" ? pending.get(msg.name) : undefined;
    if (!wait) return;
    pending.delete(msg.name);
    if (msg.error) { wait.reject(new Error(`${msg.name}: ${msg.error}`)); return; }
    const b = buffers[0];
    wait.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  model.on("msg:custom", answer);
  const fetchData = name => new Promise((resolve, reject) => {
    pending.set(name, {resolve, reject});
    model.send({type: "w2v-data", name});
  });
  // The kernel sends the payload coded as the page holds it; inflated into a copy (the model keeps its own).
  inflatePayload(structuredClone(data)).then(inflated => draw(root, inflated, {...KIT, fetchData}));
  return () => model.off("msg:custom", answer);
}
export default {render};

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => mountAll());
else mountAll();
