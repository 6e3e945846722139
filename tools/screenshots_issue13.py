"""Two screenshots at device scale 2 for issue 13: a chapter's top and the summary page.

Usage: .venv/bin/python tools/screenshots_issue13.py [_build/html]  ->  test-artifacts/issue13-*.png
"""
from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
html = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
out = ROOT / "test-artifacts"
out.mkdir(exist_ok=True)
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html))
handler.log_message = lambda *a: None
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_port}/"
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=2)
    page = context.new_page()
    for name, path, full in [("issue13-chapter-b-top", "chapters/b_grad_center.html", False),
                             ("issue13-summary", "chapters/summary_of_results.html", True)]:
        page.goto(url + path, wait_until="networkidle")
        page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
        page.wait_for_timeout(500)
        page.screenshot(path=str(out / f"{name}.png"), full_page=full)
        print(out / f"{name}.png")
    browser.close()
server.shutdown()
