// Part (h) on the website: the skip-gram window of a sentence, drawn as SVG from precomputed states.
//
// Imported by w2v_figures.js, whose mount() hands every figure of kind "window" to windowFigure()
// together with its drawing helpers (svg, html, richSvg, ...), so both modules draw alike.
// Every number shown was computed at build time by w2v_core (w2v_core/views/web_state.py: state_h
// for every sentence, window size m and center position t; window_payload packs them). This module
// decodes them and looks the current state up; it does no mathematics of its own.
//
// Contract: the root's data-state holds the state's inputs (sentence as word ids, window,
// center_pos, center_vectors and outside_vectors as rows) and the shown numbers (loss,
// grad_center_vectors, grad_outside_vectors, pair_losses, pairs, ...); data-render-ms the duration
// of the last redraw. The controls are a <select> (sentence), two <input type="range"> (m and t) and
// one <button> per token (press a word to make it the center).

const TEXT = "#222222";
const MUTED = "#555555";
const GRID_LINE = "#cccccc";
const COUNT_TEXT = "#A64200";  // vermillion darkened to 5.8:1 on white, for text
const W = 720, H = 420;
const TOP = 126;               // the panels' first row of cells
const PAIRS_X = 58, PAIRS_SIDE = 200, LABEL_X = 330, MAP_V_X = 334, MAP_U_X = 526, MAP_CELL_W = 46;

const STYLE = `
.w2v-figure .w2v-window-controls{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;margin:2px 0 6px}
.w2v-figure .w2v-window-controls label{font-weight:600}
.w2v-figure .w2v-window-controls select,.w2v-figure .w2v-window-controls input{font:inherit;font-size:14px;color:${TEXT};
  background:#ffffff;border:1px solid #767676;border-radius:4px;vertical-align:middle;margin:0 6px}
.w2v-figure .w2v-window-controls output{display:inline-block;min-width:5.5em;font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
.w2v-figure .w2v-tokens{display:flex;flex-wrap:wrap;gap:4px;margin:2px 0 4px}
.w2v-figure .w2v-tokens button{margin:0;min-width:3.2em;line-height:1.25}
.w2v-figure .w2v-tokens button .w2v-pos{display:block;font-size:12px;color:${MUTED}}
.w2v-figure .w2v-tokens button.w2v-outside{background:#F8D5BE;border-color:#D55E00;border-width:2px}
.w2v-figure .w2v-tokens button[aria-pressed="true"]{background:#0072B2;border-color:#0072B2;color:#ffffff}
.w2v-figure .w2v-tokens button[aria-pressed="true"] .w2v-pos{color:#ffffff}
`;

function decodeSentence(entry, decode, quantum) {
  if (!entry.decoded) {
    entry.decoded = {};
    for (const [name, b64] of Object.entries(entry.numbers)) entry.decoded[name] = decode(b64, quantum);
    entry.decoded.pair_losses = decode(entry.pair_losses, quantum);
  }
  return entry.decoded;
}

function rows(flat, nRows) {
  const width = flat.length / nRows, out = [];
  for (let i = 0; i < nRows; i++) out.push(Array.from(flat.slice(i * width, (i + 1) * width)));
  return out;
}

