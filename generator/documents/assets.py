"""Which files a document render may read: the only gate between a document body and the disk.

Both renderers ask this module. weasyprint reaches it through ProjectFetcher (its url_fetcher), the
DOCX renderer through resolve() for pictures. Only local files inside the allowed folders (the
stylesheet shipped in generator/assets/documents/, the font the site ships in
generator/assets/site/fonts/, and the document set's own folder content/documents/) are served,
after symlinks are resolved. Every http(s), data: or other URL and every path outside those folders
fails the build with a BuildError naming the document and the URL.
Nothing is ever fetched from the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from ..errors import BuildError, display_path

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets" / "documents"
# The site's font, which the documents share; trustgen's own, so a refusal never tells a user to put
# files there.
FONTS_DIR = ASSETS_DIR.parent / "site" / "fonts"


class RefusedAsset(BuildError):
    """A document asked for a file it may not use."""


def base_url(folder: str) -> str:
    """The URL relative references in a body are resolved against (the document folder)."""
    return Path(folder).resolve().as_uri() + "/"


def refusal(name: str, shown: str, url: str, allowed: tuple[str, ...]) -> RefusedAsset:
    scheme = urlsplit(url).scheme.lower()
    where = " and ".join(display_path(Path(d)) + "/" for d in allowed)
    if scheme in ("http", "https", "ftp"):
        why = "documents never fetch anything from the network; keep the file in " + where
    elif scheme == "file":
        why = "it is outside the files a document may use (" + where + ")"
    else:
        why = f"'{scheme}:' addresses are not allowed; use a file in " + where
    return RefusedAsset(f"{name}: refused to fetch \"{shown}\": {why}")


def resolve(url: str, allowed: tuple[str, ...]) -> Path | None:
    """The local file a URL names if it lies inside an allowed folder, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    for folder in allowed:
        if path.is_relative_to(Path(folder).resolve()) and path.is_file():
            return path
    return None


def resolve_src(src: str, folder: str, allowed: tuple[str, ...], name: str) -> Path:
    """A picture's src as written in a body -> its file, or RefusedAsset."""
    url = urljoin(base_url(folder), src)
    path = resolve(url, allowed)
    if path is None:
        raise refusal(name, src, url, allowed)
    return path


def make_fetcher(name: str, allowed: tuple[str, ...], shown: dict[str, str]) -> Any:
    """A weasyprint URL fetcher that serves only allowed local files (imported lazily: weasyprint is heavy)."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class Refused(FatalURLFetchingError):
        """Stops the render at once; weasyprint would otherwise log a warning and leave a hole."""

        def __init__(self, error: RefusedAsset):
            super().__init__(str(error))
            self.error = error

    class ProjectFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
            self.refused_class = Refused

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            path = resolve(url, allowed + (str(FONTS_DIR),))
            if path is None:
                raise Refused(refusal(name, shown.get(url, url), url, allowed))
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind}, 200)

    return ProjectFetcher()
