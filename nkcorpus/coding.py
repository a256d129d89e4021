"""Manual coding: samples to code, coding sheets, inter-coder reliability, dictionary validation.

The variables a class codes by hand are defined once in :data:`CODEBOOK` (explained with
examples and decision rules in ``docs/codebook.md``). The workflow:

1. :func:`coding_units` cuts a corpus into units (articles or paragraphs);
2. :func:`draw_sample` draws a stratified, seeded sample of them;
3. :func:`write_sheets` writes one sheet per coder (CSV, and ``.xlsx`` with drop-down lists);
4. :func:`read_sheets` reads the filled sheets back from a folder (``coding/``) and checks them;
5. :func:`reliability` computes Krippendorff's alpha per variable with the ``krippendorff``
   package, plus a bootstrap confidence interval over units; :func:`disagreements` lists the
   units the coders disagree on;
6. :func:`validate_dictionary` scores the frame dictionary (:func:`nkcorpus.find_frame_cues`)
   against hand-coded sentences: precision, recall and F1 per frame.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd

from . import reference
from .frames import find_frame_cues
from .paths import PROJECT_ROOT

LEVELS = ("nominal", "ordinal", "interval", "ratio", "text")
RELIABLE, TENTATIVE = 0.80, 0.667  # Krippendorff (2004: 241): rely on >= .800, tentative >= .667
UNIT_COLUMNS = ["unit_id", "article_id", "outlet", "paragraph", "text"]
FRAME_GOLD = PROJECT_ROOT / "tests" / "gold" / "frames_gold.csv"


@dataclass(frozen=True)
class Variable:
    """One variable coders fill in: its column name, level of measurement and allowed codes.

    ``values`` lists the allowed codes; for an ordinal variable in their order (lowest first).
    A ``text`` variable (free text such as a source's name) has no list and gets no alpha.
    """

    name: str
    level: str
    values: tuple[str, ...]
    description: str

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"{self.name}: level must be one of {LEVELS}, not {self.level!r}")
        if self.level != "text" and len(self.values) < 2:
            raise ValueError(f"{self.name}: a coded variable needs at least two values")


def _frames(family: str) -> tuple[str, ...]:
    lexicon = reference.frame_lexicon()
    return tuple(dict.fromkeys(lexicon.loc[lexicon["family"] == family, "frame"]))


def _codebook() -> tuple[Variable, ...]:
    voice = ("absent", "mentioned", "quoted")  # ordered: a quoted party is also present
    tone = ("negative", "neutral", "positive")
    origins = ("none", "indonesian", "turkish", "azerbaijani", "armenian", "russian",
               "western", "other", "unclear")
    return (
        Variable("issue_frame", "nominal", (*_frames("issue"), "none"),
                 "Main issue frame of the unit (frames.yaml, family 'issue')"),
        Variable("generic_frame", "nominal", (*_frames("generic"), "none"),
                 "Main generic news frame of the unit (frames.yaml, family 'generic')"),
        Variable("source_origin", "nominal", origins,
                 "Origin of the main source the unit credits for its information"),
        Variable("source_name", "text", (), "Name of that source as written (free text)"),
        Variable("voice_azerbaijan", "ordinal", voice,
                 "Azerbaijan's side (state, officials): absent, only mentioned, or quoted"),
        Variable("voice_armenia", "ordinal", voice,
                 "Armenia's side (incl. Karabakh Armenian authorities): absent, mentioned, quoted"),
        Variable("voice_turkey", "ordinal", voice, "Turkey: absent, only mentioned, or quoted"),
        Variable("voice_russia", "ordinal", voice, "Russia: absent, only mentioned, or quoted"),
        Variable("tone_azerbaijan", "ordinal", tone,
                 "Tone of the unit's own voice toward Azerbaijan's side (blank if absent)"),
        Variable("tone_armenia", "ordinal", tone,
                 "Tone of the unit's own voice toward Armenia's side (blank if absent)"),
        Variable("side", "nominal", ("pro_azerbaijan", "pro_armenia", "balanced", "none"),
                 "Whose account of the war the unit adopts"),
    )


CODEBOOK: tuple[Variable, ...] = _codebook()


def coding_dir() -> Path:
    """Folder of coders' sheets: ``$NKCORPUS_CODING_DIR`` if set, else the project's ``coding/``."""
    value = os.environ.get("NKCORPUS_CODING_DIR")
    return Path(value).expanduser().resolve() if value else PROJECT_ROOT / "coding"


# ---------------------------------------------------------------------------------------------
# Units and samples


def coding_units(articles: pd.DataFrame, unit: str = "paragraph") -> pd.DataFrame:
    """Cut articles into coding units: ``unit_id, article_id, outlet, paragraph, text``.

    ``unit="paragraph"``: one row per paragraph of ``body`` (``unit_id`` = article id plus
    ``-p01``, ``-p02``...). ``unit="article"``: one row per article, ``text`` = title and body,
    ``paragraph`` 0. Empty paragraphs are skipped. Raises ValueError for another ``unit``.
    """
    if unit not in ("paragraph", "article"):
        raise ValueError(f"unit must be 'paragraph' or 'article', not {unit!r}")
    records = []
    for row in articles.itertuples(index=False):
        if unit == "article":
            records.append((row.article_id, row.article_id, row.outlet, 0,
                            f"{row.title}\n\n{row.body}".strip()))
            continue
        paragraphs = [p for p in row.body.split("\n\n") if p.strip()]
        for n, para in enumerate(paragraphs, start=1):
            records.append((f"{row.article_id}-p{n:02d}", row.article_id, row.outlet, n, para))
    return pd.DataFrame.from_records(records, columns=UNIT_COLUMNS)


def draw_sample(units: pd.DataFrame, n: int, *, by: str = "outlet", seed: int = 2020
                ) -> pd.DataFrame:
    """A stratified random sample of ``n`` units, proportional to each stratum's size.

    Strata are the values of column ``by`` (default: outlet; empty values form one stratum
    "(unknown)"). Each stratum gets ``n * share`` units, rounded by largest remainder, and at
    least one when ``n`` is at least the number of strata, so small outlets are not lost.
    The same ``seed`` and units always give the same sample, whatever the row order.
    Returns the sampled rows plus a ``stratum`` column, in unit order.
    Raises ValueError when ``n`` is not between 1 and the number of units, or ``by`` is missing.
    """
    if by not in units.columns:
        raise ValueError(f"no column {by!r} to stratify by")
    if not 1 <= n <= len(units):
        raise ValueError(f"n must be between 1 and {len(units)} (the number of units), not {n}")
    units = units.sort_values("unit_id").reset_index(drop=True)
    stratum = units[by].astype(str).replace("", "(unknown)")
    sizes = stratum.value_counts().sort_index()
    quota = sizes / sizes.sum() * n
    alloc = np.floor(quota).astype(int)
    if n >= len(sizes):
        alloc = alloc.clip(lower=1)
    # Largest remainder: hand out the units still missing to the largest fractional parts.
    while alloc.sum() < n:
        room = (sizes - alloc) > 0
        gap = (quota - alloc).where(room, -np.inf)
        alloc[gap.idxmax()] += 1
    while alloc.sum() > n:  # only after the minimum of one: take from the largest strata
        alloc[(alloc - quota).where(alloc > 1, -np.inf).idxmax()] -= 1
    rng = np.random.default_rng(seed)
    chosen = []
    for name in sizes.index:  # sorted, so the random draws happen in a fixed order
        rows = np.flatnonzero(stratum.to_numpy() == name)
        chosen.extend(rng.choice(rows, size=int(alloc[name]), replace=False).tolist())
    return units.iloc[sorted(chosen)].assign(stratum=stratum.iloc[sorted(chosen)].to_numpy())


# ---------------------------------------------------------------------------------------------
# Coding sheets


def _sheet_frame(sample: pd.DataFrame, coder: str, variables: Sequence[Variable]) -> pd.DataFrame:
    missing = [c for c in ("unit_id", "text") if c not in sample.columns]
    if missing:
        raise ValueError(f"the sample lacks column(s) {', '.join(missing)}")
    keep = [c for c in UNIT_COLUMNS if c in sample.columns]
    sheet = sample[keep].reset_index(drop=True).copy()
    sheet.insert(0, "coder", coder)
    for v in variables:
        sheet[v.name] = ""
    sheet["note"] = ""
    return sheet


def write_sheets(sample: pd.DataFrame, coders: Iterable[str], folder: str | Path, *,
                 variables: Sequence[Variable] = CODEBOOK,
                 formats: Sequence[str] = ("csv", "xlsx")) -> list[Path]:
    """Write one empty coding sheet per coder into ``folder``: ``coding_<coder>.csv/.xlsx``.

    Every coder gets the same units (reliability needs overlap), a ``coder`` column already
    filled in, one empty column per variable and a ``note`` column. The ``.xlsx`` sheets carry
    a drop-down list of the allowed codes on every coded column (Excel/LibreOffice data
    validation) and a second sheet ``codes`` listing them with their meaning.
    Returns the paths written. Raises ValueError for a bad coder name or format.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for coder in coders:
        if not coder or not str(coder).replace("_", "").replace("-", "").isalnum():
            raise ValueError(f"coder names must be letters, digits, - or _: {coder!r}")
        sheet = _sheet_frame(sample, coder, variables)
        for fmt in formats:
            path = folder / f"coding_{coder}.{fmt}"
            if fmt == "csv":
                sheet.to_csv(path, index=False)
            elif fmt == "xlsx":
                _write_xlsx(sheet, variables, path)
            else:
                raise ValueError(f"unknown sheet format {fmt!r} (csv or xlsx)")
            written.append(path)
    return written


def _write_xlsx(sheet: pd.DataFrame, variables: Sequence[Variable], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "coding"
    ws.append(list(sheet.columns))
    for row in sheet.itertuples(index=False):
        ws.append([None if v == "" else v for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C2"
    codes = wb.create_sheet("codes")
    last = len(sheet) + 1
    for j, v in enumerate(variables, start=1):
        col = list(sheet.columns).index(v.name) + 1
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(12, len(v.name) + 2)
        codes.cell(row=1, column=j, value=v.name).font = Font(bold=True)
        codes.cell(row=2, column=j, value=v.description)
        if v.level == "text":
            continue
        for i, value in enumerate(v.values, start=3):
            codes.cell(row=i, column=j, value=value)
        src = get_column_letter(j)
        # The list lives on the 'codes' sheet: literal lists in a validation are capped at
        # 255 characters, and a range keeps the codes visible to the coder.
        dv = DataValidation(type="list", formula1=f"=codes!${src}$3:${src}${len(v.values) + 2}",
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="Not a code", error=f"Choose a code of {v.name}")
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{last}")
    text_col = get_column_letter(list(sheet.columns).index("text") + 1)
    ws.column_dimensions[text_col].width = 80
    for cell in ws[text_col][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)


def _read_one(path: Path) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".xlsx":
            return pd.read_excel(path, sheet_name=0, dtype=str).fillna("")
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as exc:  # any parser error becomes one message naming the file
        raise ValueError(f"{path.name}: cannot be read as a coding sheet ({exc})") from exc


def read_sheets(folder: str | Path, *, variables: Sequence[Variable] = CODEBOOK,
                units: Iterable[str] | None = None) -> pd.DataFrame:
    """Read every coder's sheet in ``folder`` (``*.csv`` and ``*.xlsx``) into one long table.

    Returns ``coder, unit_id, variable, value, file``: one row per coded cell; blank cells
    (not coded) are left out, so they count as missing, not as a code. Codes are compared
    case-insensitively and stored lower-case. When both ``coding_X.csv`` and ``coding_X.xlsx``
    exist, the ``.xlsx`` is read (students fill the spreadsheet; the CSV is the blank copy).
    Raises ValueError naming the file and the problem when a sheet lacks a column, has no or
    several coder names, repeats a unit, names a unit not in ``units``, holds a code that is
    not allowed, or when two sheets belong to the same coder. Raises FileNotFoundError when the
    folder has no sheet.
    """
    folder = Path(folder)
    paths = {}
    for path in sorted(folder.glob("*")):
        if path.suffix.lower() not in (".csv", ".xlsx") or path.name.startswith(("~$", ".")):
            continue
        if path.with_suffix(".xlsx").exists() and path.suffix.lower() == ".csv":
            continue
        paths[path.name] = path
    if not paths:
        raise FileNotFoundError(f"no coding sheets (*.csv, *.xlsx) in {folder}")
    known = None if units is None else set(units)
    frames, owner = [], {}
    for name, path in paths.items():
        sheet = _read_one(path)
        need = ["coder", "unit_id", *(v.name for v in variables)]
        missing = [c for c in need if c not in sheet.columns]
        if missing:
            raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
        coders = sorted(set(sheet["coder"].str.strip()) - {""})
        if len(coders) != 1:
            raise ValueError(f"{name}: the coder column must hold one name, found {coders}")
        coder = coders[0]
        if coder in owner:
            raise ValueError(f"{name}: coder {coder!r} also has the sheet {owner[coder]}")
        owner[coder] = name
        ids = sheet["unit_id"].str.strip()
        dup = ids[ids.duplicated()]
        if len(dup):
            raise ValueError(f"{name}: unit {dup.iloc[0]!r} appears more than once")
        if known is not None and set(ids) - known:
            raise ValueError(f"{name}: unknown unit(s) {', '.join(sorted(set(ids) - known)[:3])}")
        for v in variables:
            values = sheet[v.name].str.strip()
            if v.level != "text":
                values = values.str.lower()
                bad = values[(values != "") & ~values.isin(v.values)]
                if len(bad):
                    row = int(bad.index[0]) + 2  # +1 header, +1 one-based, as a spreadsheet shows
                    raise ValueError(f"{name}: row {row}, {v.name} = {bad.iloc[0]!r} is not a "
                                     f"code; allowed: {', '.join(v.values)}")
            cells = pd.DataFrame({"coder": coder, "unit_id": ids, "variable": v.name,
                                  "value": values, "file": name})
            frames.append(cells[cells["value"] != ""])
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Reliability


def krippendorff_2011_example() -> pd.DataFrame:
    """The reliability data of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
    example C: 4 observers (A-D) x 12 units, values 1-5, NaN where an observer did not code.

    Published results: nominal .743, ordinal .815, interval .849, ratio .797 (the same matrix
    is the documented example of the ``krippendorff`` package).
    """
    nan = np.nan
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    return pd.DataFrame(data, index=pd.Index(list("ABCD"), name="coder"),
                        columns=pd.Index(range(1, 13), name="unit"))


def reliability_matrix(codes: pd.DataFrame, variable: Variable) -> pd.DataFrame:
    """Coders (rows) x units (columns) of one variable, as numbers ready for alpha.

    Nominal and ordinal codes become their position in ``variable.values`` (0, 1, 2...), so
    the ordinal order is the order of the list; interval and ratio codes are read as numbers.
    Missing codes are NaN. ``codes`` is the long table of :func:`read_sheets`.
    """
    if variable.level == "text":
        raise ValueError(f"{variable.name} is free text: alpha needs coded values")
    rows = codes[codes["variable"] == variable.name]
    if variable.level in ("nominal", "ordinal"):
        numbers = rows["value"].map({v: float(i) for i, v in enumerate(variable.values)})
    else:
        numbers = pd.to_numeric(rows["value"], errors="raise")
    wide = rows.assign(number=numbers).pivot(index="coder", columns="unit_id", values="number")
    return wide.astype(float)


def alpha(matrix: pd.DataFrame | np.ndarray, level: str,
          value_domain: Sequence[float] | None = None) -> float:
    """Krippendorff's alpha of a coders x units matrix (NaN = missing), by ``krippendorff``.

    Returns NaN when alpha is undefined: fewer than two pairable values (no unit coded twice)
    or a single value used throughout (no variation to agree on).
    """
    data = np.asarray(matrix, dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0)
    values = data[:, pairable >= 2]
    if values.size == 0 or len(np.unique(values[~np.isnan(values)])) < 2:
        return float("nan")
    domain = None if value_domain is None else list(value_domain)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level,
                                    value_domain=domain))


def bootstrap_alpha(matrix: pd.DataFrame | np.ndarray, level: str, *, n_boot: int = 1000,
                    seed: int = 2020, ci: float = 0.95,
                    value_domain: Sequence[float] | None = None) -> tuple[float, float, int]:
    """Percentile bootstrap interval of alpha, resampling units (columns) with replacement.

    Returns ``(low, high, n_valid)``: the interval bounds and how many resamples had a defined
    alpha (resamples in which every value is the same are skipped). Seeded: the same input
    and ``seed`` give the same interval. This resamples units, the usual nonparametric
    bootstrap; Krippendorff's own bootstrap (Hayes & Krippendorff 2007) resamples pairable
    values instead and gives slightly different intervals.
    """
    data = np.asarray(matrix, dtype=float)
    rng = np.random.default_rng(seed)
    n_units = data.shape[1]
    stats = []
    for _ in range(n_boot):
        pick = rng.integers(0, n_units, size=n_units)
        a = alpha(data[:, pick], level, value_domain)
        if not np.isnan(a):
            stats.append(a)
    if not stats:
        return float("nan"), float("nan"), 0
    tail = (1 - ci) / 2 * 100
    low, high = np.percentile(stats, [tail, 100 - tail])
    return float(low), float(high), len(stats)


def verdict(value: float) -> str:
    """Read alpha against Krippendorff's thresholds: ``reliable`` (>= .80), ``tentative``
    (>= .667: conclusions only tentatively), ``unreliable`` below, ``undefined`` for NaN."""
    if np.isnan(value):
        return "undefined"
    return "reliable" if value >= RELIABLE else "tentative" if value >= TENTATIVE else "unreliable"


def reliability(codes: pd.DataFrame, variables: Sequence[Variable] = CODEBOOK, *,
                n_boot: int = 1000, seed: int = 2020) -> pd.DataFrame:
    """Alpha per coded variable: ``variable, level, coders, units, pairable, alpha, ci_low,
    ci_high, verdict, verdict_ci_low``.

    ``units`` counts units coded by at least two coders (only those enter alpha) and
    ``pairable`` the values in them. ``verdict_ci_low`` reads the interval's lower bound
    against the same thresholds: the conservative reading. Text variables are skipped.
    """
    records = []
    for v in variables:
        if v.level == "text":
            continue
        m = reliability_matrix(codes, v)
        data = m.to_numpy()
        pair = (~np.isnan(data)).sum(axis=0) if data.size else np.array([])
        # Ordinal and nominal: the full list of codes is the value domain, so a code nobody
        # used still counts as a step on the ordinal scale.
        domain = (list(map(float, range(len(v.values))))
                  if v.level in ("nominal", "ordinal") else None)
        a = alpha(m, v.level, domain) if data.size else float("nan")
        low, high, _ = (bootstrap_alpha(m, v.level, n_boot=n_boot, seed=seed, value_domain=domain)
                        if not np.isnan(a) else (float("nan"), float("nan"), 0))
        records.append((v.name, v.level, m.shape[0], int((pair >= 2).sum()),
                        int(pair[pair >= 2].sum()), round(a, 3), round(low, 3), round(high, 3),
                        verdict(a), verdict(low)))
    return pd.DataFrame.from_records(records, columns=[
        "variable", "level", "coders", "units", "pairable", "alpha", "ci_low", "ci_high",
        "verdict", "verdict_ci_low"])


def disagreements(codes: pd.DataFrame, variables: Sequence[Variable] = CODEBOOK,
                  units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Units on which coders gave different codes: ``variable, unit_id``, one column per coder
    (their code, empty if not coded), ``n_codes`` (distinct codes), and ``text`` when
    ``units`` (with ``unit_id, text``) is given. Sorted by variable and unit."""
    names = [v.name for v in variables if v.level != "text"]
    rows = codes[codes["variable"].isin(names)]
    wide = rows.pivot_table(index=["variable", "unit_id"], columns="coder", values="value",
                            aggfunc="first", fill_value="")
    n_codes = rows.groupby(["variable", "unit_id"])["value"].nunique()
    out = wide.assign(n_codes=n_codes.reindex(wide.index)).reset_index()
    out = out[out["n_codes"] > 1]
    out.columns.name = None
    if units is not None:
        out = out.merge(units[["unit_id", "text"]], on="unit_id", how="left")
    return out.sort_values(["variable", "unit_id"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Dictionary validation


def read_frame_gold(path: str | Path = FRAME_GOLD) -> pd.DataFrame:
    """The hand-labelled frame gold: ``id, topic, text, gloss, frames, note``; ``frames`` is
    parsed into a sorted tuple of frame names (empty = no frame).

    Raises ValueError naming the row for an unknown frame or a repeated id.
    """
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"id", "text", "frames"} - set(gold.columns)
    if missing:
        raise ValueError(f"{Path(path).name}: missing column(s) {', '.join(sorted(missing))}")
    if not gold["id"].is_unique:
        repeated = gold["id"][gold["id"].duplicated()].iloc[0]
        raise ValueError(f"{Path(path).name}: repeated id {repeated}")
    known = set(reference.frame_lexicon()["frame"])
    parsed = []
    for row_id, value in zip(gold["id"], gold["frames"], strict=True):
        frames = tuple(sorted({f.strip() for f in value.split(";") if f.strip()}))
        unknown = set(frames) - known
        if unknown:
            raise ValueError(f"{Path(path).name}: id {row_id}: unknown frame(s) "
                             f"{', '.join(sorted(unknown))}")
        parsed.append(frames)
    return gold.assign(frames=parsed)


def dictionary_codes(gold: pd.DataFrame) -> pd.DataFrame:
    """The frame cues the dictionary finds in each gold sentence: ``id, frame, cues``
    (the matched words, joined with ``, ``), one row per sentence and frame found."""
    as_articles = pd.DataFrame({"article_id": gold["id"], "body": gold["text"]})
    cues = find_frame_cues(as_articles)
    if cues.empty:
        return pd.DataFrame(columns=["id", "frame", "cues"])
    return (cues.groupby(["article_id", "frame"], sort=False)["matched"]
            .agg(lambda s: ", ".join(dict.fromkeys(m.lower() for m in s)))
            .rename("cues").reset_index().rename(columns={"article_id": "id"}))


def _decisions(gold: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    found = dictionary_codes(gold)
    hits = set(zip(found["id"], found["frame"], strict=True))
    cue_of = dict(zip(zip(found["id"], found["frame"], strict=True), found["cues"], strict=True))
    records = []
    for row in gold.itertuples(index=False):
        for frame in frames:
            records.append((row.id, frame, frame in row.frames, (row.id, frame) in hits,
                            cue_of.get((row.id, frame), "")))
    return pd.DataFrame.from_records(records, columns=["id", "frame", "gold", "dictionary",
                                                       "cues"])


def validate_dictionary(gold: pd.DataFrame, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of the frame dictionary per frame against hand codes.

    ``gold`` is :func:`read_frame_gold`'s table (a sentence per row, its hand-coded frames).
    A sentence counts as found for a frame when the dictionary matches at least one of the
    frame's cues in it. Returns ``frame, family, gold, found, tp, fp, fn, precision, recall,
    f1`` (``gold``: sentences coded with the frame; ``found``: sentences the dictionary flags);
    precision is NaN when the dictionary flags nothing, recall NaN when no sentence has the
    frame. Rounded to 3 decimals. ``frames`` defaults to every frame of ``frames.yaml``.
    """
    lexicon = reference.frame_lexicon()
    family = dict(zip(lexicon["frame"], lexicon["family"], strict=False))
    frames = list(dict.fromkeys(lexicon["frame"])) if frames is None else list(frames)
    d = _decisions(gold, frames)
    records = []
    for frame in frames:
        f = d[d["frame"] == frame]
        tp = int((f["gold"] & f["dictionary"]).sum())
        fp = int((~f["gold"] & f["dictionary"]).sum())
        fn = int((f["gold"] & ~f["dictionary"]).sum())
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * p * r / (p + r) if tp else (0.0 if tp + fp and tp + fn else float("nan"))
        records.append((frame, family.get(frame, ""), tp + fn, tp + fp, tp, fp, fn,
                        round(p, 3), round(r, 3), round(f1, 3)))
    return pd.DataFrame.from_records(records, columns=[
        "frame", "family", "gold", "found", "tp", "fp", "fn", "precision", "recall", "f1"])


def dictionary_disagreements(gold: pd.DataFrame, frames: Sequence[str] | None = None
                             ) -> pd.DataFrame:
    """Every sentence and frame on which dictionary and hand codes differ:
    ``id, frame, error, cues, text`` plus ``gloss`` when the gold has it. ``error`` is
    ``missed`` (hand-coded, no cue found) or ``false alarm`` (cue found, not hand-coded)."""
    lexicon = reference.frame_lexicon()
    frames = list(dict.fromkeys(lexicon["frame"])) if frames is None else list(frames)
    d = _decisions(gold, frames)
    d = d[d["gold"] != d["dictionary"]].copy()
    d["error"] = np.where(d["gold"], "missed", "false alarm")
    extra = ["text", "gloss"] if "gloss" in gold.columns else ["text"]
    out = d.merge(gold[["id", *extra]], on="id", how="left")
    return out[["id", "frame", "error", "cues", *extra]].reset_index(drop=True)
