"""`trustgen build`: knowledge base -> Markdown pages -> mkdocs -> a complete static site, atomically.

Gather, then write: the knowledge base is loaded and validated, the downloads and pages are produced
and mkdocs builds them, all inside a temporary folder next to the output. Only a build that
succeeded in full is swapped into place; a failed build removes its temporary folder and leaves the
previous site untouched.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import gzip
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..documents import DocumentsOutput
from ..errors import BuildError, UsageError
from ..kb import load_knowledge_base
from ..load import UnsafeFile, read_content_bytes
from ..model import PUBLISHED, KnowledgeBase
from ..outputs import Artifact, Context, require_catalogs
from . import config as site_config
from . import exports, feeds
from .context import portal_form
from .linkcheck import check_links
from .pages import write_pages
from .structure import site_pages

DEFAULT_OUT = {"public": Path("site"), "nda": Path("site-nda")}
MARKER = "trust.json"  # every site trustgen builds has it; an --out folder without it is not ours to replace

Say = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build produced, and how long its parts took."""

    out: Path
    audience: str
    locales: tuple[str, ...]
    pages: int  # per locale
    documents: int
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # documents, pages, mkdocs, total
    artifacts: list[Artifact] = field(default_factory=list)  # the site, then its downloads


@dataclass
class SiteOutput:
    """The trust-center site of the view's audience (public or nda), English at / and Swedish at /sv/,
    with its downloads; it replaces `out` as a whole only when the build succeeded.

    site_url defaults to the organisation's trust_center_url for the public site and to none for the
    nda site (which is served elsewhere, behind a login). After build(), `result` says what was built.
    """

    site_url: str | None = None
    result: BuildResult | None = None

    def build(self, view: KnowledgeBase, out: Path, context: Context) -> list[Artifact]:
        self.result = _build(view, Path(out), self.site_url, context)
        return self.result.artifacts


