// The checker's Web Worker: Python runs here, so the page stays responsive while it loads and checks.
// Messages in: {id, base, version, request} (request null: only load). Out: {id, status} while working,
// then {id, result, ms} or {id, error}.

const version = new URL(import.meta.url).searchParams.get("v") || "";
const engine = import(new URL(`checker-engine.mjs?v=${version}`, import.meta.url).href);
let queue = Promise.resolve();

self.onmessage = (event) => {
  const { id, base, request } = event.data;
  const status = (s) => self.postMessage({ id, status: s });
  // One check at a time, in the order they were asked for.
  queue = queue.then(async () => {
    const started = performance.now();
    try {
      const { start, check } = await engine;
      const result = request ? await check(base, version, status, request) : (await start(base, version, status), null);
      self.postMessage({ id, result, ms: performance.now() - started });
    } catch (error) {
      self.postMessage({ id, error: String((error && error.message) || error) });
    }
  });
};

self.postMessage({ ready: true });
