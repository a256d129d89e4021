"""Saved HTML pages: metadata with provenance, the visible text, and the article's main text.

A saved page is read in three parts, then handed to the same Indonesian rules as a text page:

1. **Metadata** from the markup, each value with where it came from (``field_sources``):
   JSON-LD ``NewsArticle``/``Article`` (``headline``, ``datePublished``, ``author``), meta tags
   (``og:title``, ``article:published_time`` and the publish-date tags Indonesian outlets use,
   ``author``, ``og:site_name``, ``og:type``), the ``<title>`` element and the canonical URL.
   ``htmldate`` is consulted only when none of these gives a publication date.
2. **The visible text** as a reader's select-all copy would give it (scripts, styles and
   hidden elements removed, rendered with ``inscriptis``). :func:`nkcorpus.extract.parse_page`
   reads it with the metadata as hints: the printed headline, date line, byline and dateline.
3. **The main text** found by ``trafilatura`` (made for news pages), cleaned by the same
   boilerplate rules. It becomes the body when it agrees with the visible text's article.

The printed page wins over metadata: a printed date with a time beats a meta date, and the
row's reasons say when they disagree. Markup, scripts and entities never reach a field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlparse

from .dates import JAKARTA, DateReading, parse_date
from .extract import Page, PageHints, find_dateline, parse_body_text, parse_page, split_names
from .notes import Notes
from .outlets import Profiles

#: Elements whose content a reader never sees.
_INVISIBLE = ("head", "script", "style", "noscript", "iframe", "template", "svg", "object",
              "embed", "form", "button", "select", "nav")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b)",
                         re.I | re.S)
_TAG = re.compile(r"<(?:p|div|a|span|br|li|td|meta|link|script|img|h[1-6])\b[^>]*>", re.I)
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting",
                  "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle",
                  "reviewnewsarticle", "scholarlyarticle", "report"}
_GALLERY_TYPES = {"imagegallery", "mediagallery"}
_VIDEO_TYPES = {"videoobject", "videogallery"}
_INDEX_TYPES = {"collectionpage", "website", "itemlist", "searchresultspage"}
# Publish-date meta tags, most specific first. Modified/updated/created dates are never used.
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished",
              "publishdate", "dtk:publishdate", "content_publisheddate", "pubdate",
              "publish-date", "publish_date", "date", "dc.date.issued", "dc.date",
              "sailthru.date", "parsely-pub-date")
_AUTHOR_META = ("author", "article:author", "content_author", "dtk:author", "dc.creator",
                "parsely-author", "sailthru.author")
_ISO = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2})[:.-](\d{2})"
                  r"(?:[:.-](\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$")
_NOT_PERSON = re.compile(
    r"\b(?:redaksi|admin|administrator|tim|team|developer|desk|media|news|network|cyber|"
    r"pt|tbk|agency|agence|press|reuters|antara|afp|associated|kontributor|editor|"
    r"com|co\.id)\b|\.com\b|\.co\.id\b|https?://|@", re.I)
_EDITOR_LINE = re.compile(r"^\s*(?:editor|penyunting|redaktur|red|penyelaras)\b\s*:?.*$",
                          re.I | re.M)
_SITE_SUFFIX = re.compile(r"\s*(?:[|:–—-]|::)\s*[^|:–—-]{2,60}$")


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML document (a saved page), not article text with a stray tag."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 15 and head.lstrip().startswith("<")


@dataclass
class HtmlMeta:
    """Metadata read from a page's markup, each value with its source."""

    title: str = ""
    titles: dict[str, str] = field(default_factory=dict)  # source -> title
    date: DateReading | None = None
    authors: list[str] = field(default_factory=list)
    sitename: str = ""
    url: str = ""
    kinds: list[str] = field(default_factory=list)  # og:type and JSON-LD @type values
    headings: list[str] = field(default_factory=list)  # visible <h1> texts
    document_title: str = ""  # the <title> element as the browser tab shows it
    sources: dict[str, str] = field(default_factory=dict)


def _text_of(value: object) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return _text_of(value.get("name") or value.get("@value") or "")
    if isinstance(value, list):
        return "; ".join(filter(None, (_text_of(v) for v in value)))
    return ""