export function windowFigure(root, data, h) {
  const {svg, html, richSvg, richHtml, decode, fmt, mix, legend, readout} = h;
  if (!document.getElementById("w2v-window-style")) {
    html("style", {id: "w2v-window-style"}, document.head).textContent = STYLE;
  }
  const words = data.words, nWords = words.length, dim = data.outside_vectors[0].length;
  const windows = data.windows, scene = data.scene, colors = scene.colors;
  let s = data.start.sentence, mi = windows.indexOf(data.start.window), t = data.start.center_pos;
  // Decoded once, here: a first choice of a sentence then costs no more than any other change.
  for (const entry of data.sentences) decodeSentence(entry, decode, data.quantum);
  const uid = root.id;

  // ---- the controls ----------------------------------------------------------------------------
  const controls = html("div", {class: "w2v-window-controls"}, root);
  const sentenceLabel = html("label", {for: `${uid}-sentence`}, controls, "sentence ");
  const select = html("select", {id: `${uid}-sentence`, "data-w2v-control": "sentence"}, sentenceLabel);
  data.sentences.forEach((entry, k) => html("option", {value: k}, select, entry.tokens.join(" ")));
  function range(name, label, min, max, value) {
    const wrap = html("span", {}, controls);
    html("label", {for: `${uid}-${name}`}, wrap, label + " ");
    const input = html("input", {type: "range", id: `${uid}-${name}`, "data-w2v-control": name,
                                 min, max, step: 1, value}, wrap);
    const output = html("output", {for: `${uid}-${name}`, "aria-live": "off"}, wrap);
    return {input, output};
  }
  const windowRange = range("window", "window size m", windows[0], windows[windows.length - 1], windows[mi]);
  const centerRange = range("center_pos", "center position t", 0, data.sentences[s].ids.length - 1, t);
  const tokens = html("div", {class: "w2v-tokens", role: "group",
                              "aria-label": "the sentence: press a word to make it the center"}, root);

  // ---- the drawing -----------------------------------------------------------------------------
  const figure = svg("svg", {viewBox: `0 0 ${W} ${H}`, class: "w2v-svg", role: "group",
                             "aria-label": "the skip-gram window: its pairs, J_sg and the gradients"}, null);
  root.appendChild(figure);
  // J_sg as the sum of its pair losses: one segment per pair, on a scale fixed over every state.
  const lossTitle = svg("text", {x: 10, y: 20, "font-size": 16, fill: TEXT}, figure);
  const BAR_X = 10, BAR_W = W - 20, BAR_Y = 32, BAR_H = 28;
  svg("rect", {x: BAR_X, y: BAR_Y, width: BAR_W, height: BAR_H, fill: "#f4f4f4", stroke: GRID_LINE}, figure);
  const maxPairs = Math.max(...data.sentences.map(e => e.ids.length - 1));
  const segments = Array.from({length: maxPairs}, (_, k) => {
    const g = svg("g", {}, figure);
    const rect = svg("rect", {y: BAR_Y, height: BAR_H, fill: k % 2 ? "#F8D5BE" : "#F2B089", stroke: "#ffffff",
                              "stroke-width": 1.5}, g);
    const label = svg("text", {y: BAR_Y + 19, "text-anchor": "middle", "font-size": 13.5, fill: TEXT}, g);
    return {g, rect, label};
  });
  const scaleNote = svg("text", {x: W - 10, y: BAR_Y + BAR_H + 16, "text-anchor": "end", "font-size": 13.5, fill: MUTED}, figure);
  scaleNote.textContent = `bar: 0 to ${fmt(data.loss_max, 1)}, the largest J_sg of every state`;

  const titles = scene.titles;
  richSvg(svg("text", {x: PAIRS_X + PAIRS_SIDE / 2, y: 96, "text-anchor": "middle", "font-size": 14, fill: TEXT}, figure), titles.pairs);
  richSvg(svg("text", {x: MAP_V_X + 2 * MAP_CELL_W, y: 96, "text-anchor": "middle", "font-size": 14, fill: TEXT}, figure), titles.center);
  richSvg(svg("text", {x: MAP_U_X + 2 * MAP_CELL_W, y: 96, "text-anchor": "middle", "font-size": 14, fill: TEXT}, figure), titles.outside);

  // The pairs grid: rebuilt when the sentence changes (its size is the sentence's length).
  const pairsLayer = svg("g", {class: "w2v-pairs"}, figure);
  let pairCells = [], pairFrame = null, cell = 20;

  // The two heat maps, |V| x d (the code's layout), one row per vocabulary word.
  const cellH = Math.min(24, 240 / nWords);
  const maps = [MAP_V_X, MAP_U_X].map(x0 => {
    const g = svg("g", {}, figure);
    for (let i = 0; i < dim; i++) {
      richSvg(svg("text", {x: x0 + (i + 0.5) * MAP_CELL_W, y: TOP - 10, "text-anchor": "middle", "font-size": 13.5, fill: MUTED}, g), `d_${i + 1}`);
    }
    const cells = [];
    for (let w = 0; w < nWords; w++) for (let i = 0; i < dim; i++) {
      const rect = svg("rect", {x: x0 + i * MAP_CELL_W + 1, y: TOP + w * cellH + 1, width: MAP_CELL_W - 2, height: cellH - 2}, g);
      const text = svg("text", {x: x0 + (i + 0.5) * MAP_CELL_W, y: TOP + w * cellH + cellH / 2 + 4.5,
                                "text-anchor": "middle", "font-size": 13.5}, g);
      cells.push({rect, text});
    }
    const frames = [];
    return {g, x0, cells, frames};
  });
  const rowLabels = words.map((word, w) => svg("text", {x: LABEL_X, y: TOP + w * cellH + cellH / 2 + 4.5,
                                                        "text-anchor": "end", "font-size": 13.5, fill: TEXT}, figure));
  const centerFrame = svg("rect", {x: MAP_V_X, width: dim * MAP_CELL_W, height: cellH, fill: "none",
                                   stroke: colors.center, "stroke-width": 3}, figure);
  const outsideFrames = words.map(() => svg("rect", {x: MAP_U_X, width: dim * MAP_CELL_W, height: cellH, fill: "none",
                                                     stroke: colors.outside, "stroke-width": 2.5}, figure));
  const captionY = TOP + nWords * cellH + 22;
  scene.caption.split("; ").forEach((line, k) => {
    richSvg(svg("text", {x: W - 10, y: captionY + 21 * k, "text-anchor": "end", "font-size": 13.5, fill: TEXT}, figure),
            k === 0 ? `${line}; colours saturate beyond ±${scene.limit}` : line);
  });

  const lines = readout(root, [{label: "J_sg"}, {label: "pairs (t, t+j)"}]);
  legend(root, scene.legend);

  // ---- building for one sentence, drawing one state ----------------------------------------------
  let tokenButtons = [];
  function buildSentence() {
    const entry = data.sentences[s], n = entry.ids.length;
    centerRange.input.max = n - 1;
    t = Math.min(t, n - 1);
    centerRange.input.value = t;
    select.value = String(s);
    tokens.replaceChildren();
    tokenButtons = entry.tokens.map((word, p) => {
      const b = html("button", {type: "button", "data-w2v-token": p}, tokens);
      html("span", {class: "w2v-pos"}, b, String(p));
      b.appendChild(document.createTextNode(word));
      b.addEventListener("click", () => { t = p; centerRange.input.value = p; redraw(); });
      return b;
    });
    pairsLayer.replaceChildren();
    cell = Math.min(24, PAIRS_SIDE / n);
    pairCells = [];
    for (let c = 0; c < n; c++) {
      svg("text", {x: PAIRS_X - 5, y: TOP + c * cell + cell / 2 + 4.5, "text-anchor": "end", "font-size": 13.5, fill: MUTED}, pairsLayer).textContent = c;
      svg("text", {x: PAIRS_X + c * cell + cell / 2, y: TOP - 4, "text-anchor": "middle", "font-size": 13.5, fill: MUTED}, pairsLayer).textContent = c;
      const row = [];
      for (let p = 0; p < n; p++) {
        row.push(svg("rect", {x: PAIRS_X + p * cell, y: TOP + c * cell, width: cell, height: cell,
                              stroke: "#ffffff", "stroke-width": 1}, pairsLayer));
      }
      pairCells.push(row);
    }
    svg("rect", {x: PAIRS_X, y: TOP, width: n * cell, height: n * cell, fill: "none", stroke: GRID_LINE}, pairsLayer);
    pairFrame = svg("rect", {x: PAIRS_X - 1, width: n * cell + 2, height: cell, fill: "none", stroke: colors.center,
                             "stroke-width": 2.5}, pairsLayer);
    svg("text", {x: PAIRS_X + n * cell / 2, y: TOP + n * cell + 17, "text-anchor": "middle", "font-size": 13.5, fill: MUTED}, pairsLayer)
      .textContent = "outside position t+j";
    svg("text", {x: PAIRS_X - 5, y: TOP - 4, "text-anchor": "end", "font-size": 13.5, fill: MUTED}, pairsLayer).textContent = "t";
  }

  function currentState() {
    const entry = data.sentences[s], n = entry.ids.length;
    const numbers = decodeSentence(entry, decode, data.quantum);
    const k = mi * n + t, size = nWords * dim;
    const positions = entry.outside_positions[mi][t];
    const padded = Math.max(n - 1, 1);
    return {
      sentence_idx: s, sentence: entry.ids, tokens: entry.tokens, window: windows[mi], center_pos: t,
      center_idx: entry.ids[t], center_vectors: data.center_vectors, outside_vectors: data.outside_vectors,
      loss: numbers.loss[k],
      grad_center_vectors: rows(numbers.grad_center_vectors.subarray(k * size, (k + 1) * size), nWords),
      grad_outside_vectors: rows(numbers.grad_outside_vectors.subarray(k * size, (k + 1) * size), nWords),
      outside_counts: Array.from(numbers.outside_counts.subarray(k * nWords, (k + 1) * nWords)),
      outside_positions: positions,
      pair_losses: Array.from(numbers.pair_losses.subarray(k * padded, k * padded + positions.length)),
      pairs: positions.map(p => [t, p]),
      sentence_pairs: entry.sentence_pairs[mi],
    };
  }

  function paintMap(map, matrix) {
    for (let w = 0; w < nWords; w++) for (let i = 0; i < dim; i++) {
      const v = matrix[w][i], {rect, text} = map.cells[w * dim + i];
      const c = mix(v < 0 ? colors.negative : colors.positive, Math.min(1, Math.abs(v) / scene.limit));
      rect.setAttribute("fill", c.fill);
      text.setAttribute("fill", v === 0 ? MUTED : c.text);
      text.textContent = v === 0 ? "0" : fmt(v, 2);
    }
  }

  function redraw() {
    const t0 = performance.now();
    const state = currentState(), entry = data.sentences[s], n = entry.ids.length;
    const m = state.window, c = state.center_idx;
    windowRange.output.textContent = `m = ${m}`;
    centerRange.output.textContent = `t = ${t}: ${entry.tokens[t]}`;
    windowRange.input.setAttribute("aria-valuetext", `window size ${m}`);
    centerRange.input.setAttribute("aria-valuetext", `position ${t}, ${entry.tokens[t]}`);
    const inWindow = new Set(state.outside_positions);
    tokenButtons.forEach((b, p) => {
      b.setAttribute("aria-pressed", p === t ? "true" : "false");
      b.classList.toggle("w2v-outside", inWindow.has(p));
    });

    // J_sg and its pair losses.
    lossTitle.replaceChildren();
    richSvg(lossTitle, `J_sg = ${fmt(state.loss, 3)}, the sum of ${state.pair_losses.length} pair losses J(v_c, w_{t+j}, U)`);
    let x = BAR_X;
    segments.forEach((seg, k) => {
      if (k >= state.pair_losses.length) { seg.g.style.display = "none"; return; }
      seg.g.style.display = "";
      const width = state.pair_losses[k] / data.loss_max * BAR_W;
      seg.rect.setAttribute("x", x); seg.rect.setAttribute("width", width);
      const word = entry.tokens[state.outside_positions[k]];
      seg.label.setAttribute("x", x + width / 2);
      seg.label.textContent = width > 8 * word.length + 6 ? word : "";
      x += width;
    });

    // The pairs of the sentence for this m; those of center t in vermillion, its row framed.
    const all = new Set(state.sentence_pairs.map(([a, b]) => a * n + b));
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      const fill = a === t && inWindow.has(b) ? colors.outside : all.has(a * n + b) ? colors.other_pair : "#ffffff";
      pairCells[a][b].setAttribute("fill", fill);
    }
    pairFrame.setAttribute("y", TOP + t * cell);

    // The gradients: row c of dJ/dV framed; the rows of the outside words in dJ/dU framed.
    paintMap(maps[0], state.grad_center_vectors);
    paintMap(maps[1], state.grad_outside_vectors);
    centerFrame.setAttribute("y", TOP + c * cellH);
    words.forEach((word, w) => {
      const count = state.outside_counts[w];
      outsideFrames[w].style.display = count > 0 ? "" : "none";
      outsideFrames[w].setAttribute("y", TOP + w * cellH);
      const label = rowLabels[w];
      label.replaceChildren();
      const name = svg("tspan", {fill: w === c ? colors.center : TEXT, "font-weight": w === c ? 700 : 400}, label);
      name.textContent = word;
      if (count > 0) svg("tspan", {fill: COUNT_TEXT}, label).textContent = ` ×${count}`;
    });

    lines[0].value.textContent = fmt(state.loss, 4) + " = " + state.pair_losses.map(v => fmt(v, 3)).join(" + ");
    lines[1].value.textContent = state.pairs.map(([a, b]) => `(${a}, ${b})`).join(" ");
    root.setAttribute("data-state", JSON.stringify(state));
    root.setAttribute("data-render-ms", (performance.now() - t0).toFixed(3));
  }

  select.addEventListener("change", () => { s = parseInt(select.value, 10); buildSentence(); redraw(); });
  windowRange.input.addEventListener("input", () => { mi = windows.indexOf(parseInt(windowRange.input.value, 10)); redraw(); });
  centerRange.input.addEventListener("input", () => { t = parseInt(centerRange.input.value, 10); redraw(); });
  root.__w2vRedraw = () => redraw();
  buildSentence();
  redraw();
}
