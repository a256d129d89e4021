"""Outlet profiles: loaded from ``data/reference/outlets.yaml`` and compiled once.

Profiles are data, so a user adds an outlet by editing the YAML file. ``generic`` rules apply to
every page; an outlet's own rules are added to them when the page is identified as that outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import ahocorasick
import yaml

from .paths import OUTLET_PROFILES

#: Most answers one memo of a per-line check keeps (``Rules.memo``, the line caches of
#: ``extract`` and ``dates``, ``FirstCharDispatch.matches``): memory stays bounded on any
#: corpus, and the lines that repeat (menus, footers, boilerplate, date lines) come back
#: within a few pages.
MEMO_LINES = 50_000


@dataclass(frozen=True)
class Detector:
    """One piece of evidence that a page belongs to an outlet."""

    pattern: re.Pattern[str]
    where: str
    weight: int
    layout: bool
    evidence: str
    hints: tuple[str, ...] = ()  # lower-case literals, one of which every match contains


@dataclass(frozen=True)
class Profile:
    """An outlet's name, identifiers and extra rules (all compiled)."""

    name: str
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    detect: tuple[Detector, ...] = ()
    dateline: tuple[re.Pattern[str], ...] = ()
    dateline_names: tuple[str, ...] = ()
    boilerplate: tuple[tuple[str, str, bool], ...] = ()
    author: tuple[re.Pattern[str], ...] = ()
    fixes: tuple[tuple[str, re.Pattern[str], str], ...] = ()
    #: Home time zone (WIB, WITA, WIT) for times printed without a zone.
    zone: str = ""


