"""Helpers of the portal tests: a real portal server process, a private PostgreSQL, a real SMTP server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "tests" / "data" / "site" / "acme"
EPOCH = "1795000000"
ADMIN_PASSWORD = "correct horse battery staple"
CUSTOMER_DOMAIN = "customer.example"

PORTAL_YAML = """\
portal:
  nda:
    version: "2026-05"
    text:
      en: |
        You keep the documents confidential.

        Each copy carries your e-mail address.
      sv: |
        Du håller dokumenten konfidentiella.

        Varje exemplar märks med din e-postadress.
  auto_approve:
    domains: [customer.example]
  access_days: 30
  docx: false
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PortalServer:
    """`trustgen portal serve` in its own process, on 127.0.0.1."""

    content: Path
    site: Path
    nda_site: Path
    database: str
    smtp_port: int | None = None
    env: dict[str, str] = field(default_factory=dict)
    base_url: str | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli_args(self) -> list[str]:
        return ["--content", str(self.content), "--database", self.database, "--base-url", self.base_url or self.url]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({"TRUSTGEN_PORTAL_ADMIN_PASSWORD": ADMIN_PASSWORD})
        if self.smtp_port:
            env.update({"TRUSTGEN_PORTAL_SMTP_HOST": "127.0.0.1", "TRUSTGEN_PORTAL_SMTP_PORT": str(self.smtp_port),
                        "TRUSTGEN_PORTAL_MAIL_FROM": "trust@acme.example"})
        env.update(self.env)
        return env

    def start(self) -> PortalServer:
        self.log = Path(tempfile.mkstemp(prefix="portal-", suffix=".log")[1])
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator", "portal", "serve", *self.cli_args(), "--site", str(self.site),
                 "--nda-site", str(self.nda_site), "--port", str(self.port), "--host", "127.0.0.1"],
                cwd=self.content.parent, env=self.environment(), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the portal did not start:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"the portal did not answer within 90 s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """`trustgen portal ACTION ...` against this server's database, as an administrator runs it."""
        action, rest = args[0], list(args[1:])
        result = subprocess.run([sys.executable, "-m", "generator", "portal", action, *self.cli_args(), *rest],
                                cwd=self.content.parent, env=self.environment(), capture_output=True, text=True,
                                timeout=120, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"trustgen portal {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
        return result


class PrivatePostgres:
    """A throwaway PostgreSQL cluster in a temporary folder (initdb + pg_ctl), on a free port."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not bins:
            pytest.fail("PostgreSQL is not installed (apt-get install postgresql; .ci/run does this)")
        self.bin = bins[-1].parent
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="trustgen-pg-"))
        os.chmod(self.folder, 0o755)
        self.data = self.folder / "data"
        # initdb refuses to run as root: run the cluster as the postgres user the Debian package makes.
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if os.getuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "trustgen", "--no-sync")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        self.url = f"postgresql://trustgen@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        result = subprocess.run([*self.prefix, str(self.bin / tool), *args], capture_output=True, text=True,
                                timeout=120, check=False)
        if result.returncode != 0:
            pytest.fail(f"{tool} failed: {result.stderr or result.stdout}")

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def empty_database(url: str) -> None:
    """Drop every table of a shared test database, so that each test starts from a fresh one."""
    from sqlalchemy import text

    from generator.portal.db import engine_for

    engine = engine_for(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
