"""What a site search indexes for a generated page: its headings and its text, without the markup.

A map page is mostly a table of small elements (chips, badges, lists in cells); search indexers walk
every element in Python, which made indexing cost more than building the page. The same words in plain
paragraphs between the same headings give the same results for a fraction of the work and index size.

Left out, so that nothing is indexed twice and no label is indexed as if it were a map's text:
- what only repeats text indexed elsewhere: the page's h1 (the entry's title already), the table's
  caption, "What changes" (stage names, steps and pains of this map's table or of its current state's),
  the steps whose pains and opportunities each research source backs, the titles of related maps (a
  search for a map should find that map, not every map related to it), and the emotion row (numbers,
  and the persona names the header lists);
- labels and figures computed from the map: the header's field names and "Needs review" badge, the
  table's row headings, the emotion scale, step numbers, citation marks such as [src-1], the "at a
  glance" counts, the review note;
- the chart's section, whatever its markup (no text of its own: a fallback note, buttons), and the
  History section (commit subjects and counts of changes: no search should find a map by them);
- headings whose section is left with no text (an index entry that can match nothing but its heading).
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"(<h([1-6])\b[^>]*>.*?</h\2>)", re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_NOT_INDEXED = re.compile(
    r'<h2 id="journey-at-a-glance".*?(?=<h2)|<div class="jc-chart".*?</div>'
    r'|<ul class="jc-related">.*?</ul>'
    r'|<caption\b[^>]*>.*?</caption>|<span class="jc-review-note">.*?</span>'
    r'|<div class="jc-history".*?(?=<h2|\Z)'
    r'|<h1 class="jc-title">.*?</h1>|<dt>At a glance</dt><dd>.*?</dd>|<dt>[^<]*</dt>'
    r'|<span class="jc-badge jc-badge--review"[^>]*>.*?</span>'
    r'|<th scope="row">.*?</th>|<tr class="jc-row-emotion">.*?</tr>'
    r'|<td id="step-[\d-]+"><b>[^<]*</b>|<a href="#source-[^"]*">.*?</a>'
    r'|<p class="jc-changes-intro">.*?</table>',
    re.S,
)
_OPEN_HEADING = re.compile(r"<h[1-6]\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    # Our HTML escapes every text, so a "<" always starts a tag; entities stay for the indexer to decode.
    return " ".join(_TAG.sub(" ", html).split())


def search_html(html: str) -> str:
    """Headings kept as they are (their ids link results to sections), everything else as paragraphs."""
    # split() with the pattern's two groups gives: text, heading, level, text, heading, level, ..., text
    parts = _HEADING.split(_NOT_INDEXED.sub("", _HEADERLINK.sub("", html)))
    out: list[str] = []
    if text := _text(parts[0]):
        out.append(f"<p>{text}</p>")
    for i in range(1, len(parts), 3):
        heading, level, text = parts[i], parts[i + 1], _text(parts[i + 2])
        if text:
            out.append(f"{_OPEN_HEADING.match(heading).group()}{_text(heading)}</h{level}>")
            out.append(f"<p>{text}</p>")
    return "\n".join(out)
