"""Execute the notebook series and write an HTML report with its figures.

``python -m nkcorpus report`` runs every ``notebooks/NN-*.ipynb`` on a fresh kernel (the
committed notebooks are not modified), and writes to ``reports/``: one HTML page per notebook,
every figure as a PNG in ``reports/figures/``, and ``index.html`` linking them. Set
``raw_dir`` (or the ``NKCORPUS_RAW_DIR`` environment variable) to run the series on another
folder of articles.
"""

from __future__ import annotations

import base64
import html
import json
import os
import tempfile
import time
from pathlib import Path

from .paths import NOTEBOOKS_DIR, REPORTS_DIR, corpus_dir


def notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks of the series, in order."""
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def kernel_env(raw_dir: Path | None = None) -> dict[str, str]:
    """The environment for the notebook kernels: this process's, with ``NKCORPUS_RAW_DIR`` set
    to ``raw_dir`` made absolute (relative to the current directory) when given. This process's
    own ``os.environ`` is not changed."""
    env = dict(os.environ)
    if raw_dir is not None:
        env["NKCORPUS_RAW_DIR"] = str(Path(raw_dir).expanduser().resolve())
    elif env.get("NKCORPUS_RAW_DIR"):
        env["NKCORPUS_RAW_DIR"] = str(corpus_dir())
    return env


# Cells added around a notebook when its figures are checked, and removed before it is saved:
# plt.show() is wrapped to record every figure whose tick labels overlap.
_CHECK_OPEN = """\
import json as _nk_json
import matplotlib.pyplot as _nk_plt
from nkcorpus.plots import overlapping_ticks as _nk_overlapping_ticks
_nk_overlaps, _nk_show = [], _nk_plt.show
def _nk_checked_show(*args, **kwargs):
    for _nk_num in _nk_plt.get_fignums():
        _nk_overlaps.extend(_nk_overlapping_ticks(_nk_plt.figure(_nk_num)))
    return _nk_show(*args, **kwargs)
