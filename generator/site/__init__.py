"""The trust-center site: Markdown pages from the knowledge base, built by mkdocs in every locale.

Entry point: `build_site(content, out, audience="public") -> BuildResult` (see build.py). The pages
are written by pages.py from the templates in generator/templates/site/, the mkdocs configuration is
derived from the repository's mkdocs.yml by config.py, and exports.py writes security.txt, trust.json
and robots.txt. `trustgen build` and `trustgen serve` are registered in cli.py.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BuildResult", "build_site"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that registering the commands (generator.site.cli) stays cheap.
    if name in __all__:
        from . import build

        return getattr(build, name)
    raise AttributeError(name)
