// Parts (f) and (g) on the website: v_c dragged in the plane, K and the draw of negatives picked.
//
// The numbers were computed at build time by w2v_core (w2v_core/views/web_sampled.py, state_f and
// state_g). The page holds the rows dJ/du_w that do not depend on the draw (a word drawn once, the
// observed word); the loss and dJ/dv_c of each draw, and the rows of a word drawn n >= 2 times, are
// data files under _static/w2v_data/, fetched when the reader picks that K and draw. The observed word o
// is picked by clicking its name (in the plane or in the row of buttons below it) among
// data.outside_choices; each o has its own draws, since a negative is never o. This module only
// decodes integers (times the quantum) and picks stored rows; it does no mathematics.
// Drawn with the helpers of w2v_figures.js, which passes them in (kit): no import cycle.

export function sampledFigure(root, data, kit) {
  const {svg, html, richSvg, fmt, inflateInts, makeArrow, setArrow, legend, readout, mix, draggable, planeKeys, planeFrame,
         wordLabel, W, PAD, SIDE, TOP, TEXT, MUTED} = kit;
  const scene = data.scene, colors = scene.colors, q = data.quantum;
  const axis = data.axis, n = axis.length, cells = n * n, L = data.limit;
  const U = data.outside_vectors, words = data.words, dim = data.rows.dim;
  const choices = data.outside_choices || [data.outside_idx];
  let o = data.outside_idx;
  const drawsOf = (oWord, kValue) => data.draws[String(oWord)][String(kValue)];
  const kValues = Object.keys(data.draws[String(o)]).map(Number).sort((a, b) => a - b);
  let ix = data.start[0], iy = data.start[1], k = data.k, draw = data.draw, current = null;
  const px = x => PAD + (x + L) / (2 * L) * SIDE;
  const py = y => TOP + (L - y) / (2 * L) * SIDE;

  // -- the numbers: page chunks, fetched files, one state read from them --------------------------
  const chunk = i => data.rows.chunks[i];  // inflated by w2v_figures.js before the figure is built
  const files = new Map();
  // On the website a data file is fetched from beside this module; in Jupyter, kit.fetchData asks the kernel.
  const fetchBytes = kit.fetchData || (name => fetch(new URL(`${data.data_dir}/${name}`, new URL("./", import.meta.url))).then(r => {
    if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
    return r.arrayBuffer();
  }));
  function load(name) {  // every file's integers coded as the page's own (inflateInts, one decoding path)
    if (!files.has(name)) files.set(name, fetchBytes(name).then(b => inflateInts(new Uint8Array(b), data.file_delta[name])));
    return files.get(name);
  }
  const slotOf = (entry, w) => (w === current.o ? "o" : String(entry.counts[w]));
  function filesOf(entry, oWord) {
    const names = new Set([entry.file]);
    for (const rows of Object.values(data.rows.fields)) {
      rows.forEach((slots, w) => {
        const ref = slots[w === oWord ? "o" : String(entry.counts[w])];
        if (Array.isArray(ref)) names.add(ref[0]);
      });
    }
    return [...names];
  }
  const read = (source, at, size) => Array.from(source.subarray(at, at + size), v => v * q);
  function stateAt(cell) {
    const {entry, loaded} = current;
    const state = {center_vec: [axis[ix], axis[iy]], outside_vectors: U, outside_idx: current.o,
                   neg_indices: entry.neg_indices, counts: entry.counts};
    let at = 0;
    for (const f of data.draw_fields) {
      const size = f.shape.reduce((a, b) => a * b, 1);
      const v = read(loaded.get(entry.file), at + cell * size, size);
      state[f.name] = f.shape.length ? v : v[0];
      at += cells * size;
    }
    for (const [name, rows] of Object.entries(data.rows.fields)) {
      state[name] = rows.map((slots, w) => {
        const ref = slots[slotOf(entry, w)];
        if (ref === -1) return new Array(dim).fill(0);
        if (Array.isArray(ref)) return read(loaded.get(ref[0]), ref[1] + cell * dim, dim);
        return read(chunk(ref), cell * dim, dim);
      });
    }
    return state;
  }

  // -- the drawing ----------------------------------------------------------------------------------
  const below = scene.below ? 60 + 30 * words.length : 0;
  const H = TOP + SIDE + 10 + below;
  const figure = svg("svg", {viewBox: `0 0 ${W} ${H}`, class: "w2v-svg", role: "group", "aria-label": scene.title}, null);
  root.appendChild(figure);
  richSvg(svg("text", {x: PAD + SIDE / 2, y: 22, "text-anchor": "middle", "font-size": 16, fill: TEXT}, figure), scene.title);
  const plane = svg("g", {class: "w2v-plane"}, figure);
  planeFrame(plane, L, px, py);
  const clip = svg("clipPath", {id: `${root.id}-plane`}, plane);
  svg("rect", {x: PAD, y: TOP, width: SIDE, height: SIDE}, clip);
  const layer = svg("g", {"clip-path": `url(#${root.id}-plane)`}, plane);
  const vectors = U.map(() => makeArrow(layer, colors.outside, 1.8, false));
  const labels = U.map((u, w) => wordLabel(layer, u, words[w], px, py));
  const tips = U.map(() => makeArrow(layer, colors.outside, 2, true));
  const center = makeArrow(layer, colors.center, 3, false);
  const centerTip = makeArrow(layer, colors.center, 2.2, true);
  const hit = svg("rect", {x: PAD, y: TOP, width: SIDE, height: SIDE, fill: "transparent", class: "w2v-drag-area"}, plane);
  const handle = svg("circle", {r: 9, fill: colors.center, stroke: "#ffffff", "stroke-width": 2.5, tabindex: 0,
    role: "slider", "data-w2v-handle": "center_vec", class: "w2v-handle",
    "aria-label": "tip of v_c: drag it, or use the arrow keys (Shift for larger steps)",
    "aria-valuemin": 0, "aria-valuemax": cells - 1, "aria-valuenow": 0}, plane);

  // Heat maps of the row fields: one row per word, one column per coordinate.
  const P0 = PAD + SIDE + 40, PW = W - P0 - PAD;
  const maps = [];
  function heatMap(spec, x0, y0, cw, ch, names) {
    const g = svg("g", {}, figure);
    richSvg(svg("text", {x: x0 + dim * cw / 2, y: y0 - 26, "text-anchor": "middle", "font-size": 14, fill: TEXT}, g), spec.title);
    for (let i = 0; i < dim; i++) {
      richSvg(svg("text", {x: x0 + (i + 0.5) * cw, y: y0 - 6, "text-anchor": "middle", "font-size": 13.5, fill: MUTED}, g), `d_${i + 1}`);
    }
    const nameTexts = names ? words.map((word, w) => {
      const t = svg("text", {x: x0 - 6, y: y0 + (w + 0.5) * ch + 5, "text-anchor": "end", "font-size": 14, fill: TEXT}, g);
      t.textContent = word;
      return t;
    }) : [];
    const cellsOf = words.map((_, w) => Array.from({length: dim}, (_, i) => ({
      rect: svg("rect", {x: x0 + i * cw + 1, y: y0 + w * ch + 1, width: cw - 2, height: ch - 2}, g),
      text: svg("text", {x: x0 + (i + 0.5) * cw, y: y0 + (w + 0.5) * ch + 5, "text-anchor": "middle", "font-size": 13.5}, g)})));
    const frame = svg("rect", {x: x0, y: y0 + o * ch, width: dim * cw, height: ch, fill: "none", stroke: colors.observed, "stroke-width": 3}, g);
    frame.setAttribute("aria-hidden", "true");
    maps.push({spec, cellsOf, nameTexts, frame, y0, ch});
  }
  if (scene.below) {
    const ch = 30, cw = 62, gap = 46, y0 = TOP + SIDE + 56;
    const span = scene.matrices.length * dim * cw + (scene.matrices.length - 1) * gap;
    let x0 = PAD + 60 + (W - PAD - 60 - span) / 2;
    scene.matrices.forEach((spec, m) => { heatMap(spec, x0, y0, cw, ch, m === 0); x0 += dim * cw + gap; });
  } else {
    const ch = Math.min(30, (SIDE - 30) / words.length), cw = 64;
    heatMap(scene.matrices[0], P0 + (PW - dim * cw) / 2 + 20, TOP + 30, cw, ch, true);
  }
  // (g): how many times each word was drawn, as bars on the right of the plane.
  let countBars = null;
  if (scene.show_counts) {
    const g = svg("g", {}, figure), x0 = P0 + 60, bw = PW - 110, ch = Math.min(40, (SIDE - 40) / words.length);
    const maxK = Math.max(...kValues);
    richSvg(svg("text", {x: P0 + PW / 2, y: 22, "text-anchor": "middle", "font-size": 16, fill: TEXT}, g), "times drawn n_w");
    countBars = words.map((word, w) => {
      const y = TOP + 20 + w * ch;
      svg("text", {x: x0 - 6, y: y + ch / 2 + 5, "text-anchor": "end", "font-size": 14, fill: TEXT}, g).textContent = word;
      const bar = svg("rect", {x: x0, y: y + 4, height: ch - 8, width: 0}, g);
      const label = svg("text", {y: y + ch / 2 + 5, "font-size": 14, fill: TEXT}, g);
      return {bar, label, scale: bw / maxK};
    });
  }

  // -- the controls -----------------------------------------------------------------------------------
  const bar = html("div", {class: "w2v-words", role: "group", "aria-label": "number of negatives K and the draw"}, root);
  html("span", {}, bar, "K = ");
  const kButtons = kValues.map(value => {
    const b = html("button", {type: "button", "data-w2v-k": value}, bar, String(value));
    b.addEventListener("click", () => choose(value, draw, o));
    return b;
  });
  const again = html("button", {type: "button", "data-w2v-draw-again": ""}, bar, "draw again");
  again.addEventListener("click", () => choose(k, (draw + 1) % drawsOf(o, k).length, o));
  // The observed word o: a button per word the page offers (keyboard), and a click on its name in the plane.
  const pick = html("div", {class: "w2v-words", role: "group", "aria-label": "observed outside word o"}, root);
  html("span", {}, pick, "observed word o: ");
  const wordButtons = choices.map(w => {
    const b = html("button", {type: "button", "data-w2v-word": w}, pick, words[w]);
    b.addEventListener("click", () => choose(k, draw, w));
    return b;
  });
  choices.forEach(w => {
    plane.insertBefore(labels[w], handle);  // above the drag area, which would take the click, below the handle
    labels[w].classList.add("w2v-pickable");
    labels[w].style.cursor = "pointer";
    labels[w].setAttribute("data-w2v-word-label", w);
    labels[w].addEventListener("click", () => choose(k, draw, w));
  });
  const status = html("div", {class: "w2v-status", "aria-live": "polite"}, root);
  const lines = readout(root, scene.readout);
  legend(root, scene.legend);

  function roleColor(state, w) {
    if (w === state.outside_idx) return colors.observed;
    return state.counts[w] > 0 ? colors.negative : colors.outside;
  }
  function redraw() {
    if (!current) return;
    const t0 = performance.now();
    const cell = iy * n + ix;
    const state = stateAt(cell);
    const rows = state[scene.tips.field];
    U.forEach((u, w) => {
      const color = roleColor(state, w);
      const a = vectors[w];
      a.line.setAttribute("stroke", color); a.head.setAttribute("fill", color);
      setArrow(a, px(0), py(0), px(u[0]), py(u[1]));
      // Names in text colours of enough contrast (vermillion is not, on white): o in black, the drawn in green.
      labels[w].setAttribute("fill", color === colors.outside ? MUTED : color === colors.observed ? TEXT : color);
      labels[w].setAttribute("font-weight", color === colors.outside ? "normal" : "bold");
      const t = tips[w];
      t.line.setAttribute("stroke", color); t.head.setAttribute("fill", color);
      setArrow(t, px(u[0]), py(u[1]), px(u[0] + rows[w][0]), py(u[1] + rows[w][1]));
    });
    const v = state.center_vec, g = state[scene.tips.center];
    setArrow(center, px(0), py(0), px(v[0]), py(v[1]));
    setArrow(centerTip, px(v[0]), py(v[1]), px(v[0] + g[0]), py(v[1] + g[1]));
    handle.setAttribute("cx", px(v[0])); handle.setAttribute("cy", py(v[1]));
    handle.setAttribute("aria-valuenow", cell);
    handle.setAttribute("aria-valuetext", `v_c = (${fmt(v[0], 2)}, ${fmt(v[1], 2)})`);
    const [neg, pos] = scene.matrix_colors;
    for (const {spec, cellsOf, nameTexts, frame, y0, ch} of maps) {
      frame.setAttribute("y", y0 + state.outside_idx * ch);
      const m = state[spec.field];
      cellsOf.forEach((row, w) => row.forEach(({rect, text}, i) => {
        const c = mix(m[w][i] < 0 ? neg : pos, Math.min(1, Math.abs(m[w][i]) / scene.matrix_limit));
        rect.setAttribute("fill", c.fill); text.setAttribute("fill", c.text);
        text.textContent = fmt(m[w][i], 2);
      }));
      nameTexts.forEach((t, w) => t.setAttribute("font-weight", state.counts[w] > 0 || w === state.outside_idx ? "bold" : "normal"));
    }
    if (countBars) countBars.forEach(({bar, label, scale}, w) => {
      const c = state.counts[w];
      bar.setAttribute("width", c * scale);
      bar.setAttribute("fill", colors.negative);
      label.setAttribute("x", P0 + 60 + c * scale + 6);
      label.textContent = c > 1 ? `${c}: repeated` : String(c);
    });
    for (const {item, value} of lines) value.textContent = fmt(state[item.field], item.digits);
    root.setAttribute("data-state", JSON.stringify(state));
    root.setAttribute("data-render-ms", (performance.now() - t0).toFixed(3));
  }

  async function choose(kNew, drawNew, oNew) {
    const entry = drawsOf(oNew, kNew)[drawNew];
    root.setAttribute("aria-busy", "true");
    try {
      const names = filesOf(entry, oNew);
      const arrays = await Promise.all(names.map(load));
      current = {entry, o: oNew, loaded: new Map(names.map((name, i) => [name, arrays[i]]))};
      k = kNew; draw = drawNew; o = oNew;
      kButtons.forEach((b, i) => b.setAttribute("aria-pressed", kValues[i] === k ? "true" : "false"));
      wordButtons.forEach((b, i) => b.setAttribute("aria-pressed", choices[i] === o ? "true" : "false"));
      const drawn = entry.neg_indices.map(w => words[w]).join(", ");
      status.textContent = `o = ${words[o]}; draw ${draw + 1} of ${drawsOf(o, k).length} for K = ${k}: ${drawn}`;
      redraw();
      root.setAttribute("data-w2v-draw", `${k}:${draw}`);
      root.setAttribute("data-w2v-outside", String(o));
    } catch (error) {
      status.textContent = `The numbers of this draw could not be loaded (${error.message}); ` +
        "the figure needs the site to be served by a web server.";
    } finally {
      root.setAttribute("aria-busy", "false");
    }
  }

  const nearest = value => Math.max(0, Math.min(n - 1, Math.round((value - axis[0]) / (axis[n - 1] - axis[0]) * (n - 1))));
  draggable(figure, [hit, handle], handle, p => {
    const jx = nearest((p.x - PAD) / SIDE * 2 * L - L), jy = nearest(L - (p.y - TOP) / SIDE * 2 * L);
    if (jx !== ix || jy !== iy) { ix = jx; iy = jy; redraw(); }
  });
  planeKeys(handle, n, () => [ix, iy], (jx, jy) => { ix = jx; iy = jy; redraw(); });
  choose(k, draw, o);
}