def _ld_objects(data: object, depth: int = 0):
    """Every JSON-LD object in ``data`` (lists and ``@graph`` flattened), bounded in depth."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"], depth + 1)
        if isinstance(data.get("mainEntity"), dict):
            yield from _ld_objects(data["mainEntity"], depth + 1)


def _types(obj: dict) -> list[str]:
    t = obj.get("@type", [])
    return [x.lower() for x in ([t] if isinstance(t, str) else t) if isinstance(x, str)]


def meta_date(value: str) -> DateReading | None:
    """Read a machine date from a meta tag or JSON-LD (``2020-10-09T14:58:53+08:00``,
    ``2022/12/10 13:19:56``). A value without an offset is taken as WIB (noted)."""
    m = _ISO.match(value or "")
    if not m:
        if re.fullmatch(r"\s*1\d{12}\s*", value or ""):  # Unix milliseconds (dtk:...unix)
            moment = datetime.fromtimestamp(int(value) / 1000, tz=UTC)
            return DateReading(moment.astimezone(JAKARTA), value.strip())
        return parse_date(value, fallback=False) if value else None
    year, month, day, hour, minute, second, tz = m.groups()
    has_time = hour is not None
    if tz is None:
        offset, assumed = timezone(timedelta(hours=7)), True
    elif tz == "Z":
        offset, assumed = UTC, False
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        assumed = False
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                          int(second or 0), tzinfo=offset)
    except ValueError:
        return None
    reading = parse_date(moment.strftime("%Y-%m-%d"), fallback=False)
    if reading is None or reading.value is None:
        return reading  # out of the plausible range: the reading says why
    return DateReading(moment.astimezone(JAKARTA), value.strip(), "", assumed and has_time,
                       has_time)


def strip_site_suffix(title: str, sitename: str = "", host: str = "") -> str:
    """``'Judul Berita - Tribunnews.com'`` -> ``'Judul Berita'`` when the tail names the site."""
    title = " ".join(title.split())
    names = {n.lower() for n in (sitename, host, host.removeprefix("www.")) if n}
    names |= {n.split(".")[0] for n in list(names) if "." in n}
    for _ in range(2):
        m = _SITE_SUFFIX.search(title)
        if not m or m.start() < 10:
            break
        tail = re.sub(r"^\W+", "", m.group(0)).lower()
        if (any(n and (n in tail or tail in n) for n in names)
                or re.search(r"\.(?:com|co\.id|id|net)\b|\bnews\b|\bonline\b", tail)):
            title = title[: m.start()].rstrip()
        else:
            break
    return title


def read_metadata(tree) -> HtmlMeta:
    """Metadata of a parsed page; never raises on odd markup."""
    meta = HtmlMeta()
    tags: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in tags:
            tags[key] = content
    canonical = ""
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href", "").startswith("http"):
            canonical = el.get("href").strip()
            break
    meta.url = canonical or (tags.get("og:url", "") if tags.get("og:url", "").startswith("http")
                             else "")
    if meta.url:
        meta.sources["url"] = "meta"
    meta.sitename = tags.get("og:site_name", "") or tags.get("application-name", "")

    ld_article: dict = {}
    for el in tree.iter("script"):
        if "ld+json" not in (el.get("type") or "").lower() or not el.text:
            continue
        try:
            data = json.loads(el.text.strip().rstrip(";"), strict=False)
        except (ValueError, RecursionError):
            continue
        for obj in _ld_objects(data):
            types = _types(obj)
            meta.kinds.extend(types)
            if not ld_article and set(types) & _ARTICLE_TYPES:
                ld_article = obj
            if not meta.sitename and "publisher" in obj:
                meta.sitename = _text_of(obj["publisher"])
    if tags.get("og:type"):
        meta.kinds.append(tags["og:type"].lower())

    host = urlparse(meta.url).netloc.lower() if meta.url else ""
    title_el = tree.find(".//title")
    meta.document_title = " ".join((title_el.text_content() if title_el is not None else "")
                                   .split())
    candidates = [
        ("json-ld", _text_of(ld_article.get("headline", ""))),
        ("meta", tags.get("og:title", "") or tags.get("twitter:title", "")),
        ("title-tag", " ".join((title_el.text_content() if title_el is not None else "")
                               .split())),
    ]
    for source, value in candidates:
        value = strip_site_suffix(value, meta.sitename, host)
        if value and source not in meta.titles:
            meta.titles[source] = value
    for source, value in meta.titles.items():
        meta.title, meta.sources["title"] = value, source
        break

    for source, value in (("json-ld", _text_of(ld_article.get("datePublished", ""))),
                          *(("meta", tags.get(k, "")) for k in _DATE_META)):
        reading = meta_date(value) if value else None
        if reading is not None and reading.value is not None:
            meta.date, meta.sources["published"] = reading, source
            break

    for source, value in (("json-ld", ld_article.get("author")),
                          *(("meta", tags.get(k)) for k in _AUTHOR_META)):
        if not value:
            continue
        if isinstance(value, (dict, list)):
            people = [v for v in (value if isinstance(value, list) else [value])
                      if not isinstance(v, dict) or "organization" not in _types(v)]
            value = _text_of(people)
        if "://" in str(value):
            continue  # a profile link, not a name
        names = [n for n in split_names(str(value)) if person_like(n, meta.sitename)]
        if names:
            meta.authors, meta.sources["author"] = names, source
            break

    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        if 3 <= len(text) <= 300:
            meta.headings.append(text)
    return meta


def person_like(name: str, sitename: str = "") -> bool:
    """A byline value that names a person, not the outlet, a team or an agency."""
    if not name or len(name) > 60 or _NOT_PERSON.search(name):
        return False
    if sitename and name.lower().replace(" ", "") in sitename.lower().replace(" ", ""):
        return False
    words = name.split()
    return (1 <= len(words) <= 6 and all(w[0].isalpha() for w in words)
            and not name.endswith(":"))


def visible_text(tree) -> str:
    """The page as a reader's select-all copy gives it: one block per line, no markup."""
    from inscriptis import Inscriptis
    from inscriptis.model.config import ParserConfig

    for el in list(tree.iter(*_INVISIBLE)):
        _drop(el)
    for el in list(tree.iter()):
        if not isinstance(el.tag, str):
            continue
        style = el.get("style") or ""
        if (el.get("hidden") is not None or el.get("aria-hidden") == "true"
                or (el.tag == "input" and (el.get("type") or "").lower() == "hidden")
                or (style and _HIDDEN_STYLE.search(style))):
            _drop(el)
    text = Inscriptis(tree, ParserConfig()).get_text()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def _drop(el) -> None:
    """Remove ``el`` and its content but keep the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


_TEASER_BOX = re.compile(
    r"(?:^|[\s_-])(?:related|terkait|populer|popular|terpopuler|rekomendasi|recommend\w*|"
    r"trending|newsticker|ticker|most-?read|baca-?juga|read-?also|also-?read|terbaru|latest|"
    r"sidebar|widget|box-?news|list-?news|more-?news|berita-?lain\w*|share|social|comment\w*|"
    r"komentar|tags?|breadcrumbs?)(?:$|[\s_-])", re.I)


def _prune_teasers(tree) -> None:
    """Remove what is not the story before trafilatura looks for it: boxes whose class or id
    names related/popular/latest lists, sidebars or share rows, and lists whose items are
    all linked headlines (teaser lists). Story lists (numbered steps, bullet points) keep
    their items, which are not each a long link."""
    total = sum(len(p.text_content()) for p in tree.iter("p")) or 1
    for el in list(tree.iter("div", "section", "aside", "ul", "ol", "nav", "footer")):
        label = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not label.strip() or not _TEASER_BOX.search(label) or el.getparent() is None:
            continue
        # Never the story itself: a box holding the headline or much of the page's
        # paragraph text is a wrapper with an unlucky class name.
        inside = sum(len(p.text_content()) for p in el.iter("p"))
        if inside > 0.4 * total or any(True for _ in el.iter("h1")):
            continue
        _drop(el)
    for lst in list(tree.iter("ul", "ol")):
        items = [li for li in lst if isinstance(li.tag, str) and li.tag == "li"]
        if len(items) < 3:
            continue
        linked = sum(1 for li in items if any(len(a.text_content().split()) >= 4
                                                for a in li.iter("a")))
        if linked >= 0.8 * len(items):
            _drop(lst)


def main_text(html_text: str) -> str:
    """The article's main text according to trafilatura ("" when it finds none), after
    teaser lists and related/popular boxes are pruned."""
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(html_text.encode("utf-8", "surrogatepass"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
        _prune_teasers(tree)
        text = trafilatura.extract(tree, include_comments=False, include_tables=False,
                                   include_images=False, include_links=False,
                                   favor_precision=True, deduplicate=False, with_metadata=False)
    except Exception:  # trafilatura and lxml raise assorted errors on broken markup
        return ""
    return text or ""


def page_kind_from_meta(meta: HtmlMeta, url: str) -> tuple[str, str]:
    """``(kind, evidence)`` suggested by the markup and URL; kind "" when it says nothing."""
    kinds = set(meta.kinds)
    path = urlparse(url).path.lower() if url else ""
    if url and path in ("", "/", "/index.html", "/index.php"):
        return "index", f"its address ({url}) is a site's front page"
    if re.search(r"/(?:tag|tags|topik|indeks|index|kanal|category|kategori)(?:/|$)", path):
        return "index", f"its address ({url}) is a tag, section or index page"
    if kinds & _GALLERY_TYPES or re.search(r"/(?:foto|galeri|gallery|photos?)/", path):
        return "gallery", "marked as a photo gallery (" + (
            ", ".join(sorted(kinds & _GALLERY_TYPES)) or path) + ")"
    if (kinds & _VIDEO_TYPES and not kinds & _ARTICLE_TYPES) or re.search(r"/videos?/", path):
        return "video", "marked as a video page"
    if kinds & _ARTICLE_TYPES:
        return "article", ""
    if kinds & _INDEX_TYPES and not any(_similar(h, t) >= 0.8 for h in meta.headings
                                        for t in meta.titles.values()):
        return "index", ("og:type/JSON-LD say 'website', not 'article', and no printed "
                         "headline matches the page title")
    if kinds & _INDEX_TYPES:
        return "", "og:type/JSON-LD say 'website', not 'article'"
    return "", ""


def site_name(meta: HtmlMeta, url: str) -> tuple[str, str]:
    """The outlet's name as the page gives it, and the evidence: the HTML site name
    (``'BeritaManado.com: Berita Terkini …'`` -> ``'BeritaManado.com'``), else the domain."""
    name = re.split(r"\s+[|:–—-]\s+|:\s", meta.sitename or "", maxsplit=1)[0].strip()
    if name and len(name) <= 40:
        return name, f"the HTML site name '{meta.sitename}'"
    host = urlparse(url).netloc.lower().split(":")[0] if url else ""
    host = re.sub(r"^(?:www|m|amp)\.", "", host)
    if host:
        return host, f"the page's domain ({host})"
    return "", ""


def parse_html_page(html_text: str, profiles: Profiles, notes: Notes, *, url: str = "",
                    outlet: str = "") -> Page:
    """Read one saved HTML page into a :class:`Page`; problems go to ``notes``, nothing raises
    except programming errors (the caller contains those per file)."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html_text.encode("utf-8", "surrogatepass"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, lxml.etree.ParserError) as exc:
        notes.error(f"HTML could not be parsed: {exc}")
        return Page()
    meta = read_metadata(tree)
    if meta.date is None:
        meta.date = _htmldate(tree)
        if meta.date is not None:
            meta.sources["published"] = "meta"
    url = url or meta.url
    known = profiles.from_url(url) if url else None
    kind, kind_evidence = page_kind_from_meta(meta, url)
    # Authors are left out of the hints: an author meta tag often names the editor, which
    # only the visible text can tell (see below).
    hints = PageHints(title=meta.title, date=meta.date, sitename=meta.sitename, url=url,
                      page_kind=kind, sources=dict(meta.sources))
    text = visible_text(tree)
    page = parse_page(text, profiles, notes, url=url, outlet=outlet or (known.name if known
                                                                        else ""), hints=hints)
    page.url = url or page.url
    if url:
        page.sources["url"] = meta.sources.get("url", page.sources.get("url", "printed"))
    if known is not None:
        page.outlet, page.sources["outlet"] = known.name, "profile"
        notes.drop("outlet")
    elif url and not outlet:
        name, evidence = site_name(meta, url)
        if name and profiles.get(name) is None:
            page.outlet, page.sources["outlet"] = name, "inferred"
            notes.drop("outlet")
            notes.info(f"outlet '{name}' inferred from {evidence}: no profile in "
                       "outlets.yaml", about="outlet")
    _reconcile_title(page, meta, notes)
    if page.date is None or page.date.value is None or not page.date.has_time:
        near = printed_date_near(text, page.title)
        if near is not None:
            if page.date is not None:
                notes.drop("published")
            page.date = near
            page.sources["published"] = "printed"
    _reconcile_date(page, meta, notes)
    if not page.authors and meta.authors:
        # Outlets often put the editor in their author meta tag: a name the page prints on
        # an "Editor:" line is the editor, not the reporter.
        editors = _EDITOR_LINE.findall(text)
        people = [a for a in meta.authors
                  if not any(a.casefold() in e.casefold() for e in editors)]
        if people:
            page.authors = people
            page.sources["author"] = meta.sources["author"]
    if kind and kind != "article":
        if page.page_kind == "article":
            notes.warn(f"not an article page: {kind_evidence}", about="page_kind")
        page.page_kind = kind
    if page.page_kind == "index":
        _as_index(page, meta, notes)
    elif page.page_kind == "article":
        main = main_text(html_text)
        if main:
            _use_main_text(page, main, profiles, notes)
    elif kind_evidence and not kind and page.page_kind == "article":
        notes.warn(f"may not be an article page: {kind_evidence}", about="page_kind")
    _strip_markup(page)
    return page


