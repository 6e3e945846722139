// Build step of the answer checker (_ext/w2v_checker.py): compile the Python of a zip to bytecode with the very
// interpreter the page runs (Pyodide, here under Node.js), so that the reader's browser imports SymPy without
// compiling its 850 modules first (about four times faster on the first Check).
//
//   node w2v_checker_pyc.mjs PYODIDE_DIR IN.zip OUT.zip [IN.zip OUT.zip ...]
//
// Each module foo.py becomes foo.pyc in its place (a sourceless module: Python imports it as it is); other
// files are copied. Entries are sorted and dated 1980-01-01, so the same input gives the same bytes.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, ...pairs] = process.argv.slice(2);
if (!pyodideDir || pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error("usage: node w2v_checker_pyc.mjs PYODIDE_DIR IN.zip OUT.zip [IN.zip OUT.zip ...]");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, stdout: () => {}, stderr: () => {} });
const compileZip = pyodide.runPython(`
import importlib.util, io, site, warnings, zipfile
from importlib._bootstrap_external import _code_to_timestamp_pyc

SITE = site.getsitepackages()[0]

def compile_zip(path_in, path_out):
    out = io.BytesIO()
    count = 0
    with zipfile.ZipFile(path_in) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in sorted(zin.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            data, name = zin.read(info), info.filename
            if name.endswith(".py"):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # SymPy's own SyntaxWarnings, not ours to fix
                    code = compile(data, f"{SITE}/{name}", "exec", dont_inherit=True)
                data, name = bytes(_code_to_timestamp_pyc(code, 0, len(data))), name + "c"
                count += 1
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, data, compresslevel=9)
    with open(path_out, "wb") as f:
        f.write(out.getvalue())
    return count

compile_zip
`);
for (let k = 0; k < pairs.length; k += 2) {
  pyodide.FS.writeFile("/tmp/in.zip", readFileSync(pairs[k]));
  const count = compileZip("/tmp/in.zip", "/tmp/out.zip");
  writeFileSync(pairs[k + 1], pyodide.FS.readFile("/tmp/out.zip"));
  console.log(`${pairs[k]}: ${count} modules compiled`);
}
