"""Loaders for the hand-curated reference data in ``data/reference/`` (validated on load).

Each loader caches its table, keyed on the file's modification time: edit a CSV or YAML file
and the next call reads it again, in a running notebook too, without restarting the kernel.
``reload()`` empties every cache (for example after restoring a file to an older copy whose
modification time is unchanged).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from .paths import REFERENCE_DIR

_CACHES: list[dict] = []


def _cached(*names: str) -> Callable:
    """Cache a loader ``f(folder=None)`` on the folder and the modification times of the files
    it reads, so an edited file takes effect at the next call. Callers get a copy of cached
    tables, so changing a returned table cannot change the cache."""
    def decorate(load: Callable) -> Callable:
        cache: dict = {}
        _CACHES.append(cache)

        @functools.wraps(load)
        def wrapper(folder: Path | None = None):
            base = Path(folder) if folder is not None else REFERENCE_DIR
            stamps = tuple((base / n).stat().st_mtime_ns if (base / n).exists() else None
                           for n in names)
            key = (str(base), stamps)
            if key not in cache:
                cache.clear()  # one version per loader: old versions are of no use
                cache[key] = load(folder)
            value = cache[key]
            return value.copy() if hasattr(value, "copy") else value
        return wrapper
    return decorate


# Patterns that analysis modules compile from reference tables and cache without arguments:
# ``reload`` clears them too, so an edited gazetteer or lexicon reaches find_mentions,
# find_citations and find_frame_cues. A name that no longer exists is skipped.
#: Modules whose cached functions are computed from reference tables (compiled patterns,
#: role look-ups): :func:`reload` clears every ``functools`` cache they define.
_DERIVED_MODULES = ("nkcorpus.actors", "nkcorpus.citations", "nkcorpus.frames",
                    "nkcorpus.quotes", "nkcorpus.timeline")


def reload() -> None:
    """Forget every cached reference table, and everything computed from them, so the next
    call reads ``data/reference`` again (``nkcorpus.reload_reference()``)."""
    import importlib

    for cache in _CACHES:
        cache.clear()
    for name in _DERIVED_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", "") == name:
                clear()


ACTOR_TYPES = ("person", "state", "organisation", "place")
SIDES = ("azerbaijan_camp", "armenia_camp", "mediator", "contested", "other")


def _read_csv(name: str, required: list[str], folder: Path | None = None) -> pd.DataFrame:
    path = (folder or REFERENCE_DIR) / name
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(missing)}")
    return df


@_cached("actors.csv")
def actors(folder: Path | None = None) -> pd.DataFrame:
    """The actor gazetteer: one row per actor, ``aliases`` as a list (canonical name first)."""
    df = _read_csv("actors.csv", ["actor", "type", "affiliation", "side", "aliases"], folder)
    bad = df[~df["type"].isin(ACTOR_TYPES) | ~df["side"].isin(SIDES)]
    if len(bad):
        raise ValueError(f"actors.csv: bad type or side for {', '.join(bad['actor'])}")
    if not df["actor"].is_unique:
        raise ValueError("actors.csv: actor names must be unique")
    df["aliases"] = [list(dict.fromkeys([a, *filter(None, s.split("|"))]))
                     for a, s in zip(df["actor"], df["aliases"], strict=True)]
    return df


@_cached("roles.csv", "actors.csv")
def roles(folder: Path | None = None) -> pd.DataFrame:
    """Role references with the dates each holder held the role (``end`` NaT: still in office)."""
    df = _read_csv("roles.csv", ["role", "actor", "start", "end", "source"], folder)
    unknown = set(df["actor"]) - set(actors(folder)["actor"])
    if unknown:
        raise ValueError(f"roles.csv names actors not in actors.csv: {', '.join(sorted(unknown))}")
    df["start"] = pd.to_datetime(df["start"])
    df["end"] = pd.to_datetime(df["end"].replace("", None))
    return df


@_cached("agencies.csv")
def agencies(folder: Path | None = None) -> pd.DataFrame:
    """Wire agencies and foreign outlets, ``aliases`` as a list."""
    df = _read_csv("agencies.csv", ["agency", "country", "bloc", "kind", "state_owned", "aliases"],
                   folder)
    df["aliases"] = [list(dict.fromkeys(filter(None, s.split("|")))) for s in df["aliases"]]
    return df


@_cached("citation_cues.csv")
def citation_cues(folder: Path | None = None) -> pd.DataFrame:
    return _read_csv("citation_cues.csv", ["cue", "pattern", "gloss"], folder)


@_cached("events.csv")
def events(folder: Path | None = None) -> pd.DataFrame:
    """The war's timeline; ``date`` as a date (Timestamp at midnight)."""
    df = _read_csv("events.csv", ["date", "event", "kind", "source"], folder)
    if (df["source"].str.strip() == "").any():
        raise ValueError("events.csv: every event needs a source")
    df["date"] = pd.to_datetime(df["date"])
    return df.sort_values("date").reset_index(drop=True)


@_cached("frames.yaml")
def frame_lexicon(folder: Path | None = None) -> pd.DataFrame:
    """The frame lexicon as a long table: ``frame, family, description, cue, gloss, why``."""
    path = (folder or REFERENCE_DIR) / "frames.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    records = []
    for frame, spec in data["frames"].items():
        for cue in spec["cues"]:
            missing = [k for k in ("cue", "gloss", "why") if not cue.get(k)]
            if missing:
                raise ValueError(f"{path}: frame {frame!r} cue {cue!r} lacks {missing}")
            records.append({"frame": frame, "family": spec["family"],
                            "description": spec["description"], "cue": cue["cue"],
                            "gloss": cue["gloss"], "why": cue["why"]})
    return pd.DataFrame.from_records(records)


@_cached("glosses.csv")
def glosses(folder: Path | None = None) -> dict[str, str]:
    """English glosses of seed sentences, keyed by the Indonesian sentence."""
    df = _read_csv("glosses.csv", ["text", "gloss"], folder)
    return dict(zip(df["text"], df["gloss"], strict=True))


def gloss(text: str) -> str:
    """The English gloss of an Indonesian sentence, or "(no gloss)" if none is on file."""
    return glosses().get(text, "(no gloss)")


def has_gloss(text: str) -> bool:
    """Whether ``glosses.csv`` has a hand translation of ``text`` (seed sentences only)."""
    return text in glosses()
