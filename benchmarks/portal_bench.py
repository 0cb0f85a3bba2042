"""Benchmark of the access portal: requests per second on this machine, over real HTTP.

    .venv/bin/python benchmarks/portal_bench.py                     # 15 s per figure, 4 clients at once
    .venv/bin/python benchmarks/portal_bench.py --seconds 5 --clients 8 --database postgresql://...

One `trustgen portal serve` process (uvicorn, one worker) on 127.0.0.1 with SQLite (or --database),
the minimal test knowledge base, and an nda site holding one 10-page PDF. Figures:

- watermarked download: a signed-in visitor fetching the 10-page PDF (session check, audit record,
  the watermark stamped on every page);
- request form: GET /access/ and POST a valid request (CSRF check, validation, the row and its audit
  record stored), counted as one. The rate limit is switched off for this run.

Every loop is bounded in time and count and talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MAX_REQUESTS = 20_000

PORTAL_YAML = """\
portal:
  nda:
    version: "bench"
    text: {en: "Keep it confidential.", sv: "Håll det konfidentiellt."}
"""


def prepare(root: Path) -> tuple[Path, Path, Path]:
    import weasyprint

    content = root / "content"
    shutil.copytree(ROOT / "tests" / "data" / "good" / "minimal", content)
    (content / "portal.yaml").write_text(PORTAL_YAML, encoding="utf-8")
    site, nda = root / "site", root / "site-nda"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>Trust center</title><p>public</p>")
    (nda / "downloads" / "en").mkdir(parents=True)
    (nda / "index.html").write_text("<!doctype html><title>Confidential</title><p>nda</p>")
    html = "".join(f"<h1 style='break-before: page'>Section {i}</h1>" + "<p>Lorem ipsum dolor sit amet. </p>" * 40
                   for i in range(1, 11))
    (nda / "downloads" / "en" / "report.pdf").write_bytes(weasyprint.HTML(string=html).write_pdf())
    return content, site, nda


async def measure(name: str, seconds: float, clients: int, one) -> None:  # type: ignore[no-untyped-def]
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline and done < MAX_REQUESTS:
            await one()
            done += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - start
    print(f"{name:<34} {done / elapsed:8.1f} requests/s  ({done} in {elapsed:.1f} s, {clients} clients)")


async def run(url: str, seconds: float, clients: int, cookie_jar: dict[str, str], csrf: str) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=url, cookies=cookie_jar, timeout=60) as client:
        async def download() -> None:
            response = await client.get("/nda/downloads/en/report.pdf")
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.status_code

        counter = iter(range(10**9))

        async def form() -> None:
            page = await client.get("/access/")
            assert page.status_code == 200
            response = await client.post("/access/", data={
                "csrf": csrf, "name": "Bench", "email": f"b{next(counter)}@bench.example", "company": "Bench AB",
                "reason": "load", "nda": "accept"})
            assert response.status_code == 200, response.text

        await measure("watermarked 10-page PDF download", seconds, clients, download)
        await measure("request form (GET + POST)", seconds, clients, form)


def main() -> int:
    import httpx

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--database", default=None, help="default: SQLite in a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        root = Path(tmp)
        content, site, nda = prepare(root)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        database = args.database or f"sqlite:///{root / 'portal.db'}"
        common = ["--content", str(content), "--database", database, "--base-url", url, "-q"]
        env = dict(os.environ, TRUSTGEN_PORTAL_REQUEST_LIMIT="0", TRUSTGEN_PORTAL_SIGNIN_LIMIT="0",
                   TRUSTGEN_CACHE_DIR=str(root / "cache"))
        trustgen = [sys.executable, "-m", "generator", "portal"]
        server = subprocess.Popen([*trustgen, "serve", *common, "--site", str(site), "--nda-site", str(nda),
                                   "--port", str(port)], cwd=root, env=env)
        try:
            for _ in range(300):
                try:
                    if httpx.get(url + "/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            with httpx.Client(base_url=url) as client:
                csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/access/").text).group(1)  # type: ignore[union-attr]
                client.post("/access/", data={"csrf": csrf, "name": "Reader", "email": "reader@bench.example",
                                              "company": "Bench AB", "reason": "", "nda": "accept"})
                link = subprocess.run([*trustgen, "approve", "reader@bench.example", *common], cwd=root, env=env,
                                      capture_output=True, text=True, check=True).stdout.strip()
                signed = client.post(link[len(url):], data={"csrf": csrf})
                assert signed.status_code == 303, signed.text
                jar = dict(client.cookies)
            print(f"portal on {url}, database {database.split(':')[0]}, {os.cpu_count()} cores")
            asyncio.run(run(url, args.seconds, args.clients, jar, csrf))
        finally:
            server.terminate()
            server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
