"""The read-ahead of the builds (nkcorpus.readahead): files really reach the page cache,
through io_uring where the kernel allows it and posix_fadvise elsewhere; odd paths are
skipped without blocking or raising; a refused io_uring falls back."""

from __future__ import annotations

import concurrent.futures
import ctypes
import errno
import mmap
import os
import sys
import threading
import time

import pandas as pd
import pytest

import nkcorpus.build as build_module
from nkcorpus import build_corpus, readahead
from nkcorpus.readahead import READ_BYTES, Uring, method, read_ahead

from .test_hostile_inputs import PAGE

needs_uring = pytest.mark.skipif(method() != "io_uring",
                                 reason=f"io_uring refused here: {readahead._state.get('refused')}")
needs_mincore = pytest.mark.skipif(sys.platform != "linux",
                                   reason="looks into the page cache with Linux's mincore()")


@pytest.fixture(params=["io_uring", "fadvise"])
def way(request, monkeypatch):
    """Each test runs once per method; io_uring only where this kernel allows it."""
    if request.param == "io_uring" and method() != "io_uring":
        pytest.skip(f"io_uring refused here: {readahead._state.get('refused')}")
    if request.param == "fadvise":
        if not hasattr(os, "posix_fadvise"):
            pytest.skip("no posix_fadvise on this platform")
        monkeypatch.setitem(readahead._state, "refused", "switched off by the test")
    assert method() == request.param
    return request.param


def _files(folder, sizes):
    paths = []
    for i, size in enumerate(sizes):
        path = folder / f"page-{i}.txt"
        with open(path, "wb") as fh:
            fh.write(bytes((i + k) % 251 for k in range(size)))
            fh.flush()
            os.fsync(fh.fileno())
        paths.append(str(path))
    return paths