@dataclass(frozen=True)
class Rules:
    """The compiled rule set for one outlet (generic rules plus the outlet's own)."""

    boilerplate: re.Pattern[str]
    #: ``boilerplate.match`` by first character (same results; see ``FirstCharDispatch``).
    boilerplate_first: FirstCharDispatch
    boilerplate_anywhere: re.Pattern[str]
    #: Lower-case literals one of which every ``boilerplate_anywhere`` match contains.
    anywhere_hints: tuple[str, ...] | None
    boilerplate_names: dict[str, str]
    #: ``boilerplate_anywhere`` split into its alternatives, in order: ``(gate, pattern,
    #: rule)``, the gate a cheap necessary test or None (see ``anywhere_rule``).
    anywhere_branches: tuple[tuple[re.Pattern[str] | None, re.Pattern[str], str], ...]
    markers: re.Pattern[str]
    markers_first: FirstCharDispatch
    captions: re.Pattern[str]
    #: ``captions`` split into its alternatives, each with a cheap necessary test (or None);
    #: ``caption_found`` uses them instead of searching the whole alternation.
    caption_branches: tuple[tuple[re.Pattern[str] | None, re.Pattern[str]], ...]
    credits: re.Pattern[str]
    author: tuple[re.Pattern[str], ...]
    initials: re.Pattern[str]
    trailing_initials: re.Pattern[str]
    dateline: tuple[re.Pattern[str], ...]
    dateline_names: re.Pattern[str]
    fixes: tuple[tuple[str, re.Pattern[str], str], ...]
    def anywhere_rule(self, line: str) -> str | None:
        """The rule of ``boilerplate_anywhere.search(line)``, or None; without searching the
        whole alternation at every position of the line.

        The alternation's match is the leftmost, and at that position the first alternative
        that matches there: that is the alternative whose own leftmost match comes first
        (ties to the earlier one). An alternative whose gate finds nothing cannot match.
        """
        best, rule = len(line) + 1, None
        for gate, pattern, name in self.anywhere_branches:
            if gate is not None and gate.search(line) is None:
                continue
            m = pattern.search(line)
            if m is not None and m.start() < best:
                best, rule = m.start(), name
        return rule

    #: Answers of pure per-line rule checks (``extract._Cutter``), kept across pages: menus,
    #: footers and boilerplate lines repeat on every page of an outlet. Keyed by check name.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Profiles:
    """All outlet profiles and the generic rules, as read from the YAML file."""

    generic: dict
    outlets: tuple[Profile, ...]
    source: Path
    _rules: dict = field(default_factory=dict, compare=False, repr=False)

    def names(self) -> list[str]:
        return [p.name for p in self.outlets]

    def get(self, name: str) -> Profile | None:
        """The profile called ``name`` (or one of its aliases, any case), else ``None``."""
        key = name.strip().lower()
        by_name = self._rules.get("\x00names")
        if by_name is None:
            # The first profile in file order wins, as a scan of the profiles would find it.
            by_name = {}
            for p in self.outlets:
                for k in (p.name.lower(), *p.aliases):
                    by_name.setdefault(k, p)
            self._rules["\x00names"] = by_name
        return by_name.get(key)

    def from_url(self, url: str) -> Profile | None:
        parsed = urlparse(url if "//" in url else f"//{url}")
        host = parsed.netloc.lower().split(":")[0]
        address = host + parsed.path.lower()
        best, best_len = None, 0
        for p in self.outlets:
            for d in p.domains:
                # The most specific domain wins: solo.tribunnews.com before tribunnews.com.
                if "/" in d:  # a site in a folder of a shared domain: bbc.com/indonesia
                    hit = address.startswith(d) or address.split(".", 1)[-1].startswith(d)
                else:
                    hit = host == d or host.endswith("." + d)
                if hit and len(d) > best_len:
                    best, best_len = p, len(d)
        return best

    def detect(self, top_lines: list[str], text: str, url: str = "", *,
               literals: tuple[str, ...] = (), found: set[str] | None = None,
               ) -> tuple[Profile | None, str]:
        """Identify the outlet of a page; return the profile and a note on the evidence.

        ``literals`` (lower-case strings) are looked for in the lower-cased ``text`` in the
        same pass as the detector hints; those that occur are added to ``found``.
        """
        scores: dict[str, tuple[int, bool, str]] = {}
        top = "\n".join(top_lines)
        lowered = {"top": lower_text(top), "anywhere": lower_text(text)}
        # One pass over the page finds which detector hints occur at all, so that most
        # profiles are ruled out without searching the page once per profile.
        if literals and found is not None:
            seen = self._hints_in(lowered["anywhere"], literals)
            found.update(seen.intersection(literals))
            present = seen & self._detector_hints()
        else:
            present = self._hints_in(lowered["anywhere"])
        if not top_lines or top_lines[0] not in text:  # top lines not from this text
            present |= self._hints_in(lowered["top"])
        by_url = self.from_url(url) if url else None
        for p in self._candidates(present, by_url):
            score, by_name, evidence = 0, False, ""
            for d in p.detect:
                if d.hints and present.isdisjoint(d.hints):
                    continue
                hay = top if d.where == "top" else text
                if not _detected(d, hay, lowered[d.where]):
                    continue
                score += d.weight
                by_name = by_name or not d.layout
                if d.layout and not evidence:
                    evidence = d.evidence
            if by_url is p:
                score, by_name = score + 5, True
            if score:
                scores[p.name] = (score, by_name, evidence)
        if not scores:
            return None, ""
        best = max(v[0] for v in scores.values())
        tied = [n for n, v in scores.items() if v[0] == best]
        if len(tied) > 1:
            # Ties (a sidebar naming another outlet) go to the outlet named more often.
            low = lowered["anywhere"]
            name = max(tied, key=lambda n: low.count(n.lower()))
        else:
            name = tied[0]
        _, by_name, evidence = scores[name]
        note = "" if by_name else (f"outlet {name} identified by its layout ({evidence}), "
                                   "not by name")
        return self.get(name), note

    def _candidates(self, present: set[str], by_url: Profile | None) -> list[Profile]:
        """Profiles that may match: a detector without hints, or one of its hints present."""
        # Few distinct sets of hints occur: the answer is kept per set (bounded).
        seen = self._rules.setdefault("\x00candidates", {})
        key = (frozenset(present), by_url.name if by_url is not None else None)
        found = seen.get(key)
        if found is None:
            if len(seen) >= 10_000:
                seen.clear()
            found = seen[key] = self._choose_candidates(present, by_url)
        return found

    def _choose_candidates(self, present: set[str], by_url: Profile | None) -> list[Profile]:
        index = self._rules.get("\x00index")
        if index is None:
            always = {i for i, p in enumerate(self.outlets) if any(not d.hints for d in p.detect)}
            by_hint: dict[str, set[int]] = {}
            for i, p in enumerate(self.outlets):
                for d in p.detect:
                    for h in d.hints:
                        by_hint.setdefault(h, set()).add(i)
            index = self._rules["\x00index"] = (always, by_hint)
        always, by_hint = index
        chosen = set(always)
        for h in present:
            chosen |= by_hint.get(h, set())
        if by_url is not None:
            chosen.add(self.outlets.index(by_url))
        return [self.outlets[i] for i in sorted(chosen)]

    def _detector_hints(self) -> frozenset[str]:
        hints = self._rules.get("\x00hint-set")
        if hints is None:
            hints = self._rules["\x00hint-set"] = frozenset(
                h for p in self.outlets for d in p.detect for h in d.hints)
        return hints

    def _hints_in(self, lowered: str, literals: tuple[str, ...] = ()) -> set[str]:
        """The detector hints (and ``literals``) that occur in ``lowered`` (a lower-cased
        text)."""
        key = ("\x00hints", literals) if literals else "\x00hints"
        finder = self._rules.get(key)
        if finder is None:
            # One Aho-Corasick pass over the text finds every hint that occurs, instead of
            # one substring search per hint (some sixty) over the whole page.
            finder = ahocorasick.Automaton()
            for h in sorted(self._detector_hints().union(literals)):
                finder.add_word(h, h)
            finder.make_automaton()
            self._rules[key] = finder
        if not lowered or len(finder) == 0:
            return set()
        return {h for _, h in finder.iter(lowered)}

    def rules(self, profile: Profile | None) -> Rules:
        """Compiled rules for ``profile`` (``None``: generic rules only), cached."""
        key = profile.name if profile else ""
        if key not in self._rules:
            self._rules[key] = _compile_rules(self.generic, profile, self.outlets)
        return self._rules[key]


