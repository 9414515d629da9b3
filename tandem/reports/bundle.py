"""The Vega, Vega-Lite and vega-embed JavaScript, served by the app itself.

vl-convert ships the three libraries and bundles them into one script
(`javascript_bundle()`), so charts draw in the browser with no CDN (CSP
`script-src 'self'`) and no Node step. Building it takes a couple of seconds, so
the result is kept in memory and in `TANDEM_VAR_DIR/reports/`, named by the
library versions; `manage.py build_vega_bundle` builds it ahead of the first request.
"""

from __future__ import annotations

import gzip
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import vl_convert
from django.conf import settings


@dataclass(frozen=True)
class Bundle:
    version: str
    content: bytes
    gzipped: bytes


_lock = threading.Lock()
_bundle: Bundle | None = None


@cache
def version() -> str:
    """The versions of vega, vega-lite and vega-embed, e.g. "6.2.0-6.4-7.0.2"."""
    vega_lite = vl_convert.get_vegalite_versions()[-1]
    return "-".join(
        (vl_convert.get_vega_version(), vega_lite.lstrip("v"), vl_convert.get_vega_embed_version())
    )


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "reports"


def get() -> Bundle:
    """The bundle, built once per version (on disk) and kept in memory afterwards."""
    global _bundle
    if _bundle is not None:
        return _bundle
    with _lock:
        if _bundle is None:
            _bundle = _load_or_build()
    return _bundle


def warm() -> None:
    """Start building the bundle in the background if it is not ready yet.

    Called when a page with charts is rendered, so the script is usually ready by
    the time the browser asks for it.
    """
    if _bundle is None and not _lock.locked():
        threading.Thread(target=get, name="vega-bundle", daemon=True).start()


def _load_or_build() -> Bundle:
    name = f"vega-{version()}.js"
    path = cache_dir() / name
    if path.exists() and path.with_suffix(".js.gz").exists():
        return Bundle(version(), path.read_bytes(), path.with_suffix(".js.gz").read_bytes())
    content = vl_convert.javascript_bundle().encode("utf-8")
    gzipped = gzip.compress(content, compresslevel=9, mtime=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write under a temporary name, then rename: another process never reads half a file.
    for target, data in ((path, content), (path.with_suffix(".js.gz"), gzipped)):
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(data)
        partial.replace(target)
    return Bundle(version(), content, gzipped)
