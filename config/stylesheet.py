"""The site's stylesheet, written into the head of every public page.

On a 3G network each round trip can take two seconds; a linked stylesheet is a
second one before anything is drawn. Written into the page (3.6 KB once the page
is compressed) the page draws from its first response. The Content Security
Policy allows this text, and no other inline style, by its SHA-256 hash
(SECURE_CSP), which holds for pages shared by the page cache where a nonce
could not.
"""

import base64
import functools
import hashlib
import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"


@functools.cache
def stylesheet_text(path=STYLESHEET):
    """The stylesheet without its comments and indentation (a fifth of its
    compressed size, sent with every page). The file holds no string with
    "/*" in it, which this would cut."""
    text = re.sub(r"/\*.*?\*/", "", Path(path).read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


@functools.cache
def _digest(path=STYLESHEET):
    return hashlib.sha256(stylesheet_text(path).encode()).digest()


def stylesheet_csp_source(path=STYLESHEET):
    """The CSP source that allows exactly this stylesheet inline: 'sha256-…'."""
    return f"'sha256-{base64.b64encode(_digest(path)).decode()}'"


def stylesheet_version():
    """A short name for this stylesheet, for caches of pages that carry it."""
    return _digest().hex()[:12]