_ASCII_BYTES = bytes(range(128))


def lower_text(text: str) -> str:
    """``text.lower()``, about twice as fast on a long page that is ASCII apart from a few
    characters without case (curly quotes, dashes), where ``str.lower`` goes character by
    character. ``bytes.lower`` lower-cases exactly the ASCII letters, which is all that
    ``str.lower`` changes when none of the non-ASCII characters has a lower case of its
    own (checked on those characters alone; ``str.lower`` is used otherwise). Exact for any
    text, lone surrogates included."""
    if text.isascii():
        return text.lower()
    data = text.encode("utf-8", "surrogatepass")
    # Deleting the ASCII bytes leaves the non-ASCII characters' UTF-8 sequences, whole.
    others = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    if others.lower() != others:
        return text.lower()
    return data.lower().decode("utf-8", "surrogatepass")


def _detected(d: Detector, hay: str, lowered: str) -> bool:
    """Does ``d`` match ``hay``? With hints, only the lines holding one are searched."""
    if not d.hints:
        return bool(d.pattern.search(hay))
    for hint in d.hints:
        pos = lowered.find(hint)
        tries = 0
        while pos >= 0 and tries < 20:
            start = hay.rfind("\n", 0, pos) + 1
            end = hay.find("\n", pos)
            end = len(hay) if end < 0 else end
            if d.pattern.search(hay[start:end]):
                return True
            pos = lowered.find(hint, end)
            tries += 1
    return False


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns) or r"(?!x)x"


