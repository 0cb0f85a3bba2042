"""`trustgen serve`: a local preview that rebuilds the site whenever the knowledge base changes.

The site is built (exactly as `trustgen build` would) into a temporary folder and served on
127.0.0.1 only. A watcher polls the content folder (and the site's templates, assets, catalogs and
mkdocs.yml) once a second; after a change it rebuilds, and a failed rebuild keeps the last good site
online while its errors are reported, in the terminal and above every page. Polling needs no extra
dependency and works on every file system.

Every page the preview serves carries a small script that asks the preview once a second how many
builds it has made and how many have failed, and reloads the page when that changes: an edit shows in
the browser without touching it. The script is added only by the preview, never to the built site.
"""

from __future__ import annotations

import functools
import html
import http.server
import io
import json
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from ..errors import ContentError, TrustgenError
from .build import build_site
from .config import ASSETS, BASE_CONFIG, ROOT, THEME_TEMPLATES

WATCHED_EXTRA = (ROOT / "generator" / "templates" / "site", ASSETS, ROOT / "locales", BASE_CONFIG, THEME_TEMPLATES)
STATE_PATH = "/__trustgen__/state"  # the preview's build counters, which the reload script polls
_RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;function poll(){fetch('" + STATE_PATH + "',{cache:'no-store'})"
    ".then(function(r){return r.json()}).then(function(s){var now=s.builds+'/'+s.failures;"
    "if(seen!==null&&now!==seen){location.reload();return}seen=now;setTimeout(poll,1000)})"
    ".catch(function(){setTimeout(poll,1000)})}poll()})();</script>")


@dataclass
class Reporter:
    """Where the preview reports: progress lines and errors (the CLI passes its Console)."""

    info: Callable[[str], None]
    error: Callable[[str], None]


def snapshot(paths: list[Path]) -> dict[str, tuple[float, int]]:
    """Modification time and size of every file under the paths: a change in any means rebuild."""
    state: dict[str, tuple[float, int]] = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue
            state[str(f)] = (st.st_mtime, st.st_size)
    return state


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site to this machine only: a request whose Host header names another host
    is refused (a DNS-rebinding page would otherwise read an nda preview through the browser), folders
    are never listed, and while the last rebuild failed, pages show its errors instead."""

    preview: Preview | None = None

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _host_allowed(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.server_address[1]
        return host in {f"127.0.0.1:{port}", f"localhost:{port}", "127.0.0.1", "localhost"}

    def send_head(self):  # type: ignore[no-untyped-def]
        if not self._host_allowed():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "This preview answers only to 127.0.0.1 and localhost")
            return None
        preview = self.preview
        if self.path.split("?", 1)[0] == STATE_PATH and preview is not None:
            return self._send(json.dumps({"builds": preview.builds, "failures": preview.failures}).encode("utf-8"),
                              "application/json")
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file() and preview is not None:
            page = target.read_text(encoding="utf-8", errors="replace")
            if preview.errors:
                page = _with_errors(page, preview.errors)
            return self._send(_with_reload(page).encode("utf-8"), "text/html; charset=utf-8")
        return super().send_head()

    def _send(self, body: bytes, content_type: str) -> io.BytesIO:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path):  # type: ignore[no-untyped-def]
        self.send_error(HTTPStatus.NOT_FOUND, "No such page")


def _with_reload(page: str) -> str:
    """The page with the preview's reload script before its end."""
    end = page.rfind("</body>")
    return page[:end] + _RELOAD_SCRIPT + page[end:] if end >= 0 else page + _RELOAD_SCRIPT


def _with_errors(page: str, errors: list[str]) -> str:
    """The page of the last good build with the errors of the failed rebuild above its content."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors[:50])
    more = f"<li>and {len(errors) - 50} more (see the terminal)</li>" if len(errors) > 50 else ""
    banner = ('<div id="trustgen-errors" role="alert" style="position:relative;z-index:10000;background:#fff0f0;'
              'color:#600;border-bottom:3px solid #c00;padding:1em 2em;font:14px/1.5 sans-serif">'
              "<strong>The site could not be rebuilt; this is the last good build.</strong> Fix these problems "
              f"and save:<ul>{items}{more}</ul></div>")
    start = page.find("<body")
    end = page.find(">", start) + 1 if start >= 0 else 0
    return page[:end] + banner + page[end:]


class Preview:
    """A running preview server; `run()` blocks until `stop()` (or Ctrl-C)."""

    def __init__(self, content: Path, reporter: Reporter, *, audience: str = "public", port: int = 8000,
                 interval: float = 1.0, quiet: bool = False):
        self.content = content
        self.reporter = reporter
        self.audience = audience
        self.interval = interval
        self.quiet = quiet
        self.workdir = Path(tempfile.mkdtemp(prefix="trustgen-serve-"))
        self.site = self.workdir / "site"
        self.builds = 0
        self.failures = 0
        self.errors: list[str] = []  # of the last rebuild, shown in the browser until one succeeds
        self._stop = threading.Event()
        handler_class = type("PreviewHandler", (_QuietHandler,), {"preview": self})
        handler = functools.partial(handler_class, directory=str(self.site))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def rebuild(self) -> bool:
        progress = None if self.quiet else self.reporter.info
        try:
            # site_url stays unset: canonical links and the sitemap would point at the published site.
            build_site(self.content, self.site, audience=self.audience, site_url="", progress=progress)
        except ContentError as exc:
            self._failed([problem.format() for problem in exc.problems],
                         f"{len(exc.problems)} error(s); still serving the last good build")
            return False
        except TrustgenError as exc:
            self._failed([f"trustgen serve: {exc}"], "still serving the last good build")
            return False
        except Exception as exc:  # noqa: BLE001 - no content may stop the preview; the error is shown
            self._failed([f"trustgen serve: internal error: {type(exc).__name__}: {exc}"],
                         "still serving the last good build (please report this error)")
            return False
        self.errors = []
        self.builds += 1
        return True

    def _failed(self, lines: list[str], summary: str) -> None:
        for line in lines:
            self.reporter.error(line)
        self.reporter.error(summary)
        self.errors = lines
        self.failures += 1

    def run(self) -> None:
        watched = [self.content, *WATCHED_EXTRA]
        state = snapshot(watched)
        self.rebuild()
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        self.reporter.info(f"serving {self.url} (Ctrl-C to stop); rebuilding when {self.content} changes")
        try:
            while not self._stop.wait(self.interval):
                current = snapshot(watched)
                if current != state:
                    state = current
                    self.reporter.info("change detected: rebuilding")
                    if self.rebuild():
                        self.reporter.info(f"rebuilt: the pages open at {self.url} reload themselves")
        finally:
            self.server.shutdown()
            self.server.server_close()
            shutil.rmtree(self.workdir, ignore_errors=True)

    def stop(self) -> None:
        self._stop.set()
