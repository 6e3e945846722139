// The checker's engine: Python (Pyodide) and w2v_core.check, loaded from the site, then one call per check.
// Runs in the Web Worker (checker-worker.mjs), or on the page itself where a module worker cannot start.
// Every URL is built from `base`, the site's _static/w2v_checker/ folder: nothing is fetched elsewhere.

let booting = null;

function megabytes(bytes) {
  return (bytes / 1048576).toFixed(1);
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

async function boot(base, version, onStatus) {
  const timings = {}; // milliseconds per stage of the first load, for the benchmark
  let mark = performance.now();
  const lap = (stage) => { const now = performance.now(); timings[stage] = Math.round(now - mark); mark = now; };
  const manifestURL = new URL(`manifest.json?v=${version}`, base);
  const response = await fetch(manifestURL, { cache: "no-cache" });
  if (!response.ok) throw new Error(`could not load ${manifestURL}: HTTP ${response.status}`);
  const manifest = await response.json();
  lap("manifest");
  const index = new URL(manifest.pyodide.index, base).href;
  const total = manifest.pyodide.bytes + manifest.archives.reduce((sum, a) => sum + a.bytes, 0);
  onStatus({ stage: "python", text: `Loading Python into your browser (${megabytes(total)} MB, once per visit)…` });
  // The archives download while the interpreter starts.
  const archives = manifest.archives.map((a) => ({ ...a, buffer: fetchBytes(new URL(`${a.url}?v=${a.digest}`, base)) }));
  archives.forEach((a) => a.buffer.catch(() => {})); // reported when awaited below
  const { loadPyodide } = await import(new URL("pyodide.mjs", index).href);
  const pyodide = await loadPyodide({
    indexURL: index,
    lockFileURL: new URL("pyodide-lock.json", index).href,
    packageBaseUrl: index, // never the CDN that Pyodide names by default
    stdout: () => {},
    stderr: (line) => console.warn("[w2v checker]", line),
  });
  lap("python");
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  for (const archive of archives) {
    onStatus({ stage: "archives", text: `Unpacking ${archive.name}…` });
    pyodide.unpackArchive(await archive.buffer, archive.format, { extractDir: sitePackages });
  }
  lap("archives");
  onStatus({ stage: "import", text: "Importing SymPy and the checker…" });
  // w2v_core.check.check_json, with the report's own verdict and ok added (Report decides "the worst result"
  // and "every step correct": the page does not decide them a second time).
  const checkJson = pyodide.runPython(`
import importlib, json
from types import SimpleNamespace
importlib.invalidate_caches()
from w2v_core.check import Report, check_json

def page_check(part, text, mode, quantity=None):
    data = json.loads(check_json(part, text, mode, quantity))
    report = Report(data["part"], [SimpleNamespace(**result) for result in data["results"]])
    data.setdefault("verdict", report.verdict)
    data.setdefault("ok", report.ok)
    return json.dumps(data)

page_check
`);
  lap("import");
  return { pyodide, checkJson, timings };
}

/** Load Python and the checker (once; later calls share the first). */
export function start(base, version, onStatus) {
  if (booting === null) {
    booting = boot(base, version, onStatus);
    booting.catch(() => { booting = null; }); // a failed load may be tried again
  }
  return booting;
}

/** The checker's JSON for one request {part, text, mode, quantity}. */
export async function check(base, version, onStatus, request) {
  const { checkJson, timings } = await start(base, version, onStatus);
  onStatus({ stage: "checking", text: "Checking…", timings });
  const kwargs = { mode: request.mode };
  if (request.quantity) kwargs.quantity = request.quantity;
  return checkJson.callKwargs(request.part, request.text, kwargs);
}