def build_site(content: str | Path, out: str | Path | None = None, *, audience: str = "public",
               site_url: str | None = None, progress: Say | None = None,
               kb: KnowledgeBase | None = None) -> BuildResult:
    """Load the knowledge base at `content` (unless `kb` is given) and build its site for `audience`
    into `out` with SiteOutput."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    check_audience(audience)
    content = Path(content)
    out = Path(out) if out is not None else DEFAULT_OUT[audience]
    check_output(content, out)
    say(f"loading {content}")
    full = kb if kb is not None else load_knowledge_base(content)
    site = SiteOutput(site_url)
    site.build(full.for_audience(audience), out, Context(progress=lambda done, total, what: say(
        f"[{done}/{total}] {what}" if total else what)))
    assert site.result is not None
    site.result.seconds["total"] = time.perf_counter() - started
    return site.result


def check_audience(audience: str) -> None:
    if audience not in PUBLISHED:
        raise UsageError(f"--audience {audience}: a site is built for 'public' or 'nda' (internal material is "
                         "never published)")


def _build(view: KnowledgeBase, out: Path, site_url: str | None, context: Context) -> BuildResult:
    started = time.perf_counter()
    audience = view.audience
    check_audience(audience)
    require_catalogs(view)
    # A symbolic link (a web root) stays a link: the folder it points at is the one replaced.
    out = Path(os.path.realpath(out)) if out.is_symlink() else out
    check_site_audience(out, str(audience))

    def say(message: str) -> None:
        context.progress(0, 0, message)

    if site_url is None and audience == "public":
        site_url = view.organization.trust_center_url
    today = context.today
    seconds: dict[str, float] = {}
    warnings: list[str] = []

    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(out)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent)).resolve()
    (work / OWNER).write_text(str(os.getpid()), encoding="ascii")
    try:
        t0 = time.perf_counter()
        files = work / "files"
        files.mkdir()
        documents = tuple(DocumentsOutput().build(view, files, context))
        documents += copy_files(view, files)
        documents += security_packages(view, files, documents)
        seconds["documents"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        pages = site_pages(view)
        docs_dir, site_dir = work / "docs", work / "site"
        texts: dict = {}  # resolved texts, shared by the pages and trust.json
        write_pages(view, docs_dir, documents, today, say, cache=texts)
        site_config.prepare_theme(work)
        site_config.add_branding(view, work)
        cfg = site_config.derive(view, pages, docs_dir=docs_dir, site_dir=site_dir, audience=str(audience),
                                 site_url=site_url)
        config_file = site_config.write(cfg, work / "mkdocs.yml")
        seconds["pages"] = time.perf_counter() - t0

        say(f"building the site with mkdocs ({len(pages)} pages x {len(view.locales)} languages)")
        t0 = time.perf_counter()
        run_mkdocs(config_file)
        seconds["mkdocs"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        if (files / "downloads").exists():
            shutil.move(str(files / "downloads"), str(site_dir / "downloads"))
        warnings += write_exports(view, site_dir, today, site_url, documents, texts)
        split_search_index(site_dir, view.locales)
        make_reproducible(site_dir)
        add_sitemap_stubs(site_dir)
        say("checking every link of the site")
        portal = tuple(form for locale in view.locales if (form := portal_form(view, locale)))
        check_links(site_dir, site_url, elsewhere=portal)
        seconds["pages"] += time.perf_counter() - t0

        say(f"replacing {out}")
        swap_into_place(site_dir, out, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for warning in warnings:
        context.warn(warning)
    seconds["total"] = time.perf_counter() - started
    site = Artifact(out, "site", pages=len(pages), locale=", ".join(view.locales), visibility=str(audience))
    return BuildResult(out, str(audience), view.locales, len(pages), len(documents), warnings, seconds,
                       [site, *documents])


FILES_FOLDER = PurePosixPath("downloads/files")
MAX_FILE_BYTES = 50_000_000  # as validation allows (validate/rules.py)


def copy_files(view: KnowledgeBase, out: Path) -> tuple[Artifact, ...]:
    """Copy the files of files.yaml the view may see to out/downloads/files/<id>.pdf, as they are.

    Validation has checked that each is a PDF inside the content folder; the check is repeated here
    because the folder may have changed since, and a file outside it must never be published."""
    root = view.root.resolve()
    artifacts = []
    for f in view.files:
        source = view.root / f.path
        try:
            if source.is_symlink():
                raise UnsafeFile("is a symbolic link; files must be real files inside the content folder")
            data = read_content_bytes(source, root, MAX_FILE_BYTES, "shipped files")
        except UnsafeFile as exc:
            raise BuildError(f"{f.source.file}:{f.source.line}: files[{f.id}].file: {f.path} {exc}") from None
        rel = FILES_FOLDER / f"{f.id}.pdf"
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        artifacts.append(Artifact(Path(rel), "pdf", len(data), id=f.id, effective=f.date,
                                  visibility=f.visibility))
    return tuple(artifacts)


def security_packages(view: KnowledgeBase, out: Path, documents: tuple[Artifact, ...]) -> tuple[Artifact, ...]:
    """One zip per language of every document and file this site offers, with a manifest, at
    out/downloads/security-package-<locale>.zip. The same content gives the same bytes (fixed times)."""
    import hashlib
    import zipfile

    from .. import i18n

    files = [d for d in documents if d.format in ("pdf", "docx") and not d.locale]
    artifacts = []
    for locale in view.locales:
        own = [d for d in documents if d.locale == locale and d.format in ("pdf", "docx")]
        if not own and not files:
            continue
        t = i18n.translator(locale)
        rows = []
        rel = FILES_FOLDER.parent / f"security-package-{locale}.zip"
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for art in sorted(own, key=lambda d: (d.id, d.format)) + sorted(files, key=lambda d: d.id):
                data = (out / art.path).read_bytes()
                name = f"{art.id}.{art.format}" if art.locale else f"{t.gettext('Certificates and letters')}/{art.id}.pdf"
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
                title = art.title or next((f.title.get(locale) for f in view.files if f.id == art.id), art.id)
                rows.append({"file": name, "title": title, "version": art.version or None,
                             "effective": art.effective.isoformat() if art.effective else None,
                             "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            manifest = {"organization": view.organization.legal_name, "locale": locale,
                        "audience": str(view.audience), "files": rows}
            info = zipfile.ZipInfo("manifest.json", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        artifacts.append(Artifact(Path(rel), "zip", target.stat().st_size, id="security-package", locale=locale,
                                  visibility=str(view.audience)))
    return tuple(artifacts)


def check_output(content: Path, out: Path) -> None:
    """Refuse an output folder that would overwrite the input or a folder trustgen did not build."""
    c, o = content.resolve(), out.resolve()
    if o == c or c.is_relative_to(o) or o.is_relative_to(c):
        raise UsageError(f"--out {out}: the site may not be written over or inside the content folder {content}")
    if o == site_config.ROOT or site_config.ROOT.is_relative_to(o):
        raise UsageError(f"--out {out}: the site may not replace the trustgen folder itself")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not is_built_site(out):
        raise UsageError(f"--out {out}: the folder exists and holds something trustgen did not build "
                         "(no trust.json); choose a new or empty folder")


def check_site_audience(out: Path, audience: str) -> None:
    """Refuse to replace a site built for another audience: an nda build over the public site would
    publish nda material wherever the public site is served (trust.json says whom a site is for)."""
    try:
        data = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    built_for = data.get("audience") if isinstance(data, dict) else None
    if isinstance(built_for, str) and built_for != audience:
        raise UsageError(f"--out {out}: holds the {built_for} site; a build for the {audience} audience may not "
                         f"replace it (use another folder, such as {DEFAULT_OUT.get(audience, 'site-' + audience)}, "
                         "or remove it first)")


OWNER = "owner.pid"  # in a build's scratch folder: the process that builds there


def remove_stale_builds(out: Path) -> None:
    """Remove the scratch folders of earlier builds of out whose process has ended (killed during
    rendering, say); a folder of a build still running is left alone."""
    for folder in out.parent.glob(f".{out.name}.build-*"):
        try:
            pid = int((folder / OWNER).read_text(encoding="ascii"))
        except (OSError, ValueError):
            pid = 0
        if pid:
            try:
                os.kill(pid, 0)
                continue  # still building
            except ProcessLookupError:
                pass
            except PermissionError:
                continue  # another user's running process
        elif time.time() - folder.stat().st_mtime < 3600:
            continue  # no owner written yet: a build that has only just started
        shutil.rmtree(folder, ignore_errors=True)


def is_built_site(folder: Path) -> bool:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == "trustgen"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_file: Path) -> None:
    """mkdocs build in this process, strict: any warning (a broken link, a missing page) fails the build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    saved = (logger.propagate, logger.level)
    logger.addHandler(collect)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        cfg = load_config(config_file=str(config_file), strict=True)
        mkdocs_build(cfg)
    except (Abort, MkDocsException, SystemExit) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise BuildError(f"mkdocs could not build the site: {details}") from exc
    finally:
        logger.removeHandler(collect)
        logger.propagate, level = saved
        logger.setLevel(level)