def _cached(path) -> bool:
    """True when the pages of the file's first READ_BYTES are in the page cache. mincore()
    only looks: a read, even one that may not wait (RWF_NOWAIT), starts loading them."""
    libc = ctypes.CDLL(None, use_errno=True)
    with open(path, "rb") as fh:
        size = min(os.fstat(fh.fileno()).st_size, READ_BYTES)
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY)
    try:
        start = ctypes.c_char.from_buffer(mapped)
        pages = -(-size // mmap.PAGESIZE)
        vec = (ctypes.c_ubyte * pages)()
        ok = libc.mincore(ctypes.c_void_p(ctypes.addressof(start)), ctypes.c_size_t(size), vec)
        del start
        assert ok == 0, os.strerror(ctypes.get_errno())
        return all(v & 1 for v in vec)
    finally:
        mapped.close()


def _evict(path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def _evicted(paths) -> bool:
    """Drop the files' pages from the page cache; False if they stay. Pages just written can
    sit in another CPU's batch for a moment, out of reach of the first request."""
    for _ in range(20):
        for path in paths:
            _evict(path)
        if not any(_cached(path) for path in paths):
            return True
        time.sleep(0.05)
    return False


@needs_mincore
def test_read_ahead_puts_the_files_into_the_page_cache(tmp_path, way):
    paths = _files(tmp_path, [1, 1500, 4096, 9000, READ_BYTES + 5000])
    if not _evicted(paths):
        pytest.skip("this file system keeps its pages in memory (tmpfs?): nothing to load")
    assert read_ahead(paths) == len(paths)
    deadline = time.monotonic() + 10  # fadvise only starts the reads; io_uring waits for them
    while not all(_cached(path) for path in paths) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_cached(path) for path in paths)
    if way == "io_uring":  # it returns once every read is done
        assert _evicted(paths)
        read_ahead(paths)
        assert all(_cached(path) for path in paths)


def _within(seconds, func, *args):
    """func(*args) in a thread; fails (instead of hanging the run) if it blocks."""
    out = []
    thread = threading.Thread(target=lambda: out.append(func(*args)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{func.__name__} blocked for more than {seconds} s"
    return out[0]


def test_odd_paths_are_skipped_without_blocking(tmp_path, way):
    # a FIFO without a writer would block a read forever; a folder, a device, a missing or
    # an empty file have nothing to load: the parser reports each of them itself
    regular = _files(tmp_path, [10, 5000])
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "empty.txt").write_bytes(b"")
    odd = [str(tmp_path / n) for n in ("pipe.txt", "folder.txt", "gone.txt", "empty.txt")]
    assert _within(10, read_ahead, odd + regular + ["/dev/zero", "/dev/null"]) == 2
    assert read_ahead([]) == 0


def test_more_files_than_one_batch(tmp_path, way):
    paths = _files(tmp_path, [100 + i for i in range(readahead.BATCH * 2 + 3)])
    assert read_ahead(iter(paths)) == len(paths)  # any iterable, batches of BATCH


@needs_uring
def test_uring_reads_the_start_of_each_file(tmp_path):
    sizes = [1, 4095, 4096, 70_000, READ_BYTES + 1, 1234]
    paths = _files(tmp_path, sizes)
    fds = [readahead._open_regular(path) for path in paths]  # the descriptors read_ahead uses
    try:
        with Uring() as ring:
            assert ring.read(fds) == [min(size, READ_BYTES) for size in sizes]
            assert ring.read(fds[:2]) == [1, 4095]  # the ring is reused, in order
            assert ring.read([]) == []
            closed = os.open(paths[0], os.O_RDONLY)
            os.close(closed)
            assert ring.read([closed]) == [-errno.EBADF]
            with pytest.raises(ValueError, match="at most"):
                ring.read([fds[0]] * (ring.entries + 1))
    finally:
        for fd in fds:
            os.close(fd)


def test_refused_io_uring_falls_back_to_fadvise(tmp_path, monkeypatch):
    # e.g. Docker's default seccomp profile: io_uring_setup fails with EPERM
    def refuse(*args, **kwargs):
        raise OSError(errno.EPERM, "io_uring_setup: Operation not permitted")

    monkeypatch.setattr(readahead, "Uring", refuse)
    monkeypatch.delitem(readahead._state, "refused", raising=False)
    expected = "fadvise" if hasattr(os, "posix_fadvise") else "none"
    assert method() == expected
    assert "Operation not permitted" in readahead._state["refused"]
    paths = _files(tmp_path, [10, 20])
    assert read_ahead(paths) == (2 if expected == "fadvise" else 0)


@needs_mincore
@needs_uring
@pytest.mark.parametrize("failure", ["every read", "the ring"])
def test_what_the_ring_cannot_read_is_advised_instead(tmp_path, monkeypatch, failure):
    # Linux 5.4-5.5 answer every read with EINVAL; before 5.12 a ring can fail for want of
    # locked memory: the files are then advised, and read_ahead raises nothing
    paths = _files(tmp_path, [10, 3000, 9000])
    if failure == "every read":
        monkeypatch.setattr(Uring, "read", lambda self, fds: [-errno.EINVAL] * len(fds))
    else:
        def refuse(self, fds):
            raise OSError(errno.ENOMEM, "io_uring_enter: Cannot allocate memory")

        monkeypatch.setattr(Uring, "read", refuse)
    if not _evicted(paths):
        pytest.skip("this file system keeps its pages in memory (tmpfs?): nothing to load")
    assert read_ahead(paths) == len(paths)
    deadline = time.monotonic() + 10
    while not all(_cached(path) for path in paths) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_cached(path) for path in paths)


def test_batches_shrink_with_a_low_limit_of_open_files(tmp_path, monkeypatch, way):
    resource = pytest.importorskip("resource")
    monkeypatch.setattr(resource, "getrlimit", lambda which: (64, 4096))
    assert readahead.batch_size() == 8
    monkeypatch.setattr(resource, "getrlimit", lambda which: (resource.RLIM_INFINITY,) * 2)
    assert readahead.batch_size() == readahead.BATCH
    monkeypatch.setattr(resource, "getrlimit", lambda which: (64, 4096))
    batches = []
    real = Uring.read
    monkeypatch.setattr(Uring, "read", lambda self, fds: batches.append(len(fds))
                        or real(self, fds))
    paths = _files(tmp_path, [50] * 20)
    assert read_ahead(paths) == 20
    if way == "io_uring":  # descriptors open at once: one batch
        assert batches == [8, 8, 4]


def test_uring_is_only_tried_where_the_system_call_numbers_are_known(monkeypatch):
    monkeypatch.setattr(readahead.platform, "machine", lambda: "mips64")
    with pytest.raises(OSError, match="not used on"):
        Uring()


class _Inline:
    """Stands in for the read-ahead thread: runs each job at once, so that what has been
    read ahead when a chunk is handed out is exact."""

    def __init__(self, *args, **kwargs):
        pass

    def submit(self, fn, *args):
        future = concurrent.futures.Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        pass


@needs_mincore
def test_in_cache_tells_whether_the_start_is_loaded(tmp_path):
    paths = _files(tmp_path, [3000, READ_BYTES + 9000])
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    for path in paths:
        with open(path, "rb") as fh:
            fh.read()
    assert [readahead.in_cache(path) for path in paths] == [True, True]
    odd = [str(tmp_path / n) for n in ("pipe.txt", "gone.txt", "empty.txt")] + ["/dev/zero"]
    assert [_within(10, readahead.in_cache, path) for path in odd] == [None] * 4
    if not _evicted(paths):
        pytest.skip("this file system keeps its pages in memory (tmpfs?)")
    assert [readahead.in_cache(path) for path in paths] == [False, False]
    assert not any(_cached(path) for path in paths)  # looking loaded nothing


@needs_mincore
@pytest.mark.parametrize("cached", ["all", "none", "ends", "first"])
def test_the_build_reads_ahead_only_chunks_not_in_the_cache(tmp_path, cached):
    # an incremental scrape puts fresh (cached) files between old ones: a chunk is skipped
    # only when files spread over it are all in the cache, not just its ends
    paths = _files(tmp_path, [10 + i for i in range(40)])
    files = [(path, os.path.basename(path)) for path in paths]
    assert build_module._read_ahead([]) == 0
    if not _evicted(paths):
        pytest.skip("this file system keeps its pages in memory (tmpfs?)")
    warm = {"all": paths, "none": [], "ends": [paths[0], paths[-1]], "first": paths[:1]}
    for path in warm[cached]:
        with open(path, "rb") as fh:
            fh.read()
    expected = 0 if cached == "all" or method() == "none" else len(paths)
    assert build_module._read_ahead(files) == expected


def test_chunks_are_read_ahead_before_they_are_handed_out(monkeypatch):
    monkeypatch.setattr(build_module, "ThreadPoolExecutor", _Inline)
    read = []
    monkeypatch.setattr(build_module, "_read_ahead", lambda chunk: read.append(chunk[0][1]))
    chunks = [[(f"/x/{i}", str(i))] for i in range(6)]
    handed = []
    for chunk in build_module._reading_ahead(chunks, 2):
        handed.append(chunk[0][1])
        # chunk i is out; chunks up to i + 2 have been read ahead, none further
        assert read == [str(k) for k in range(min(len(handed) + 2, 6))]
    assert handed == [str(i) for i in range(6)]
    gen = build_module._reading_ahead(chunks, 2)
    next(gen)
    gen.close()  # a consumer that stops early: nothing more is read
    assert read[6:] == ["0", "1", "2"]


@pytest.mark.parametrize("workers", [1, 2])
def test_local_builds_read_every_file_ahead_in_order(tmp_path, monkeypatch, workers):
    # the serial build reads the next batch ahead; with a process pool, the main process
    # reads ahead of the workers; the rows do not depend on it
    raw = tmp_path / "raw"
    raw.mkdir()
    names = [f"page-{i}.txt" for i in range(5)]
    for name in names:
        (raw / name).write_text(PAGE, encoding="utf-8")
    plain = build_corpus(raw, workers=workers)
    monkeypatch.setattr(build_module, "ThreadPoolExecutor", _Inline)
    seen = []
    monkeypatch.setattr(build_module, "_read_ahead",
                        lambda files: seen.append([rel for _, rel in files]) or 0)
    df = build_corpus(raw, workers=workers)
    assert [rel for chunk in seen for rel in chunk] == names
    pd.testing.assert_frame_equal(df, plain)