def _compile_rules(generic: dict, profile: Profile | None, outlets: tuple[Profile, ...]) -> Rules:
    entries = [(b["rule"], b["pattern"], bool(b.get("anywhere"))) for b in
               generic.get("boilerplate", [])]
    hints = [h.lower() for b in generic.get("boilerplate", []) if b.get("anywhere")
             for h in b.get("hints", [])]
    if any(b.get("anywhere") and not b.get("hints") for b in generic.get("boilerplate", [])):
        hints = []  # an anywhere rule without hints: every line must be searched
    if profile:
        entries = list(profile.boilerplate) + entries
    names = {f"b{i}": rule for i, (rule, _, _) in enumerate(entries)}
    joined = "|".join(f"(?P<b{i}>{pat})" for i, (_, pat, anywhere) in enumerate(entries)
                      if not anywhere) or r"(?!x)x"
    anchored = [(i, pat) for i, (_, pat, anywhere) in enumerate(entries) if not anywhere]
    joined_anywhere = "|".join(f"(?P<b{i}>{pat})" for i, (_, pat, anywhere) in enumerate(entries)
                               if anywhere) or r"(?!x)x"
    generic_authors = tuple(re.compile(p, re.I) for p in generic.get("author", []))
    own_authors = profile.author if profile else ()
    # Outlet names that may sit inside any dateline: all profiles' names, so that a page from
    # an unknown layout still has "CITY, OUTLET.COM -" read correctly.
    dl_names = sorted({n for p in outlets for n in p.dateline_names}, key=len, reverse=True)
    dl_names += [r"[\w-]+(?:\.[\w-]+)*\.(?:com|co\.id|co|id|net|org)", r"\(?ANTARA(?: News)?\)?"]
    return Rules(
        boilerplate=re.compile(joined, re.I),
        boilerplate_first=FirstCharDispatch([(f"b{i}", pat) for i, pat in anchored], re.I),
        boilerplate_anywhere=re.compile(joined_anywhere, re.I),
        anywhere_hints=tuple(dict.fromkeys(hints)) if hints else None,
        boilerplate_names=names,
        anywhere_branches=tuple((necessary_test(pat, re.I), re.compile(pat, re.I), rule)
                                for rule, pat, anywhere in entries if anywhere),
        markers=re.compile(_alternation(generic.get("markers", [])), re.I),
        markers_first=FirstCharDispatch([(None, p) for p in generic.get("markers", [])], re.I),
        captions=re.compile(_alternation(generic.get("captions", [])), re.I),
        caption_branches=tuple((necessary_test(p, re.I), re.compile(p, re.I))
                               for p in generic.get("captions", [])),
        credits=re.compile(_alternation(generic.get("credits", [])), re.I),
        author=own_authors + generic_authors,
        initials=re.compile(generic.get("initials", r"(?!x)x"), re.I),
        trailing_initials=re.compile(rf"\s*{generic.get('initials', r'(?!x)x')}\s*$", re.I),
        dateline=profile.dateline if profile else (),
        dateline_names=re.compile(rf"^(?:{'|'.join(dl_names)})$", re.I),
        fixes=profile.fixes if profile else (),
    )