def _as_index(page: Page, meta: HtmlMeta, notes: Notes) -> None:
    """A front or section page has no headline, date or author of its own: its title is the
    document's ``<title>`` and the dates of its teasers are not used."""
    title = meta.document_title or meta.title
    notes.drop("title")
    if title:
        page.title, page.sources["title"] = title, "title-tag"
    # An index page has no article text of its own: that is what it is, not an error.
    notes.items = [n for n in notes.items if n[1] != "no article text found"]
    if page.date is not None:
        notes.drop("published")
        notes.info(f"date {page.date.text} not used: an index page lists many stories",
                   about="published")
    page.date = None
    page.sources.pop("published", None)
    page.authors = []
    page.sources.pop("author", None)


_TAGS = re.compile(r"</?[a-zA-Z][^<>]{0,500}>")


def _strip_markup(page: Page) -> None:
    """Last guard: no tag or entity ever reaches a field (html.unescape, tags removed)."""
    import html

    def clean(text: str) -> str:
        if "<" in text or "&" in text:
            text = _TAGS.sub(" ", html.unescape(text))
            text = re.sub(r"[ \t]+", " ", text).strip()
        return text

    page.title, page.deck = clean(page.title), clean(page.deck)
    page.body = [p for p in (clean(p) for p in page.body) if p]
    page.captions = [c for c in (clean(c) for c in page.captions) if c]
    page.authors = [a for a in (clean(a) for a in page.authors) if a]


