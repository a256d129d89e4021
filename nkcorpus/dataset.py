"""Partitioned Parquet datasets: the article table of a large corpus as a folder of files.

A dataset is one folder (``corpus.parquet/`` by convention) written by
``build_corpus(raw_dir, engine="dask")`` or by :func:`write_dataset`::

    OUT.parquet/
      _nkcorpus.json                          metadata (version, n_files, n_rows, skipped...)
      articles/month=2020-10/part-*.parquet   the article table, hive-partitioned by the
      articles/month=undated/part-*.parquet   month of `published` in WIB ("undated": NaT)
      mentions/ quotes/ reuse/ ...            derived long tables (other modules)
      _work/                                  scratch, may be deleted

Article files hold exactly the columns of :data:`nkcorpus.schema.ARTICLE_COLUMNS` with a
fixed Arrow schema; ``month`` lives only in the folder names (hive partitioning). Rows carry
no order: sort by ``source_file`` for the local build's order.

Reading is lazy: :func:`open_dataset` returns a :class:`LazyCorpus`, a DuckDB relation over
the files with the filters of :func:`nkcorpus.load_corpus` pushed down as parameterised SQL
and the month folders outside a date range never opened. ``.df()`` gives the eager article
table with the schema's dtypes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .schema import ARTICLE_COLUMNS, COLUMN_NAMES, TIMEZONE, coerce_articles, empty_articles

#: The metadata file at the top of every dataset.
META_NAME = "_nkcorpus.json"
#: The folder of the article table inside a dataset.
ARTICLES = "articles"
#: The hive partition column of ``articles/`` and its value for rows without a date.
PARTITION = "month"
UNDATED = "undated"
#: Scratch folder inside a dataset (signatures, staging files); safe to delete.
WORK = "_work"


def _arrow_type(dtype: str) -> pa.DataType:
    if dtype.startswith("datetime64"):
        unit, tz = dtype[len("datetime64["):-1].split(", ")
        return pa.timestamp(unit, tz=tz)
    if dtype == "int64":
        return pa.int64()
    return pa.string()


#: The Arrow schema of every article file (the same in every partition, so any reader can
#: combine them).
ARTICLE_SCHEMA = pa.schema([pa.field(c.name, _arrow_type(c.dtype)) for c in ARTICLE_COLUMNS])


def month_of(published: pd.Series) -> pd.Series:
    """The partition value of each row: ``YYYY-MM`` of ``published`` in WIB, ``undated``
    for NaT. ``published`` must be timezone-aware (as in the article table)."""
    local = published.dt.tz_convert(TIMEZONE)
    return local.dt.strftime("%Y-%m").fillna(UNDATED).astype("str")


def to_arrow(df: pd.DataFrame) -> pa.Table:
    """An article table (schema dtypes) as an Arrow table with :data:`ARTICLE_SCHEMA`."""
    return pa.Table.from_pandas(df.loc[:, list(COLUMN_NAMES)], schema=ARTICLE_SCHEMA,
                                preserve_index=False).replace_schema_metadata(None)


def _text_value(value: Any) -> str:
    """A text cell as ``coerce_articles`` makes it: missing (None, NaN, NaT) -> ``""``,
    anything else ``str``."""
    if value is None or (value != value):  # NaN and NaT are not equal to themselves
        return ""
    return str(value)


def rows_to_arrow(rows: Sequence[dict]) -> pa.Table:
    """Article rows (plain dicts with every article column, as the parser makes them) as an
    Arrow table with :data:`ARTICLE_SCHEMA`, without a pandas DataFrame on the way: the same
    table as ``to_arrow(coerce_articles(pd.DataFrame.from_records(rows)))`` (a test holds
    them equal), several times faster for the Dask build's batches. Text cells: missing
    values become ``""``, others ``str``; times: aware values are stored as instants (naive
    ones read as UTC, as pandas does), ``None``/``NaT`` as nulls."""
    arrays = []
    for field in ARTICLE_SCHEMA:
        name = field.name
        values = [row[name] for row in rows]
        if pa.types.is_timestamp(field.type):
            arrays.append(pa.array(values, field.type, from_pandas=True))
        elif pa.types.is_integer(field.type):
            arrays.append(pa.array(values, field.type))
        else:
            arrays.append(pa.array([v if type(v) is str else _text_value(v) for v in values],
                                   field.type))
    return pa.Table.from_arrays(arrays, schema=ARTICLE_SCHEMA)


class MonthWriter:
    """Write article rows into ``articles_dir/month=M/NAME.parquet``, one file per month.

    Rows are buffered per month and written as row groups of about ``group_rows`` rows, so
    a task that parses many small batches still writes a few well-sized files. Use as a
    context manager (or call :meth:`close`); the files are complete only after closing.
    Re-running with the same ``name`` overwrites the same files (a retried task is safe).
    """

    def __init__(self, articles_dir: str | os.PathLike, name: str, *,
                 group_rows: int = 4096) -> None:
        self.folder = Path(articles_dir)
        self.name = name
        self.group_rows = group_rows
        self._buffers: dict[str, list[pa.Table]] = {}
        self._counts: dict[str, int] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.rows = 0

    def write(self, rows: pd.DataFrame | pa.Table) -> None:
        """Add rows: an article table with the schema's dtypes, or an Arrow table with
        :data:`ARTICLE_SCHEMA` (see :func:`rows_to_arrow`)."""
        if not len(rows):
            return
        table = rows if isinstance(rows, pa.Table) else to_arrow(rows)
        months = month_of(table.column("published").to_pandas()).to_numpy()
        marks = pa.array(months, pa.string())
        for month in sorted(set(months)):
            part = table.filter(pc.equal(marks, month))
            self._buffers.setdefault(month, []).append(part)
            self._counts[month] = self._counts.get(month, 0) + part.num_rows
            if self._counts[month] >= self.group_rows:
                self._flush(month)
        self.rows += table.num_rows

    def _flush(self, month: str) -> None:
        parts = self._buffers.pop(month, [])
        self._counts.pop(month, None)
        if not parts:
            return
        writer = self._writers.get(month)
        if writer is None:
            folder = self.folder / f"{PARTITION}={month}"
            # Not parents=True: a task still running after its build failed and removed the
            # temporary dataset must fail, not recreate the folder.
            folder.mkdir(exist_ok=True)
            writer = pq.ParquetWriter(folder / f"{self.name}.parquet", ARTICLE_SCHEMA)
            self._writers[month] = writer
        writer.write_table(pa.concat_tables(parts))

    def close(self) -> list[str]:
        """Flush and close every file; return the months written."""
        for month in list(self._buffers):
            self._flush(month)
        for writer in self._writers.values():
            writer.close()
        return sorted(self._writers)

    def __enter__(self) -> MonthWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_empty_articles(articles_dir: str | os.PathLike) -> Path:
    """Write a zero-row article file (``month=undated``) so that readers of a dataset without
    rows still find the table and its schema."""
    folder = Path(articles_dir) / f"{PARTITION}={UNDATED}"
    folder.mkdir(parents=True, exist_ok=True)  # the client's own call: no race
    path = folder / "part-empty.parquet"
    pq.write_table(ARTICLE_SCHEMA.empty_table(), path)
    return path


def write_metadata(folder: str | os.PathLike, **fields: Any) -> Path:
    """Write ``_nkcorpus.json`` into ``folder`` (version and partitioning added)."""
    from . import __version__

    meta = {"nkcorpus": __version__, "partitioning": {ARTICLES: PARTITION}, **fields}
    meta["skipped"] = [list(pair) for pair in meta.get("skipped", [])]
    path = Path(folder) / META_NAME
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def is_dataset(path: str | os.PathLike) -> bool:
    """True when ``path`` is a dataset folder (it holds ``_nkcorpus.json``)."""
    return (Path(path) / META_NAME).is_file()


def read_metadata(path: str | os.PathLike) -> dict:
    """The metadata of the dataset at ``path``; ``skipped`` as ``(path, reason)`` tuples.

    Raises ``FileNotFoundError`` when ``path`` is not a dataset and ``ValueError`` when its
    metadata file is not valid JSON.
    """
    file = Path(path) / META_NAME
    if not file.is_file():
        raise FileNotFoundError(f"not an nkcorpus dataset (no {META_NAME}): {path}")
    try:
        meta = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{file}: damaged metadata ({exc})") from None
    meta["skipped"] = [tuple(pair) for pair in meta.get("skipped", [])]
    return meta


def _umask_mode(mode: int) -> int:
    from .corpus import _umask

    return mode & ~_umask()


@contextmanager
def atomic_folder(final: str | os.PathLike, *, replace: bool = True) -> Iterator[Path]:
    """Write a folder atomically: yields a fresh temporary folder beside ``final``
    (``FINAL.tmp-XXXX``); when the block ends without an exception it is renamed to
    ``final``, otherwise it is removed and the exception propagates, so no half-written
    folder ever has the final name.

    An existing ``final`` is replaced only with ``replace=True`` and only when it is a
    dataset or table folder this package wrote (it holds ``_nkcorpus.json`` or only
    ``*.parquet`` files and folders); anything else raises ``FileExistsError`` before any
    work, so a user's own folder is never deleted.
    """
    final = Path(final)
    if final.exists():
        check_replaceable(final, replace)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{final.name}.tmp-", dir=final.parent))
    try:
        os.chmod(tmp, _umask_mode(0o777))  # mkdtemp makes 0700: others could not read it
        yield tmp
        if final.exists():
            check_replaceable(final, replace)
            old = Path(tempfile.mkdtemp(prefix=f"{final.name}.old-", dir=final.parent))
            os.replace(final, old / final.name)
            os.replace(tmp, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def check_replaceable(final: Path, replace: bool = True) -> None:
    """Raise ``FileExistsError`` unless the existing ``final`` may be replaced by
    :func:`atomic_folder` (a dataset, or a folder holding only Parquet files)."""
    if not replace:
        raise FileExistsError(f"{final} already exists")
    if not final.is_dir():
        raise FileExistsError(f"{final} exists and is not a folder: not replaced")
    if is_dataset(final):
        return
    for root, _dirs, files in os.walk(final):
        if any(not f.endswith(".parquet") for f in files):
            raise FileExistsError(f"{final} exists and is not an nkcorpus dataset or table "
                                  f"folder (it holds {os.path.join(root, files[0])}...): "
                                  "not replaced")


def write_dataset(df: pd.DataFrame, out: str | os.PathLike, *, rows_per_file: int = 100_000
                  ) -> Path:
    """Write an in-memory article table as a dataset at ``out`` (atomically), e.g. a small
    sample or a table built with the local engine. ``df.attrs`` (``skipped``, ``n_files``,
    ``manifest_problems``) go into the metadata. Returns ``out``.

    Raises ``KeyError`` if ``df`` lacks article columns and ``FileExistsError`` if ``out``
    exists and is not a dataset.
    """
    df = coerce_articles(df)
    out = Path(out)
    with atomic_folder(out) as tmp:
        (tmp / ARTICLES).mkdir()
        for i, start in enumerate(range(0, len(df), rows_per_file)):
            with MonthWriter(tmp / ARTICLES, f"part-{i:05d}") as writer:
                writer.write(df.iloc[start: start + rows_per_file])
        if not len(df):
            write_empty_articles(tmp / ARTICLES)
        write_metadata(tmp, engine="local", n_files=int(df.attrs.get("n_files", len(df))),
                       n_rows=len(df), skipped=df.attrs.get("skipped", []),
                       manifest_problems=list(df.attrs.get("manifest_problems", [])))
    return out


def table_folder(path: str | os.PathLike, table: str = ARTICLES) -> Path:
    """The folder of ``table`` inside the dataset at ``path`` (``FileNotFoundError`` if it
    is missing)."""
    folder = Path(path) / table
    if not folder.is_dir():
        raise FileNotFoundError(f"dataset {path} has no table {table!r} (no folder {folder})")
    return folder


def article_months(path: str | os.PathLike) -> list[str]:
    """The month partitions present in the dataset at ``path`` (``undated`` last)."""
    prefix = f"{PARTITION}="
    months = [p.name[len(prefix):] for p in table_folder(path).iterdir()
              if p.is_dir() and p.name.startswith(prefix) and any(p.glob("*.parquet"))]
    return sorted(months, key=lambda m: (m == UNDATED, m))


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _month_globs(path: Path, months: Iterable[str]) -> str:
    folder = table_folder(path)
    globs = [_sql_text(str(folder / f"{PARTITION}={m}" / "*.parquet")) for m in months]
    return "[" + ", ".join(globs) + "]"


class LazyCorpus:
    """The article table of a dataset, not yet read: a DuckDB relation plus helpers.

    ``relation``: the DuckDB relation (filters applied; any relation method works on the
    ``LazyCorpus`` itself, e.g. ``.aggregate(...)``, ``.limit(5)``, ``.fetchall()``).
    ``df()``: the rows as a pandas article table with the schema's dtypes (``month``
    dropped), sorted by ``source_file``, with ``attrs`` like :func:`nkcorpus.build_corpus`.
    ``sql(query)``: run SQL in which ``articles`` names the filtered rows (the selected
    columns plus ``month``).
    ``count()`` / ``len()``: number of rows. ``path``, ``metadata``: the dataset.
    """

    def __init__(self, path: Path, select: str, params: list, columns: Sequence[str],
                 metadata: dict) -> None:
        import duckdb

        self.path = path
        self.metadata = metadata
        self.columns = list(columns)
        self._select = select
        self._params = params
        self.connection = duckdb.connect()
        # Weeks and days in SQL follow the table's own time zone (WIB), as in pandas.
        self.connection.execute(f"SET TimeZone = {_sql_text(TIMEZONE)}")
        self._columns_sql = ", ".join(_quote(c) for c in self.columns)
        self.relation = self.sql(f"SELECT {self._columns_sql} FROM articles")

    @property
    def attrs(self) -> dict:
        """``skipped``, ``manifest_problems`` and ``n_files`` of the build."""
        return {"skipped": list(self.metadata.get("skipped", [])),
                "manifest_problems": list(self.metadata.get("manifest_problems", [])),
                "n_files": self.metadata.get("n_files")}

    def sql(self, query: str, params: Sequence[object] | None = None):
        """A DuckDB relation for ``query``, in which ``articles`` is this filtered table.
        ``params``: values for ``?`` placeholders in ``query``."""
        full = f"WITH articles AS ({self._select}) {query}"
        return self.connection.sql(full, params=[*self._params, *(params or [])] or None)

    def count(self) -> int:
        """Number of rows (the filters applied), read from the files' metadata and the
        filter columns only."""
        return int(self.sql("SELECT count(*) FROM articles").fetchall()[0][0])

    def __len__(self) -> int:
        return self.count()

    def df(self) -> pd.DataFrame:
        """The rows as a pandas table with the schema's dtypes, sorted by ``source_file``.

        Reads every selected column of every selected row into memory: select ``columns``
        or filter first for large datasets.
        """
        order = " ORDER BY source_file" if "source_file" in self.columns else ""
        raw = self.sql(f"SELECT {self._columns_sql} FROM articles{order}").df()
        out = coerce_articles(raw if len(raw) else empty_articles(),
                              [c for c in self.columns if c != PARTITION])
        if PARTITION in self.columns:  # asked for by name: kept, as text
            out[PARTITION] = (raw[PARTITION].astype("str").to_numpy() if len(raw)
                              else pd.Series([], dtype="str"))
            out = out.loc[:, self.columns]
        out.attrs.update(self.attrs)
        return out

    def __getattr__(self, name: str) -> Any:
        if name in {"relation", "connection"}:  # not set yet: avoid recursion
            raise AttributeError(name)
        return getattr(self.relation, name)

    def __repr__(self) -> str:
        return (f"<LazyCorpus {self.path} ({self.metadata.get('n_rows', '?')} rows in the "
                f"dataset; call .df() for a pandas table, .sql(...) for SQL)>")

    def close(self) -> None:
        """Close the DuckDB connection (the relation cannot be used afterwards)."""
        self.connection.close()


def open_dataset(path: str | os.PathLike, *, outlets: str | Iterable[str] | None = None,
                 date_range: tuple[object, object] | None = None,
                 status: str | Iterable[str] | None = None,
                 columns: Sequence[str] | None = None) -> LazyCorpus:
    """The article table of the dataset at ``path``, lazily, with ``load_corpus``'s filters.

    ``outlets``, ``date_range`` and ``status`` are checked as in :func:`nkcorpus.load_corpus`
    (same ``ValueError`` messages) and become ``WHERE`` conditions with ``?`` parameters;
    a ``date_range`` also limits the month folders that are read. ``columns``: article
    columns to select (default: all; ``month`` may be added). Raises ``FileNotFoundError``
    when ``path`` is not a dataset and ``ValueError`` for an unknown column.
    """
    from .corpus import _check_range, _check_status

    path = Path(path)
    meta = read_metadata(path)
    wanted_status = _check_status(status)
    start, end = _check_range(date_range)
    valid_columns = [*COLUMN_NAMES, PARTITION]
    columns = list(columns) if columns is not None else list(COLUMN_NAMES)
    bad = [c for c in columns if c not in valid_columns]
    if bad or not columns:
        raise ValueError(f"unknown column(s) {', '.join(map(repr, bad)) or '(none given)'}; "
                         f"columns: {', '.join(valid_columns)}")
    months = article_months(path)
    if not months:
        raise FileNotFoundError(f"dataset {path} has no article files")
    where: list[str] = []
    params: list[object] = []
    if start is not None or end is not None:
        # Partition pruning done here, not left to the SQL optimiser: only the month
        # folders that can hold rows in the range are listed at all.
        lo = start.strftime("%Y-%m") if start is not None else ""
        hi = end.strftime("%Y-%m") if end is not None else "9999-99"
        months = [m for m in months if m != UNDATED and lo <= m <= hi] or months[:1]
    source = _articles_source(_month_globs(path, months))
    if outlets is not None:
        import duckdb

        names = [outlets] if isinstance(outlets, str) else list(outlets)
        con = duckdb.connect()
        try:
            every = (f"read_parquet({_month_globs(path, article_months(path))}, "
                     "hive_partitioning = true)")
            valid = sorted(r[0] for r in con.sql(f"SELECT DISTINCT outlet FROM {every} "
                                                 "WHERE outlet <> ''").fetchall())
        finally:
            con.close()
        bad = [n for n in names if n not in valid]
        if bad:
            raise ValueError(f"unknown outlet(s) {', '.join(map(repr, bad))}; outlets in this "
                             f"corpus: {', '.join(valid) or 'none'}")
        where.append(f"outlet IN ({', '.join('?' * len(names))})")
        params.extend(names)
    if start is not None:
        where.append(f"{PARTITION} <> '{UNDATED}' AND {PARTITION} >= ? AND {_AT_LEAST}")
        params.extend([start.strftime("%Y-%m"), start.to_pydatetime()])
    if end is not None:
        where.append(f"{PARTITION} <> '{UNDATED}' AND {PARTITION} <= ? AND {_AT_MOST}")
        params.extend([end.strftime("%Y-%m"), end.to_pydatetime()])
    if wanted_status is not None:
        where.append(f"status IN ({', '.join('?' * len(wanted_status))})")
        params.extend(wanted_status)
    shown = columns if PARTITION in columns else [*columns, PARTITION]
    select = (f"SELECT {', '.join(_quote(c) for c in shown)} FROM {source}"
              + (f" WHERE {' AND '.join(where)}" if where else ""))
    return LazyCorpus(path, select, params, columns, meta)


_AT_LEAST = "published >= ?"
_AT_MOST = "published <= ?"


def _articles_source(globs: str) -> str:
    """SQL for the article rows of the files ``globs`` (a SQL list), with ``month``."""
    # The files keep nanoseconds (as the pandas table does), which DuckDB reads as
    # TIMESTAMPTZ_NS: most date functions (date_trunc...) and Python datetimes want
    # TIMESTAMPTZ. Publication times are whole seconds, so microseconds lose nothing.
    return (f"(SELECT * REPLACE (CAST(published AS TIMESTAMPTZ) AS published, "
            f"CAST(retrieved AS TIMESTAMPTZ) AS retrieved) FROM read_parquet({globs}, "
            f"hive_partitioning = true, hive_types = {{'{PARTITION}': 'VARCHAR'}}))")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


__all__ = [
    "ARTICLES",
    "ARTICLE_SCHEMA",
    "META_NAME",
    "PARTITION",
    "UNDATED",
    "WORK",
    "LazyCorpus",
    "MonthWriter",
    "article_months",
    "atomic_folder",
    "check_replaceable",
    "is_dataset",
    "month_of",
    "open_dataset",
    "read_metadata",
    "rows_to_arrow",
    "table_folder",
    "to_arrow",
    "write_dataset",
    "write_empty_articles",
    "write_metadata",
]
