"""Markdown bodies of maps and personas, rendered without raw HTML and with only safe links.

Bodies come from pull requests, so by default they may not carry HTML or attributes: raw HTML is shown
as text, `javascript:` and other non-web links are dropped, and no extension that lets text set HTML
attributes (attr_list, md_in_html) is used. A trusted catalogue can allow raw HTML.
"""

from __future__ import annotations

import html
import re

import markdown
from markdown.treeprocessors import Treeprocessor

from ..format.model import SAFE_URL_SCHEMES

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
SAFE_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "def_list", "footnotes", "abbr"]


def is_safe_link(url: str) -> bool:
    """Judged as the browser reads it: character references decoded, ignored characters dropped."""
    scheme = _SCHEME.match(_IGNORED.sub("", html.unescape(url)))
    return scheme is None or scheme.group(1).lower() in SAFE_URL_SCHEMES


class _SafeLinks(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_link(value):
                    del element.attrib[attribute]
            if element.tag == "a" and element.get("href", "").startswith(("http://", "https://")):
                element.set("rel", "nofollow noopener")


class BodyRenderer:
    """One Markdown converter per build, reset between bodies."""

    def __init__(self, *, allow_raw_html: bool = False):
        self._md = markdown.Markdown(extensions=SAFE_EXTENSIONS, output_format="html")
        if not allow_raw_html:
            self._md.preprocessors.deregister("html_block")
            self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_SafeLinks(self._md), "journeys_safe_links", 0)

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)