def _htmldate(tree) -> DateReading | None:
    """htmldate's reading of the original publication date, when the markup names none."""
    from htmldate import find_date

    try:
        found = find_date(tree, original_date=True, extensive_search=False,
                          outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises assorted errors on odd markup
        return None
    if not found:
        return None
    reading = meta_date(found)
    return reading if reading is not None and reading.value is not None else None


def printed_date_near(text: str, title: str, *, window: int = 12) -> DateReading | None:
    """The first date line with a time of day printed within ``window`` lines after the
    headline (a header's "today" line above the headline never qualifies)."""
    from .dates import is_date_line

    if not title:
        return None
    lines = [line for line in text.split("\n") if line.strip()]
    start = next((i for i, line in enumerate(lines) if _similar(line, title) >= 0.9), None)
    if start is None:
        return None
    for line in lines[start + 1: start + 1 + window]:
        if len(line) <= 120 and is_date_line(line):
            reading = parse_date(line)
            if reading is not None and reading.value is not None and reading.has_time:
                return reading
    return None


def _similar(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(_norm(a), _norm(b)) / 100 if a and b else 0.0


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _reconcile_title(page: Page, meta: HtmlMeta, notes: Notes) -> None:
    """The printed headline (the text's headline or an ``<h1>``) that best matches the
    metadata's titles, without a site suffix; the metadata's title when none matches."""
    metas = [t for t in meta.titles.values() if t]
    host = urlparse(page.url).netloc.lower() if page.url else ""
    scored = [(max((_similar(c, t) for t in metas), default=0.0), c)
              for c in ([page.title] if page.title else []) + meta.headings]
    best = max(scored, default=(0.0, ""), key=lambda pair: pair[0])
    if best[0] >= 0.8:
        title = strip_site_suffix(best[1], meta.sitename, host)
        if title != page.title:
            notes.drop("title")
        page.title, page.sources["title"] = title, "printed"
        return
    if meta.title and (not page.title or metas):
        old = page.title
        page.title, page.sources["title"] = meta.title, meta.sources["title"]
        notes.drop("title")
        if old:
            notes.warn(f"headline taken from the page's {meta.sources['title']} "
                       f"('{old[:60]}' on the page did not match it)", about="title")


def _reconcile_date(page: Page, meta: HtmlMeta, notes: Notes) -> None:
    """What the markup adds to a printed date (``parse_page`` already filled a missing date
    from it, with a warning): the markup's time named beside a date printed without one, the
    markup's date when the printed one is another day and has no time (a header's "today"
    line), and a warning when a printed timed date and the markup's are days apart."""
    printed = page.date if page.date is not None and page.date.value is not None else None
    hinted = meta.date
    if printed is None or hinted is None or page.sources.get("published") != "printed":
        return
    source = meta.sources.get("published", "meta")
    days = abs((printed.value - hinted.value).total_seconds()) / 86400
    if printed.has_time:
        if days >= 1:
            notes.drop("published")
            notes.warn(f"printed date {printed.text} used, but the page's {source} says "
                       f"{hinted.text}: check which is the publication date",
                       about="published")
        return
    if not hinted.has_time:
        return
    if printed.value.date() == hinted.value.date():
        # The printed page wins: the date stays as printed (and warns that it has no time);
        # the markup's time is named so a researcher can adopt it in manifest.csv.
        notes.info(f"the page prints no time of day; its {source} says {hinted.text}",
                   about="published")
        return
    notes.drop("published")
    page.date, page.sources["published"] = (
        DateReading(hinted.value, hinted.text, "", hinted.zone_assumed, True), source)
    notes.warn(f"the page's {source} date {hinted.text} used: the only date printed "
               f"near the headline ({printed.text}) has no time and another day; "
               "check it", about="published")


def _use_main_text(page: Page, main: str, profiles: Profiles, notes: Notes) -> None:
    """Settle the body with trafilatura's main text, cleaned by the same rules.

    When the two agree (most of the main text's words are in paragraphs the page's text rules
    kept), the body is the text rules' body up to the last paragraph the main text also has:
    trafilatura confirms where the story ends, and widgets it took for the story ("Headline"
    boxes, teaser summaries) never enter. When they disagree, the main text is the body and
    what the text rules kept instead goes to ``removed``.
    """
    repeated = [line for line in main.split("\n")
                if line.strip() and page.title and _similar(line, page.title) >= 0.9]
    if repeated:  # trafilatura may repeat the headline above the story
        main = "\n".join(line for line in main.split("\n") if line not in repeated)
    cleaned = parse_body_text(main, profiles, Notes(), outlet=page.outlet)
    words = sum(len(p.split()) for p in cleaned.body)
    if words < 15:
        return
    theirs = " ".join(_norm(p) for p in cleaned.body)
    matched = [(i, len(p.split())) for i, p in enumerate(page.body)
               if len(p.split()) >= 3 and _norm(p) in theirs]
    if page.body and sum(n for _, n in matched) >= 0.6 * words:
        last = max(i for i, _ in matched)
        for para in page.body[last + 1:]:
            page.removed.append(("after the main text (trafilatura)", para))
        page.body = page.body[: last + 1]
        page.sources["body"] = "printed"
        return
    if not cleaned.dateline and cleaned.body:
        # The main text may open with a byline or date line the rules cut: the dateline is
        # then at the start of the first paragraph kept.
        found = find_dateline(cleaned.body[0], profiles.rules(profiles.get(page.outlet)))
        if found:
            cleaned.dateline = found[0]
            cleaned.removed.append(("dateline", cleaned.body[0][: len(cleaned.body[0])
                                                                 - len(found[1])].strip()))
            cleaned.body[0] = found[1]
    kept = set(cleaned.body)
    for para in page.body:
        if para not in kept:
            page.removed.append(("outside the main text (trafilatura)", para))
    page.body = cleaned.body
    page.dateline = page.dateline or cleaned.dateline
    page.removed.extend(cleaned.removed)
    page.captions = list(dict.fromkeys([*page.captions, *cleaned.captions]))
    page.sources["body"] = "main-text"
    notes.drop("body")