def necessary_test(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """A small pattern that finds something every match of ``pattern`` must contain, or None.

    Used as a gate: ``gate.search(line)`` failing proves ``pattern.search(line)`` fails, so the
    expensive pattern is skipped. Python's ``re`` tries an alternation, or a pattern opening
    with ``\\b`` or ``(?:^|\\s)``, at every position of the line, while a single literal run
    or character class is found by a fast scan. The gate is read off the pattern's top-level
    sequence (items outside any group, repeat or alternative, so every match contains them):
    the longest run of literal characters, else a class of literal characters. It is
    compiled with the same flags, so case-insensitive matching folds case exactly as the
    pattern does. Patterns with scoped flags at the top level, or that the parser of the
    ``re`` module does not describe as expected, get no gate (None: always searched).
    """
    try:
        from re import _parser

        parsed = _parser.parse(pattern, flags)
        flags = parsed.state.flags & (re.I | re.A | re.U)
        runs: list[str] = []
        run: list[str] = []
        classes: list[str] = []
        for op, av in parsed.data:
            if op is _parser.LITERAL:
                run.append(chr(av))
                continue
            if run:
                runs.append("".join(run))
                run = []
            if op is _parser.IN and all(o is _parser.LITERAL for o, _ in av):
                classes.append("".join(chr(c) for _, c in av))
        if run:
            runs.append("".join(run))
    except Exception:  # a private module may change between Python versions: no gate
        return None
    if runs:
        best = max(runs, key=len)
        if len(best) >= 2 or not classes:
            return re.compile(re.escape(best), _gate_flags(best, flags))
    if classes:
        chars = min(classes, key=len)
        return re.compile("[" + "".join(re.escape(c) for c in chars) + "]",
                          _gate_flags(chars, flags))
    return None


def _gate_flags(chars: str, flags: int) -> int:
    """``flags`` without IGNORECASE when ``chars`` are all ASCII characters other than
    letters: they have no other case, so the gate finds the same, and without the flag the
    regex engine scans for them quickly instead of trying every position."""
    if flags & re.I and all(c.isascii() and not c.isalpha() for c in chars):
        return flags & ~re.I
    return flags


class FirstCharDispatch:
    """``pattern.match(line)`` for an alternation of anchored patterns, trying only the
    alternatives that can start with ``line[0]``; the result is the same match object kind
    (same ``lastgroup``, same span) as matching the whole alternation.

    Python's ``re`` tries every alternative in turn at the start of each line, and the
    boilerplate and marker alternations have dozens. The characters each alternative may
    start with are read off its parsed form (``first_tests``); which alternatives fit a
    given first character is decided by ``re`` itself (so case folding is exactly the
    pattern's) once per distinct first character, and the reduced alternation, in the
    original order, is compiled once per distinct set. An alternative that is dropped can
    never match, and the first alternative that matches is unchanged, so the answer is too.
    """

    def __init__(self, branches: list[tuple[str | None, str]], flags: int) -> None:
        self.branches = branches  # (group name or None, pattern), in the original order
        self.flags = flags
        self.tests = [first_tests(pat, flags) for _, pat in branches]
        self._by_char: dict[str, re.Pattern[str]] = {}
        self._by_set: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._found: dict[str, bool] = {}
        self.full = self._compile(tuple(range(len(branches))))

    def _compile(self, chosen: tuple[int, ...]) -> re.Pattern[str]:
        parts = []
        for i in chosen:
            name, pat = self.branches[i]
            parts.append(f"(?P<{name}>{pat})" if name else f"(?:{pat})")
        return re.compile("|".join(parts) or r"(?!x)x", self.flags)

    def match(self, line: str) -> re.Match[str] | None:
        first = line[:1]
        try:
            pattern = self._by_char[first]
        except KeyError:
            pattern = self._by_char[first] = self._pattern_for(first)
        # None: no alternative can start with this character (an empty alternation).
        return pattern.match(line) if pattern is not None else None

    def _pattern_for(self, first: str) -> re.Pattern[str] | None:
        """The reduced alternation for lines starting with ``first`` (None: nothing left)."""
        if not first:
            return self.full
        chosen = tuple(i for i, tests in enumerate(self.tests) if tests is None
                       or any(t.fullmatch(first) for t in tests))
        if not chosen:
            return None
        pattern = self._by_set.get(chosen)
        if pattern is None:
            pattern = self._by_set[chosen] = self._compile(chosen)
        return pattern

    def matches(self, line: str) -> bool:
        """``match(line) is not None``, remembered per line (the extractor asks it of the
        same lines several times, and of lines that repeat across pages); bounded."""
        try:
            return self._found[line]
        except KeyError:
            if len(self._found) >= MEMO_LINES:
                self._found.clear()
            found = self._found[line] = self.match(line) is not None
            return found


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def first_tests(pattern: str, flags: int = 0) -> list[re.Pattern[str]] | None:
    """One-character patterns, one of which the first character of every match of
    ``pattern`` (matched at the start of a line) fullmatches; None when that is not known
    (then every line is tried). Errs only towards None or extra tests, never fewer."""
    try:
        from re import _parser

        parsed = _parser.parse(pattern, flags)
        flags = parsed.state.flags & (re.I | re.A | re.U)
        sources = _first_sources(parsed.data, _parser)
    except Exception:  # a private module may change between Python versions: no dispatch
        return None
    if sources is None:
        return None
    return [re.compile(src, flags) for src in dict.fromkeys(sources)]


def _first_sources(items, P) -> list[str] | None:
    """Regex sources of single characters that can open a match of the sequence ``items``;
    None if unknown or if the sequence can match the empty string."""
    out: list[str] = []
    for op, av in items:
        if op is P.LITERAL:
            return [*out, re.escape(chr(av))]
        if op is P.IN:
            cls = _class_source(av, P)
            return None if cls is None else [*out, cls]
        if op is P.AT or op in (P.ASSERT, P.ASSERT_NOT):
            continue  # zero-width: the next item opens the match (a superset, never fewer)
        if op is P.BRANCH:
            for alt in av[1]:
                sub = _first_sources(alt.data if hasattr(alt, "data") else alt, P)
                if sub is None:
                    return None
                out += sub
            return out
        if op is P.SUBPATTERN:
            _, add, remove, sub = av
            if add or remove:
                return None
            found = _first_sources(sub.data, P)
            return None if found is None else out + found
        if op in (P.MAX_REPEAT, P.MIN_REPEAT, getattr(P, "POSSESSIVE_REPEAT", None)):
            low, _, sub = av
            found = _first_sources(sub.data, P)
            if found is None:
                return None
            out += found
            if low >= 1:
                return out
            continue  # optional: what follows may open the match too
        return None
    return None  # the whole sequence may match nothing: any line can match


def _class_source(items, P) -> str | None:
    parts = []
    negate = ""
    for op, av in items:
        if op is P.NEGATE:
            negate = "^"
        elif op is P.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is P.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is P.CATEGORY and str(av) in _CATEGORIES:
            parts.append(_CATEGORIES[str(av)])
        else:
            return None
    return f"[{negate}{''.join(parts)}]" if parts else None


def literal_hint(pattern: str) -> str:
    """A lower-case literal that every match of ``pattern`` must contain, or "" if unsure.

    Only the longest run of letters outside character classes and groups is used, and
    patterns with a top-level alternative give no hint (any branch may match).
    """
    if "|" in re.sub(r"\\.|\[[^\]]*\]|\([^()]*\)", "", pattern):
        return ""
    bare = re.sub(r"\[[^\]]*\]|\((?:[^()]|\([^()]*\))*\)[?*]?|\\[a-zA-Z]", " ", pattern)
    bare = re.sub(r"\\(.)", r"\1", bare)
    runs = re.findall(r"[A-Za-z][A-Za-z ]*[A-Za-z]", re.sub(r"[a-zA-Z][?*]", " ", bare))
    best = max(runs, key=len, default="")
    return best.lower() if len(best) >= 4 else ""


def _profile(entry: dict) -> Profile:
    detect = tuple(
        Detector(
            pattern=re.compile(d["pattern"], re.M if d.get("case") == "sensitive" else re.I | re.M),
            where=d.get("where", "anywhere"),
            weight=int(d.get("weight", 1)),
            layout=bool(d.get("layout", False)),
            evidence=d.get("evidence", ""),
            hints=tuple(h.lower() for h in d.get("hints", [])) or
            tuple(filter(None, [literal_hint(d["pattern"])])),
        )
        for d in entry.get("detect", [])
    )
    return Profile(
        name=entry["name"],
        domains=tuple(entry.get("domains", [])),
        aliases=tuple(a.lower() for a in entry.get("aliases", [])),
        detect=detect,
        dateline=tuple(re.compile(p) for p in entry.get("dateline", [])),
        dateline_names=tuple(entry.get("dateline_names", [])),
        boilerplate=tuple((b["rule"], b["pattern"], bool(b.get("anywhere")))
                          for b in entry.get("boilerplate", [])),
        author=tuple(re.compile(p) for p in entry.get("author", [])),
        fixes=tuple((f["rule"], re.compile(f["pattern"]), f["replace"])
                    for f in entry.get("fixes", [])),
        zone=str(entry.get("zone", "")).upper(),
    )


@lru_cache(maxsize=8)
def load_profiles(path: Path = OUTLET_PROFILES) -> Profiles:
    """Read and compile the outlet profiles. Raises ``ValueError`` naming a bad entry."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
    outlets = []
    for entry in data.get("outlets", []):
        try:
            outlets.append(_profile(entry))
        except (KeyError, re.error) as exc:
            name = entry.get("name", entry)
            raise ValueError(f"{path}: bad outlet profile {name!r}: {exc}") from exc
    names = [p.name for p in outlets]
    if len(names) != len(set(names)):
        raise ValueError(f"{path}: outlet names are not unique")
    return Profiles(generic=data.get("generic", {}), outlets=tuple(outlets), source=Path(path))