def write_exports(kb: KnowledgeBase, site_dir: Path, today: dt.date, site_url: str | None,
                  documents: tuple[Artifact, ...], texts: dict | None = None) -> list[str]:
    warnings = []
    sec = exports.security_txt(kb, today, site_url)
    if sec.text is not None:
        (site_dir / ".well-known").mkdir(exist_ok=True)
        (site_dir / ".well-known" / "security.txt").write_text(sec.text, encoding="utf-8")
    if sec.warning:
        warnings.append(sec.warning)
    (site_dir / "trust.json").write_text(exports.trust_json(kb, today, documents, texts), encoding="utf-8")
    for rel, text in feeds.feeds(kb, today, site_url, texts).items():
        if (rel.endswith(feeds.UPDATES) and not kb.updates) or (rel.endswith(feeds.SUBPROCESSORS) and not kb.subprocessors):
            continue  # a feed of a page the site does not have
        (site_dir / rel).write_text(text, encoding="utf-8")
    (site_dir / "robots.txt").write_text(exports.robots_txt(kb.audience, site_url), encoding="utf-8")
    return warnings


def split_search_index(site_dir: Path, locales: tuple[str, ...]) -> None:
    """One search index per language: the default language's at search/, each other's at <locale>/search/.

    mkdocs-static-i18n writes one index for every language, and Material counts every match in it,
    so a reader of one language was told of results it then hid. Each page's theme configuration
    (theme/main.html) points the search at its own language's index; locations are made relative to
    that language's folder, and each index stems with its own language only.
    """
    index = site_dir / "search" / "search_index.json"
    if not index.exists():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    others = [loc for loc in locales[1:]]
    per: dict[str, list] = {loc: [] for loc in locales}
    for doc in data.get("docs", []):
        location = doc.get("location", "")
        owner = next((loc for loc in others if location == loc or location.startswith(f"{loc}/")), locales[0])
        if owner != locales[0]:
            doc = dict(doc, location=location[len(owner):].lstrip("/"))
        per[owner].append(doc)
    for loc in locales:
        config = dict(data.get("config", {}), lang=[loc.split("_")[0]])
        target = index if loc == locales[0] else site_dir / loc / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": config, "docs": per[loc]}, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n')


def add_sitemap_stubs(site_dir: Path) -> None:
    """Give every page folder a sitemap.xml, so the language switch causes no failed requests.

    Material's language selector fetches sitemap.xml relative to each hreflang alternate of the page
    (it expects one site per language), while mkdocs-static-i18n points those alternates at the same
    page in the other language. An empty urlset makes those requests succeed; the switch links already
    lead to the same page, so Material needs no mapping from them.
    """
    for folder, subfolders, files in os.walk(site_dir):
        # The theme's assets (hundreds of files) hold no pages: not walked at all.
        subfolders[:] = [name for name in subfolders if name != "assets"]
        target = Path(folder) / "sitemap.xml"
        if "index.html" in files and "sitemap.xml" not in files:
            target.write_text(EMPTY_SITEMAP, encoding="utf-8")


def make_reproducible(site_dir: Path) -> None:
    """Rewrite sitemap.xml.gz without mkdocs' build timestamp in its gzip header."""
    sitemap = site_dir / "sitemap.xml"
    gz = site_dir / "sitemap.xml.gz"
    if not gz.exists():
        return
    data = sitemap.read_bytes()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    with open(gz, "wb") as raw, gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=raw,
                                              mtime=int(epoch) if epoch.isdigit() else 0) as fh:
        fh.write(data)


_RENAME_EXCHANGE = 2


def swap_into_place(new: Path, out: Path, scratch: Path) -> None:
    """Put the finished site at `out`: one atomic exchange where the system has it, else two renames."""
    if not out.exists():
        os.rename(new, out)
        return
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None) if libc_name else None
    if renameat2 is not None:
        at_fdcwd = -100
        if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(out), _RENAME_EXCHANGE) == 0:
            return  # the old site is now at `new`, inside scratch, and goes with it
    old = scratch / "previous"
    os.rename(out, old)
    os.rename(new, out)
