"""The trust-center site: Markdown pages from the knowledge base, built by mkdocs in every locale.

Entry point: `SiteOutput(site_url).build(view, out, context)` (see build.py and generator/outputs.py);
`build_site(content, out, audience="public") -> BuildResult` loads a knowledge base and does the same.
The pages are written by pages.py from the templates in generator/templates/site/, the mkdocs
configuration is derived from the repository's mkdocs.yml by config.py, and exports.py writes
security.txt, trust.json and robots.txt. The downloads come from the documents output.
`trustgen build` and `trustgen serve` are defined in cli.py.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BuildResult", "SiteOutput", "build_site"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that defining the commands (generator.site.cli) stays cheap.
    if name in __all__:
        from . import build

        return getattr(build, name)
    raise AttributeError(name)
