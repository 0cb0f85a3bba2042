"""Build every document of a knowledge base as PDF and DOCX: select, resolve, reuse or render, write.

Gather, then write: every document is resolved (and every problem found) before anything renders;
renders run in parallel processes; the Word files then get the page numbers of their contents from
one LibreOffice layout when LibreOffice is installed (layout.py); the files are written into a
staging folder that replaces <out>/downloads/ only when everything succeeded, so a failed build
leaves the previous downloads as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from ..blocks import text_of
from ..errors import BuildError, UsageError
from ..model import PUBLISHED, Audience, Document, DocumentSet, KnowledgeBase
from ..outputs import Artifact, Progress, replace_file
from .assets import ASSETS_DIR
from .cache import Cache, key
from .compose import RenderDoc, compose

FORMATS = ("pdf", "docx")
DEFAULT_CACHE = Path(".trustgen-cache") / "documents"

# What the last build did; tests and the CLI summary read it (a render counter, not a timing).
STATS: dict[str, int] = {"rendered": 0, "reused": 0}


@dataclass(frozen=True)
class Job:
    doc: Document
    rdoc: RenderDoc
    fmt: str
    key: str

    @property
    def cost(self) -> int:
        """A rough render time: a PDF costs several times a DOCX of the same text."""
        return len(text_of(self.rdoc.blocks)) * (6 if self.fmt == "pdf" else 1)

    @property
    def relpath(self) -> Path:
        return Path("downloads") / self.rdoc.locale / f"{self.rdoc.id}.{self.fmt}"


def render(fmt: str, rdoc: RenderDoc, probe: bool = False) -> tuple[bytes, int | None]:
    """One render, in whichever process runs it. `probe`: a DOCX whose contents carry stand-in page
    numbers, to be laid out (layout.py) and rendered again with the real ones."""
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(rdoc)
    from .layout import PROBE
    from .word import contents_entries, render_docx

    return render_docx(rdoc, (PROBE,) * len(contents_entries(rdoc)) if probe else None), None


def select(docset: DocumentSet, audience: str, only: str | None) -> list[Document]:
    """The documents a site for this audience publishes (never internal ones)."""
    limit = Audience(audience)
    if only is not None:
        try:
            doc = docset.document(only)
        except KeyError:
            known = ", ".join(d.id for d in docset.documents) or "none"
            raise UsageError(f"no document '{only}' (documents: {known})") from None
        if doc.visibility == "internal":
            raise UsageError(f"'{only}' is internal; internal documents are never published")
        if not limit.may_see(doc.visibility):
            raise UsageError(f"'{only}' is {doc.visibility}; build it with --audience {doc.visibility}")
        return [doc]
    return [d for d in docset.documents if d.visibility != "internal" and limit.may_see(d.visibility)]


def plan(kb: KnowledgeBase, docset: DocumentSet, docs: list[Document], audience: str) -> list[Job]:
    """Resolve every selected document in every locale; fail with all problems at once."""
    from .layout import identity

    allowed = (str(ASSETS_DIR), str(docset.folder))
    jobs: list[Job] = []
    errors: list[str] = []
    laid_out = identity()  # a DOCX laid out by LibreOffice differs from one that was not
    for doc in docs:
        for locale in kb.locales:
            rdoc, issues = compose(kb, docset, doc, locale, audience, asset_dirs=allowed)
            errors.extend(f"{i.file}:{i.line}:{i.column}: {i.message}" for i in issues if i.severity == "error")
            for fmt in FORMATS:
                jobs.append(Job(doc, rdoc, fmt, key(rdoc, fmt, laid_out if fmt == "docx" else "")))
    if errors:
        raise BuildError("documents cannot be built:\n" + "\n".join(errors))
    return jobs


def build(kb: KnowledgeBase, out: Path, audience: str, only: str | None,
          progress: Progress | None, cache_dir: Path | None,
          warn: Callable[[str], None] | None = None) -> list[Artifact]:
    if audience not in PUBLISHED:
        raise UsageError(f"audience '{audience}': documents are built for a site audience, public or nda")
    # A view already made for the public cannot show nda documents, whatever is asked for.
    view = kb.for_audience(audience)
    # Selected from the whole set, so that asking for a document above the audience says why it is not built.
    docs = select(kb.whole.documents, view.audience, only)
    jobs = plan(view, view.documents, docs, view.audience)
    cache = Cache(cache_dir if cache_dir is not None else Path.cwd() / DEFAULT_CACHE)

    STATS["rendered"] = STATS["reused"] = 0
    results: dict[int, tuple[Path, int | None]] = {}
    todo: list[int] = []
    done = 0
    total = len(jobs)

    def report(index: int, how: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, f"{jobs[index].relpath.as_posix()}{how}")

    for n, job in enumerate(jobs):
        hit = cache.get(job.key, job.fmt)
        if hit is not None:
            results[n] = hit
            STATS["reused"] += 1
            report(n, " (unchanged)")
        else:
            todo.append(n)
    # Longest first (PDFs, then by amount of text), so the parallel renders finish close together.
    todo.sort(key=lambda n: -jobs[n].cost)
    from .layout import program

    soffice = program() if any(jobs[n].fmt == "docx" for n in todo) else None
    if any(jobs[n].fmt == "docx" for n in todo):
        from .fonts import warm

        warm()  # once, before the render workers are forked, instead of once in each
    probes: dict[int, bytes] = {}
    for n, content, pages in _render_all([jobs[n] for n in todo], todo, soffice is not None):
        if soffice is not None and jobs[n].fmt == "docx":
            probes[n] = content
            continue
        results[n] = (cache.put(jobs[n].key, jobs[n].fmt, content, pages), pages)
        STATS["rendered"] += 1
        report(n, "")
    if probes and soffice is not None:
        for n, (content, laid_out) in _number_contents(jobs, probes, soffice, warn).items():
            # one that was not laid out is kept as a build without LibreOffice makes it, so the next
            # build tries again
            entry = jobs[n].key if laid_out else key(jobs[n].rdoc, "docx", "none")
            results[n] = (cache.put(entry, "docx", content, None), None)
            STATS["rendered"] += 1
            report(n, "")

    _write(out, jobs, results, whole=only is None)
    cache.prune()
    built = []
    for n, job in enumerate(jobs):
        path, pages = results[n]
        built.append(Artifact(
            id=job.doc.id, locale=job.rdoc.locale, title=job.rdoc.title, version=job.doc.version,
            effective=job.doc.effective, visibility=job.doc.visibility, format=job.fmt, path=job.relpath,
            size=path.stat().st_size, pages=pages,
        ))
    return built


def _number_contents(jobs: list[Job], probes: dict[int, bytes], soffice: str,
                     warn: Callable[[str], None] | None) -> dict[int, tuple[bytes, bool]]:
    """The Word files rendered again with the page numbers LibreOffice laid their contents out on, each
    with whether it was laid out; one it could not lay out gets contents without numbers, which Word
    fills in on opening."""
    from .layout import LayoutFailed, contents_pages
    from .word import contents_entries, render_docx

    order = sorted(probes)
    try:
        files = [(probes[n], [text for _, text in contents_entries(jobs[n].rdoc)]) for n in order]
        found = contents_pages(files, soffice)
    except LayoutFailed as exc:
        found = [None] * len(order)
        if warn:
            warn(f"LibreOffice ({soffice}) could not lay out the Word files: {exc}; their contents get page "
                 "numbers when Word opens them")
    out = {}
    for n, pages in zip(order, found):
        out[n] = (render_docx(jobs[n].rdoc, pages), pages is not None)
    return out


def _end_with_parent(parent: int) -> None:
    """In a render worker: end when the command ends, whatever the signal that ended it (SIGTERM or
    SIGKILL skip the pool's own shutdown, and a worker renders on for minutes holding 100 MB)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: the kernel signals this worker when its parent ends
    except (OSError, AttributeError):
        pass  # not Linux: the pool's shutdown is all there is
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the pool
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(1)


def _render_all(jobs: list[Job], indexes: list[int], probe: bool = False):  # type: ignore[no-untyped-def]
    """(index, bytes, pages) for every job, rendered across the machine's cores."""
    if not jobs:
        return
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = min(len(jobs), cores)
    if workers <= 1:
        for n, job in zip(indexes, jobs):
            content, pages = render(job.fmt, job.rdoc, probe)
            yield n, content, pages
        return
    # fork, where the platform has it: spawn and forkserver re-run the caller's __main__ module in every
    # worker, which breaks any script that calls build_documents without an `if __name__` guard.
    context = get_context("fork") if "fork" in get_all_start_methods() else get_context()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_end_with_parent,
                             initargs=(os.getpid(),)) as pool:
        futures: dict[Future, int] = {pool.submit(render, job.fmt, job.rdoc, probe): n
                                      for n, job in zip(indexes, jobs)}
        try:
            pending = set(futures)
            from concurrent.futures import FIRST_COMPLETED, wait

            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    content, pages = future.result()
                    yield futures[future], content, pages
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _write(out: Path, jobs: list[Job], results: dict[int, tuple[Path, int | None]], whole: bool) -> None:
    """Put the files in place: a whole build replaces <out>/downloads at once; --only replaces its files."""
    out.mkdir(parents=True, exist_ok=True)
    if not whole:
        for n, job in enumerate(jobs):
            target = out / job.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_file(target, results[n][0].read_bytes(), option="--out")
        return
    staging = Path(tempfile.mkdtemp(prefix=".downloads-new-", dir=out))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; the downloads are served to everyone
        for n, job in enumerate(jobs):
            target = staging / job.relpath.relative_to("downloads")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(results[n][0], target)
        final = out / "downloads"
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=".downloads-old-", dir=out))
            os.replace(final, old / "downloads")
        os.replace(staging, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