_nk_plt.show = _nk_checked_show"""
_CHECK_CLOSE = "print(_nk_json.dumps(_nk_overlaps))"


def execute(path: Path, *, env: dict[str, str] | None = None, timeout: int = 600,
            check_plots: bool = False):
    """Execute one notebook on a fresh kernel, in its own folder; return the executed
    ``NotebookNode`` (the file is not changed). With ``check_plots``, the figures are checked
    as they are shown and ``nb.metadata["nkcorpus"]["overlapping_ticks"]`` lists
    ``[title, axis]`` for every figure whose tick labels overlap (the checking cells are
    removed again). Raises ``nbclient.exceptions.CellExecutionError`` naming the cell that
    failed."""
    import json

    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ) if env is None else env  # the kernel provisioner needs a mapping
    if check_plots:
        nb.cells.insert(0, nbformat.v4.new_code_cell(_CHECK_OPEN))
        nb.cells.append(nbformat.v4.new_code_cell(_CHECK_CLOSE))
    # IPC sockets in a private folder: nothing listens on TCP, so ipykernel has no reason to
    # warn "Kernel is running over TCP without encryption" on every run.
    with tempfile.TemporaryDirectory(prefix="nkcorpus-kernel-") as sockets:
        km = KernelManager(kernel_name="python3", transport="ipc",
                           ip=str(Path(sockets) / "kernel"))
        try:
            NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
        finally:  # a kernel manager passed in is not shut down by nbclient itself
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    if check_plots:
        nb.cells.pop(0)
        closing = nb.cells.pop()
        text = "".join(o.get("text", "") for o in closing.outputs if o.get("name") == "stdout")
        nb.metadata["nkcorpus"] = {"overlapping_ticks": json.loads(text or "[]")}
        for cell in nb.cells:  # number the notebook's own cells from 1 again
            if cell.cell_type == "code" and cell.execution_count:
                cell.execution_count -= 1
                for output in cell.outputs:
                    if output.get("execution_count"):
                        output["execution_count"] -= 1
    return nb


def figures_missing(nb) -> list[int]:
    """Indices of code cells that call ``plt.show()`` but produced no PNG: a figure that
    should have been drawn and was not."""
    return [i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and "plt.show()" in cell.source
            and not any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))]


def execute_in_place(folder: Path = NOTEBOOKS_DIR, *, timeout: int = 600,
                     progress=None) -> list[Path]:
    """Re-execute every notebook of the series on the seed corpus and overwrite it with its
    outputs (what ``make notebooks`` runs; nbval compares these outputs in ``make test``)."""
    import nbformat

    env = {k: v for k, v in os.environ.items() if k != "NKCORPUS_RAW_DIR"}
    done = []
    for path in notebooks(folder):
        start = time.perf_counter()
        nb = execute(path, env=env, timeout=timeout)
        for cell in nb.cells:  # execution timestamps would make every re-run a diff
            cell.get("metadata", {}).pop("execution", None)
        _write(path, (nbformat.writes(nb) + "\n").encode("utf-8"))
        done.append(path)
        if progress:
            progress(f"{path.name}: re-executed in {time.perf_counter() - start:.1f} s")
    return done


def build_report(out_dir: Path = REPORTS_DIR, *, raw_dir: Path | None = None,
                 folder: Path = NOTEBOOKS_DIR, timeout: int = 600,
                 progress=None) -> Path:
    """Execute the series into ``out_dir`` (HTML per notebook, ``figures/*.png``, ``index.html``
    and ``checks.json``: figures made, missing and with overlapping tick labels); return the
    index page. ``raw_dir`` (relative to the
    current directory) chooses the corpus; without it, ``$NKCORPUS_RAW_DIR`` or ``data/raw``.
    Raises ``nbclient.exceptions.CellExecutionError`` naming the notebook and cell that failed."""
    from nbconvert import HTMLExporter

    env = kernel_env(raw_dir)
    figures = out_dir / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    entries = []
    checks: dict[str, dict] = {}
    for path in notebooks(folder):
        start = time.perf_counter()
        nb = execute(path, env=env, timeout=timeout, check_plots=True)
        body, _ = exporter.from_notebook_node(nb)
        _write(out_dir / f"{path.stem}.html", body.encode("utf-8"))
        pngs = []
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data:
                    name = f"{path.stem}-{len(pngs) + 1:02d}.png"
                    _write(figures / name, base64.b64decode(data["image/png"]))
                    pngs.append(name)
        title = next((c.source.splitlines()[0].lstrip("# ") for c in nb.cells
                      if c.cell_type == "markdown"), path.stem)
        entries.append((path.stem, title, pngs, time.perf_counter() - start))
        checks[path.stem] = {"figures": len(pngs), "seconds": round(entries[-1][3], 1),
                             "figures_missing": figures_missing(nb),
                             "overlapping_ticks": nb.metadata["nkcorpus"]["overlapping_ticks"]}
        if progress:
            progress(f"{path.name}: {len(pngs)} figures, {entries[-1][3]:.1f} s")
    corpus = env.get("NKCORPUS_RAW_DIR", "data/raw (seed corpus)")
    items = "\n".join(
        f'<li><a href="{stem}.html">{html.escape(title)}</a> ({seconds:.1f} s)<br>'
        + " ".join(f'<a href="figures/{p}"><img src="figures/{p}" height="120" alt="{p}"></a>'
                   for p in pngs) + "</li>" for stem, title, pngs, seconds in entries)
    page = (f"<!doctype html><meta charset='utf-8'><title>nkcorpus report</title>"
            f"<h1>nkcorpus report</h1><p>Corpus: {html.escape(corpus)}</p><ol>{items}</ol>")
    index = out_dir / "index.html"
    _write(index, page.encode("utf-8"))
    # Machine-readable checks: figures drawn, cells that should have drawn one and did not,
    # figures whose tick labels overlap (the test suite reads this file).
    _write(out_dir / "checks.json", (json.dumps({"corpus": corpus, "notebooks": checks},
                                                indent=1) + "\n").encode("utf-8"))
    return index
