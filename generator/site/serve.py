"""`trustgen serve`: a local preview that rebuilds the site whenever the knowledge base changes.

The site is built (exactly as `trustgen build` would) into a temporary folder and served on
127.0.0.1 only. A watcher polls the content folder (and the site's templates, assets, catalogs and
mkdocs.yml) once a second; after a change it rebuilds, and a failed rebuild keeps the last good site
online while its errors are reported. Polling needs no extra dependency and works on every file system.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, TrustgenError
from .build import build_site
from .config import ASSETS, BASE_CONFIG, ROOT, THEME_TEMPLATES

WATCHED_EXTRA = (ROOT / "generator" / "templates" / "site", ASSETS, ROOT / "locales", BASE_CONFIG, THEME_TEMPLATES)


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
    def log_message(self, format: str, *args: object) -> None:
        pass


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
        self._stop = threading.Event()
        handler = functools.partial(_QuietHandler, directory=str(self.site))
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
            for problem in exc.problems:
                self.reporter.error(problem.format())
            self.reporter.error(f"{len(exc.problems)} error(s); still serving the last good build")
            self.failures += 1
            return False
        except TrustgenError as exc:
            self.reporter.error(f"trustgen serve: {exc}; still serving the last good build")
            self.failures += 1
            return False
        self.builds += 1
        return True

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
                        self.reporter.info(f"rebuilt: reload {self.url} to see the changes")
        finally:
            self.server.shutdown()
            self.server.server_close()
            shutil.rmtree(self.workdir, ignore_errors=True)

    def stop(self) -> None:
        self._stop.set()
