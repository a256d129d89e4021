"""Reading many small files from a cold disk: the build's read-ahead against plain reads.

    sudo .venv/bin/python benchmarks/read_ahead.py --folder DIR [--n 50000] [--repeat 2]
    .venv/bin/python benchmarks/read_ahead.py --workdir /tmp/nkbench-read   # generates pages

Reads the first ``--n`` files below ``--folder`` (sorted paths, as the build lists them) in
three ways, the page cache emptied before each (``/proc/sys/vm/drop_caches``, which needs
root; without it the figures are for a warm cache, and the script says so):

- ``read``      ``os.read`` of one file after another (the baseline: no read-ahead);
- ``fadvise``   every file advised first (``posix_fadvise`` WILLNEED, one call per file: the
                build's read-ahead before ``nkcorpus.readahead``), then read with ``os.read``;
- ``io_uring``  every file read ahead first with ``nkcorpus.readahead.read_ahead`` (128
                files per ``io_uring`` call; skipped when this kernel refuses it), then read
                with ``os.read``.

The read-ahead runs before the reads, not beside them as in the build, where the parser is
slower than the disk: here a reader that does not parse would overtake it and read the
files one by one itself.

For each: wall seconds, the machine's kernel CPU time (system + softirq, from ``/proc/stat``:
completions are handled in whatever process is running, so run it on an idle machine) and the
disk requests and merges of the folder's block device (``/sys/dev/block/M:m/stat``).
Linux only. Without ``--folder``, ``--n`` generated text pages are written under
``--workdir`` first (``build_throughput.generate``; a second run reuses them).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from nkcorpus import readahead  # noqa: E402
from nkcorpus.build import scan_inputs  # noqa: E402


def _read(paths: list[str]) -> int:
    total = 0
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            total += len(os.read(fd, 1 << 20))
        finally:
            os.close(fd)
    return total


def _advise(paths: list[str]) -> None:
    readahead._state["refused"] = "benchmark: posix_fadvise"  # force the fallback
    try:
        readahead.read_ahead(paths)
    finally:
        readahead._state.pop("refused", None)


METHODS = {
    "read": _read,
    "fadvise": lambda paths: (_advise(paths), _read(paths)),
    "io_uring": lambda paths: (readahead.read_ahead(paths), _read(paths)),
}


def _cpu() -> dict[str, float]:
    fields = open("/proc/stat").readline().split()[1:]
    tick = os.sysconf("SC_CLK_TCK")
    return {"system": int(fields[2]) / tick, "softirq": int(fields[6]) / tick}


def _disk(stat_file: Path) -> tuple[int, int]:
    fields = stat_file.read_text().split()
    return int(fields[0]), int(fields[1])  # reads completed, reads merged


def _drop_caches() -> bool:
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3")
        return True
    except OSError:
        return False


def measure(paths: list[str], method: str, stat_file: Path) -> dict:
    cold = _drop_caches()
    cpu0, disk0, start = _cpu(), _disk(stat_file), time.perf_counter()
    METHODS[method](paths)
    seconds = time.perf_counter() - start
    cpu1, disk1 = _cpu(), _disk(stat_file)
    return {"method": method, "cold": cold, "seconds": round(seconds, 2),
            "kernel_cpu_s": round(sum(cpu1.values()) - sum(cpu0.values()), 2),
            "requests": disk1[0] - disk0[0], "merged": disk1[1] - disk0[1]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--folder", type=Path, help="a folder of page files to read")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/nkbench-read"),
                   help="where to generate pages when --folder is not given")
    p.add_argument("--n", type=int, default=50_000, help="files to read (default 50000)")
    p.add_argument("--repeat", type=int, default=2, help="runs of each method (default 2)")
    args = p.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("read_ahead.py: Linux only (/proc/stat, drop_caches, io_uring)")
        return 0
    folder = args.folder
    if folder is None:
        from build_throughput import generate

        folder = args.workdir / f"text-{args.n}"
        generate(folder, args.n)
    paths = [path for path, _ in scan_inputs(folder).files[: args.n]]
    dev = os.stat(folder).st_dev
    stat_file = Path(f"/sys/dev/block/{os.major(dev)}:{os.minor(dev)}/stat")
    if not stat_file.exists():
        print(f"read_ahead.py: no block device statistics for {folder} ({stat_file})")
        return 1
    methods = [m for m in METHODS if m != "io_uring" or readahead.method() == "io_uring"]
    if "io_uring" not in methods:
        print(f"io_uring refused here ({readahead._state.get('refused')}): not measured")
    print(f"{len(paths):,} files below {folder}")
    print(f"{'method':<9} {'cache':<5} {'seconds':>8} {'kernel CPU s':>13} {'requests':>9} "
          f"{'merged':>9}")
    for _ in range(args.repeat):
        for method in methods:
            r = measure(paths, method, stat_file)
            print(f"{r['method']:<9} {'cold' if r['cold'] else 'WARM':<5} {r['seconds']:>8.2f} "
                  f"{r['kernel_cpu_s']:>13.2f} {r['requests']:>9,} {r['merged']:>9,}",
                  flush=True)
    if not _drop_caches():
        print("the page cache could not be emptied (needs root): these are warm figures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
