"""``load_corpus``: the article table, cached as Parquet and filtered with checked keywords.

The cache lives in ``data/processed/`` (never in the raw folder). Its key is the package
version plus the path and SHA-256 of every input file (and of ``manifest.csv`` and the outlet
profiles), so any change to the data or the code's version rebuilds it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import __version__
from .build import build_corpus, list_inputs
from .paths import OUTLET_PROFILES, PROCESSED_DIR, RAW_DIR
from .schema import STATUSES, TIMEZONE


def cache_key(raw_dir: Path) -> str:
    """Hex digest identifying the raw folder's exact content and the package version."""
    h = hashlib.sha256(f"nkcorpus {__version__}\n".encode())
    extras = [raw_dir / "manifest.csv", OUTLET_PROFILES]
    for path in [*list_inputs(raw_dir), *[p for p in extras if p.is_file()]]:
        name = path.relative_to(raw_dir).as_posix() if path.is_relative_to(raw_dir) else path.name
        h.update(name.encode("utf-8", "surrogateescape") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def write_table(df: pd.DataFrame, out: str | os.PathLike) -> Path:
    """Write ``df`` to ``.parquet`` or ``.csv`` atomically (temp file, then rename).

    A crash mid-write leaves the previous file, never a half-written one. Raises
    ``ValueError`` for other suffixes.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in {".parquet", ".csv"}:
        raise ValueError(f"unsupported output format {out.suffix!r}; use .parquet or .csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        if suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        else:
            df.to_csv(tmp, index=False)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def load_corpus(raw_dir: str | os.PathLike | None = None, *,
                outlets: str | Iterable[str] | None = None,
                date_range: tuple[object, object] | None = None,
                status: str | Iterable[str] | None = None,
                cache: bool = True) -> pd.DataFrame:
    """The article table for ``raw_dir`` (default: the project's ``data/raw``), cached.

    Filters (keyword-only, combined with AND):
    ``outlets``: one outlet name or several; ``date_range``: ``(start, end)`` of dates or
    strings, inclusive, either end may be ``None`` (rows without a date are excluded);
    ``status``: ``"ok"``, ``"warning"``, ``"error"`` or several.
    Raises ``ValueError`` naming a bad filter value and the valid ones, and
    ``FileNotFoundError`` if ``raw_dir`` does not exist.
    """
    raw_dir = Path(raw_dir).expanduser().resolve() if raw_dir is not None else RAW_DIR
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    wanted_status = _check_status(status)
    start, end = _check_range(date_range)
    df = _cached(raw_dir) if cache else build_corpus(raw_dir)
    mask = pd.Series(True, index=df.index)
    if outlets is not None:
        names = [outlets] if isinstance(outlets, str) else list(outlets)
        valid = sorted(set(df["outlet"]) - {""})
        bad = [n for n in names if n not in valid]
        if bad:
            raise ValueError(f"unknown outlet(s) {', '.join(map(repr, bad))}; outlets in this "
                             f"corpus: {', '.join(valid) or 'none'}")
        mask &= df["outlet"].isin(names)
    if start is not None:
        mask &= df["published"] >= start
    if end is not None:
        mask &= df["published"] <= end
    if wanted_status is not None:
        mask &= df["status"].isin(wanted_status)
    return df[mask].reset_index(drop=True)


def _cached(raw_dir: Path) -> pd.DataFrame:
    key = cache_key(raw_dir)
    folder = hashlib.sha256(str(raw_dir).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    path = PROCESSED_DIR / f"articles-{folder}-{key[:16]}.parquet"
    if path.is_file():
        try:
            return pd.read_parquet(path)
        except Exception:  # a damaged cache is rebuilt, not trusted
            path.unlink(missing_ok=True)
    df = build_corpus(raw_dir)
    try:
        write_table(df, path)
        for old in PROCESSED_DIR.glob(f"articles-{folder}-*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only checkout still gets its table, just uncached
    return df


def _check_status(status: str | Iterable[str] | None) -> list[str] | None:
    if status is None:
        return None
    values = [status] if isinstance(status, str) else list(status)
    bad = [v for v in values if v not in STATUSES]
    if bad or not values:
        raise ValueError(f"invalid status {', '.join(map(repr, bad)) or '(empty)'}; valid "
                         f"values: {', '.join(STATUSES)}")
    return values


def _check_range(date_range: tuple[object, object] | None) -> tuple[pd.Timestamp | None, ...]:
    if date_range is None:
        return None, None
    if not isinstance(date_range, (tuple, list)) or len(date_range) != 2:
        raise ValueError(f"date_range must be a (start, end) pair, got {date_range!r}")
    out = []
    for which, value in zip(("start", "end"), date_range, strict=False):
        if value is None:
            out.append(None)
            continue
        try:
            ts = pd.Timestamp(value)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"date_range {which} {value!r} is not a date ({exc}); use e.g. "
                             "'2020-09-27' or a pandas Timestamp") from None
        if pd.isna(ts):
            raise ValueError(f"date_range {which} {value!r} is not a date")
        ts = ts.tz_localize(TIMEZONE) if ts.tzinfo is None else ts.tz_convert(TIMEZONE)
        if which == "end" and isinstance(value, str) and len(value) <= 10:
            ts = ts + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)  # whole end day
        out.append(ts)
    if out[0] is not None and out[1] is not None and out[0] > out[1]:
        raise ValueError(f"date_range start {date_range[0]!r} is after end {date_range[1]!r}")
    return tuple(out)
