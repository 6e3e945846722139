// The answer box under an exercise (see _ext/w2v_checker.py): a live preview of the student's LaTeX, and on
// Check, the verdict of w2v_core.check, computed by Python in a Web Worker. Python is loaded on the first
// press of Check only; the page shows what it is loading meanwhile. This script only shows: every verdict,
// mark and message comes from the checker.
(function () {
  "use strict";

  const BASE = new URL(".", document.currentScript.src).href;
  const LOAD_TIMEOUT_MS = 240000; // a slow machine on a first visit
  const CHECK_TIMEOUT_MS = 60000; // the checker caps its own time well below this
  const PREVIEW_DELAY_MS = 250;
  const PREVIEW_MAX_CHARS = 4000;

  const VERDICT_TEXT = {
    correct: "Correct",
    mistake: "A known mistake",
    shape: "The shapes do not match",
    wrong: "Not equal to the right answer",
    unreadable: "The checker could not read it",
  };
  const STEP_MARK = {
    start: ["•", "first line, checked against the part's definitions"],
    ok: ["✓", "equal to the line before"],
    wrong: ["✗", "not equal to the line before"],
    unreadable: ["?", "not read"],
  };

  // -- the engine: one worker for the page, or the page itself where a module worker cannot start --------
  let engine = null;

  function makeEngine(version) {
    const pending = new Map();
    let nextId = 1;
    let worker = null;
    let direct = null; // the engine module on the main thread, if the worker failed to start

    function settle(id, message) {
      const job = pending.get(id);
      if (!job) return;
      if (message.status) { job.onStatus(message.status); return; }
      pending.delete(id);
      clearTimeout(job.timer);
      if (message.error !== undefined) job.reject(new Error(message.error));
      else job.resolve(message);
    }

    function startWorker() {
      try {
        worker = new Worker(new URL(`checker-worker.mjs?v=${version}`, BASE), { type: "module" });
      } catch (error) {
        worker = null;
        return;
      }
      worker.onmessage = (event) => { if (event.data && event.data.id) settle(event.data.id, event.data); };
      worker.onerror = (event) => {
        // A worker that cannot start (no module workers, a file:// page): run on the page instead.
        event.preventDefault();
        worker.terminate();
        worker = null;
        const jobs = Array.from(pending.entries());
        jobs.forEach(([id, job]) => { pending.delete(id); clearTimeout(job.timer); runDirect(job); });
      };
    }

    async function runDirect(job) {
      try {
        if (direct === null) direct = import(new URL(`checker-engine.mjs?v=${version}`, BASE).href);
        const module = await direct;
        const started = performance.now();
        const result = job.request
          ? await module.check(BASE, version, job.onStatus, job.request)
          : (await module.start(BASE, version, job.onStatus), null);
        job.resolve({ result, ms: performance.now() - started });
      } catch (error) {
        job.reject(error);
      }
    }

    function run(request, onStatus, timeoutMs) {
      return new Promise((resolve, reject) => {
        const job = { request, onStatus, resolve, reject };
        if (worker === null && direct === null) startWorker();
        if (worker === null) { runDirect(job); return; }
        const id = nextId++;
        job.timer = setTimeout(() => {
          // Python cannot be interrupted inside the worker: end it; the next Check loads a fresh one.
          pending.delete(id);
          worker.terminate();
          worker = null;
          engine = null;
          reject(new Error(`the checker gave no answer within ${Math.round(timeoutMs / 1000)} s and was stopped; ` +
                           "press Check to try again"));
        }, timeoutMs);
        pending.set(id, job);
        worker.postMessage({ id, base: BASE, request });
      });
    }

    return { run, loaded: false };
  }

  // -- what the student typed: mode and preview ------------------------------------------------------------
  /** Answer or derivation? A derivation has more equalities than left sides naming a derivative
   *  (two answers, dJ/du_o = ... and dJ/du_k = ..., are still answers). Equal signs inside braces (sum
   *  limits) and inside cases do not count. Only a first guess: the reader may change it. */
  function guessMode(text) {
    const flat = text.replace(/\\begin\{cases\}[\s\S]*?\\end\{cases\}/g, " ").replace(/\\(neq|ne|leq|geq|approx)\b/g, " ");
    let equalities = 0;
    let leftSides = 0;
    for (const line of flat.split(/\n|\\\\/)) {
      let top = line;
      for (let previous = null; previous !== top;) { previous = top; top = top.replace(/\{[^{}]*\}/g, ""); }
      const count = (top.match(/=/g) || []).length;
      equalities += count;
      if (count && /\\partial|\\delta|\\nabla|\\frac\s*\{\s*d/.test(line.split("=")[0])) leftSides += 1;
    }
    return equalities >= 2 && equalities > leftSides ? "derivation" : "answer";
  }

  /** The student's text with its math delimited for MathJax: $$ $$ and $ $ become \[ \] and \( \). */
  function previewSource(text) {
    let source = text.length > PREVIEW_MAX_CHARS ? text.slice(0, PREVIEW_MAX_CHARS) : text;
    const delimited = /\$|\\\[|\\\(|\\begin\{/.test(source);
    if (!delimited) return source.trim() ? `\\[${source}\\]` : "";
    source = source.replace(/\$\$([\s\S]*?)\$\$/g, (_, math) => `\\[${math}\\]`);
    source = source.replace(/\$([^$]+?)\$/g, (_, math) => `\\(${math}\\)`);
    return source;
  }

  function typeset(elements) {
    const mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise) return Promise.resolve();
    return mj.startup.promise.then(() => {
      if (mj.typesetClear) mj.typesetClear(elements);
      return mj.typesetPromise(elements);
    }).catch((error) => console.warn("[w2v checker] MathJax:", error));
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = text;
    return el;
  }

  const RAW_MAX_CHARS = 300;

  function rawText(text) {
    const shown = text.length > RAW_MAX_CHARS ? `${text.slice(0, RAW_MAX_CHARS)}… (${text.length} characters)` : text;
    const block = element("pre", "w2v-step-raw");
    block.appendChild(element("code", null, shown));
    return block;
  }

  /** One step's LaTeX as display math: its own delimiters removed, an aligned row kept aligned. */
  function displayMath(latex) {
    let math = latex.trim()
      .replace(/^\$\$([\s\S]*)\$\$$/, "$1").replace(/^\\\[([\s\S]*)\\\]$/, "$1").replace(/^\$([\s\S]*)\$$/, "$1").trim();
    if (/&|\\\\/.test(math)) math = `\\begin{aligned}${math}\\end{aligned}`;
    // textContent, never innerHTML: the student's text is shown, not interpreted by the page.
    return element("div", "w2v-step-math", `\\[${math}\\]`);
  }

  // -- one answer box --------------------------------------------------------------------------------------
  function setUp(box) {
    const part = box.dataset.w2vCheckForm;
    const version = box.dataset.w2vVersion || "";
    const labels = JSON.parse(box.dataset.w2vLabels || "{}");
    const words = JSON.parse(box.dataset.w2vWords || "{}");
    const input = box.querySelector("[data-w2v-check]");
    const preview = box.querySelector("[data-w2v-preview]");
    const button = box.querySelector("[data-w2v-check-button]");
    const status = box.querySelector("[data-w2v-status]");
    const verdict = box.querySelector("[data-w2v-verdict]");
    const details = box.querySelector("[data-w2v-details]");
    const modeNote = box.querySelector("[data-w2v-mode-note]");
    const modeInputs = Array.from(box.querySelectorAll("[data-w2v-mode] input[type=radio]"));
    let modeChosenByHand = false;
    let previewTimer = null;

    function setMode(mode) { modeInputs.forEach((radio) => { radio.checked = radio.value === mode; }); }
    function mode() { return (modeInputs.find((radio) => radio.checked) || { value: "answer" }).value; }
    function quantity() {
      const chosen = box.querySelector("[data-w2v-quantity] input[type=radio]:checked");
      return chosen && chosen.value ? chosen.value : null;
    }

    modeInputs.forEach((radio) => radio.addEventListener("change", () => {
      modeChosenByHand = true;
      modeNote.textContent = "";
    }));

    function guessModeNow() {
      const text = input.value;
      if (!modeChosenByHand && text.trim()) {
        const guessed = guessMode(text);
        if (guessed !== mode()) setMode(guessed);
        modeNote.textContent = `(chosen from what you typed: ${guessed === "answer" ? "one answer" : "several steps"})`;
      }
    }

    function refreshPreview() {
      const text = input.value;
      preview.textContent = previewSource(text);
      if (text.length > PREVIEW_MAX_CHARS) {
        preview.appendChild(element("p", "w2v-check-note", `(the preview shows the first ${PREVIEW_MAX_CHARS} characters)`));
      }
      typeset([preview]);
    }
    input.addEventListener("input", () => {
      guessModeNow(); // at once, so that the mode shown is the mode Check will use
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, PREVIEW_DELAY_MS);
    });

    function setState(state) { box.dataset.w2vState = state; box.setAttribute("aria-busy", String(state === "loading" || state === "checking")); }

    /** The quantity as typeset math where the part's picker has its LaTeX, else in words. */
    function quantityNode(key) {
      if (labels[key]) return element("span", "w2v-result-quantity", `\\(${labels[key]}\\)`);
      return element("span", "w2v-result-quantity", words[key] || key);
    }

    function showResults(data, ms, first) {
      const results = data.results || [];
      // The report's verdict (the worst of its results) and the result that has it.
      const shown = results.find((r) => r.verdict === data.verdict) || results[0] ||
        { verdict: "unreadable", mistake: null, message: "The checker found nothing to check." };
      const overall = data.verdict || shown.verdict;
      const wrongSteps = results.filter((r) => r.first_wrong_line !== null && r.first_wrong_line !== undefined);
      verdict.dataset.verdict = overall;
      verdict.dataset.mistake = shown.mistake || "";
      verdict.dataset.ok = String(data.ok === true);
      verdict.className = `w2v-check-verdict w2v-verdict-${overall}`;
      verdict.textContent = "";
      const head = element("p", "w2v-verdict-head");
      head.appendChild(element("span", `w2v-badge w2v-badge-${overall}`, VERDICT_TEXT[overall] || overall));
      if (results.length > 1) {
        head.appendChild(document.createTextNode(
          overall === "correct" ? ` (all ${results.length} results)` : ` (one of ${results.length} results; each is below)`));
      }
      verdict.appendChild(head);
      if (shown.message) verdict.appendChild(element("p", "w2v-verdict-message", shown.message));
      if (overall === "correct" && wrongSteps.length) {
        // The answer is right but a step on the way is not (two slips that cancel, say).
        verdict.appendChild(element("p", "w2v-verdict-message",
          `But a step on the way is not: line ${wrongSteps[0].first_wrong_line} is the first wrong line.`));
      }

      details.textContent = "";
      results.forEach((result, k) => details.appendChild(resultSection(result, k, results.length)));
      status.textContent = ms === undefined ? "" : first
        ? `Python loaded and your work checked in ${(ms / 1000).toFixed(1)} s; later checks are faster.`
        : `Checked in ${(ms / 1000).toFixed(1)} s.`;
      return typeset([verdict, details]);
    }

    function resultSection(result, k, count) {
      const section = element("section", `w2v-result w2v-verdict-${result.verdict}`);
      section.dataset.w2vResult = String(k);
      section.dataset.verdict = result.verdict;
      section.dataset.mistake = result.mistake || "";
      const head = element("p", "w2v-result-head");
      if (count > 1) head.appendChild(element("span", `w2v-badge w2v-badge-${result.verdict}`, VERDICT_TEXT[result.verdict] || result.verdict));
      if (result.quantity) {
        head.appendChild(document.createTextNode(count > 1 ? " for " : "For "));
        head.appendChild(quantityNode(result.quantity));
      }
      head.appendChild(document.createTextNode(result.kind === "derivation" ? ", line by line:" : ":"));
      section.appendChild(head);
      if (count > 1 && result.message) section.appendChild(element("p", "w2v-result-message", result.message));
      if (result.mistake) {
        const named = element("p", "w2v-result-mistake");
        named.appendChild(document.createTextNode("Known mistake: "));
        named.appendChild(element("code", null, result.mistake));
        if (result.anchor && document.getElementById(result.anchor)) {
          named.appendChild(document.createTextNode(". "));
          const link = element("a", "w2v-result-link", "Where this page discusses it");
          link.href = `#${encodeURIComponent(result.anchor)}`;
          named.appendChild(link);
        }
        section.appendChild(named);
      }
      const steps = element("ol", "w2v-steps");
      (result.steps || []).forEach((step) => {
        const item = element("li", `w2v-step w2v-step-${step.status}`);
        item.dataset.status = step.status;
        if (step.line !== null && step.line !== undefined) item.dataset.line = String(step.line);
        const first = result.first_wrong_line !== null && result.first_wrong_line !== undefined && step.line === result.first_wrong_line;
        if (first) item.classList.add("w2v-first-wrong");
        const [symbol, meaning] = STEP_MARK[step.status] || ["?", step.status];
        const mark = element("span", "w2v-mark", symbol);
        mark.setAttribute("aria-hidden", "true");
        item.appendChild(mark);
        const where = element("span", "w2v-step-where",
          `${step.line ? `line ${step.line}` : "step"}: ${meaning}${first ? " (the first wrong line)" : ""}`);
        item.appendChild(where);
        // What could not be read is shown as the text it is (MathJax may not read it either), cut short.
        item.appendChild(step.status === "unreadable" ? rawText(step.latex || "") : displayMath(step.latex || ""));
        if (step.mistake) {
          const named = element("p", "w2v-step-mistake");
          named.appendChild(document.createTextNode("Known mistake: "));
          named.appendChild(element("code", null, step.mistake));
          item.appendChild(named);
        }
        if (step.message) item.appendChild(element("p", "w2v-step-message", step.message));
        steps.appendChild(item);
      });
      if (result.steps && result.steps.length) section.appendChild(steps);
      return section;
    }

    function showError(error) {
      verdict.dataset.verdict = "";
      verdict.dataset.mistake = "";
      verdict.className = "w2v-check-verdict";
      verdict.textContent = "";
      details.textContent = "";
      status.textContent = `The checker failed: ${error.message || error}`;
      box.dataset.w2vError = String(error.message || error);
      setState("error");
    }

    button.addEventListener("click", async () => {
      if (box.dataset.w2vState === "loading" || box.dataset.w2vState === "checking") return;
      const request = { part, text: input.value, mode: mode(), quantity: quantity() };
      const first = engine === null || !engine.loaded;
      if (engine === null) engine = makeEngine(version);
      const current = engine;
      delete box.dataset.w2vError;
      verdict.dataset.verdict = "";
      verdict.dataset.mistake = "";
      setState(first ? "loading" : "checking");
      button.disabled = true;
      status.textContent = first ? "Loading the checker…" : "Checking…";
      try {
        const answer = await current.run(request, (s) => {
          status.textContent = s.text;
          if (s.stage === "checking") setState("checking");
          if (s.timings) box.dataset.w2vLoadTimings = JSON.stringify(s.timings);
        }, first ? LOAD_TIMEOUT_MS : CHECK_TIMEOUT_MS);
        current.loaded = true;
        await showResults(JSON.parse(answer.result), answer.ms, first);
        setState("done");
      } catch (error) {
        showError(error);
      } finally {
        button.disabled = false;
      }
    });
    setState("idle");
  }

  function init() { document.querySelectorAll("[data-w2v-check-form]").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
