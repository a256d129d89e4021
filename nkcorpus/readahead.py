"""Read-ahead: load the files a worker is about to parse into the kernel's page cache.

A large build reads one small file per article. From a cold disk each file costs one
separate disk request, and on a virtual machine every request costs the kernel CPU time of
its own (about 0.1 ms per file on the machine of ``benchmarks/README.md``): at a million files,
that is more than a minute and a half of CPU time taken from the parsers. While a chunk of
files is parsed (in a Dask task, or in the local build), a thread calls :func:`read_ahead` on
the next ones (``build._reading_ahead``), unless they are in the cache already
(:func:`all_in_cache`):

- On Linux (x86-64 and ARM64), the reads of a batch of files are handed to the kernel in one
  system call through ``io_uring``. Submitted together, the reads of files that lie next to
  each other on disk are merged into a few large disk requests: 50,000 cold files of a
  generated corpus took 854 disk requests this way, against 50,110 one file at a time.
- Elsewhere, or where ``io_uring`` is refused (Docker's default seccomp profile, the
  ``kernel.io_uring_disabled`` setting, kernels before 5.4), each file is advised with
  ``posix_fadvise(WILLNEED)``; where that is missing too (Windows, macOS), nothing is done.
  A read the kernel answers with an error (no ``IORING_OP_READ`` before Linux 5.6, a full
  memory-lock limit before 5.12, anything else) is replaced by the same advice for its file.

This is an optimisation only, never a source of data: what is read here is thrown away, and the
parser reads every file itself, reporting any problem. Only regular files are touched (a FIFO
would block a read forever); missing files, folders and devices are left to the parser.

Why no library: the Python ``io_uring`` binding on PyPI (``liburing``) is an alpha, needs
Linux 6.14 or later and has wheels for x86-64 only. The few structures used here (the
``io_uring_setup`` parameters, the 64-byte submission entry) are the kernel's stable ABI,
taken from ``<linux/io_uring.h>``.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import mmap
import os
import platform
import stat
import struct
import sys
from collections.abc import Iterable

#: Bytes read from the start of each file: small pages whole; the kernel's own read-ahead
#: extends a larger file's first read, and the parser reads the rest itself.
READ_BYTES = 64 * 1024
#: Reads submitted in one system call.
BATCH = 128

# <linux/io_uring.h>: the same system call numbers on x86-64 and on the generic table (ARM64)
_SYS_SETUP, _SYS_ENTER, _SYS_REGISTER = 425, 426, 427
_OP_READ = 22               # IORING_OP_READ (Linux 5.6)
_ENTER_GETEVENTS = 1        # IORING_ENTER_GETEVENTS
_FEAT_SINGLE_MMAP = 1       # IORING_FEAT_SINGLE_MMAP (Linux 5.4)
_OFF_SQES = 0x10000000      # IORING_OFF_SQES
_REGISTER_IOWQ_MAX_WORKERS = 19
_MACHINES = {"x86_64", "amd64", "aarch64", "arm64"}
_SQE = struct.Struct("<BBHiQQIIQ")  # opcode, flags, ioprio, fd, off, addr, len, rw_flags, user_data
_SQE_REST = bytes(64 - _SQE.size)    # buf_index, personality, splice_fd_in, addr3: all zero


class _Params(ctypes.Structure):
    """``struct io_uring_params``: sq_off and cq_off are ten 32-bit words each."""

    _fields_ = [("sq_entries", ctypes.c_uint32), ("cq_entries", ctypes.c_uint32),
                ("flags", ctypes.c_uint32), ("sq_thread_cpu", ctypes.c_uint32),
                ("sq_thread_idle", ctypes.c_uint32), ("features", ctypes.c_uint32),
                ("wq_fd", ctypes.c_uint32), ("resv", ctypes.c_uint32 * 3),
                ("sq_off", ctypes.c_uint32 * 10), ("cq_off", ctypes.c_uint32 * 10)]


_state: dict[str, str] = {}  # "refused": why io_uring is not used ("" when it is)
#: The one buffer every read goes into, never freed: a read still in flight after an error
#: can never write into freed memory. Anonymous memory, untouched until a read fills it.
_SCRATCH = mmap.mmap(-1, READ_BYTES)


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def _scratch() -> int:
    """Address of :data:`_SCRATCH`."""
    return ctypes.addressof(ctypes.c_char.from_buffer(_SCRATCH))


def batch_size() -> int:
    """Files read per ``io_uring`` call: :data:`BATCH`, fewer when the limit of open files is
    low (their descriptors stay open until the batch is read, beside the parser's own)."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return BATCH
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return BATCH
    return max(1, min(BATCH, soft // 8))


class Uring:
    """A small ``io_uring`` instance that reads the start of many files, a batch per call.

    Raises ``OSError`` when the kernel or the platform refuses it (see the module notes)."""

    def __init__(self, entries: int = BATCH) -> None:
        if platform.system() != "Linux" or platform.machine().lower() not in _MACHINES:
            raise OSError(errno.ENOSYS, f"io_uring is not used on {platform.system()} "
                                        f"{platform.machine()}")
        self._libc = _libc()
        params = _Params()
        fd = self._libc.syscall(_SYS_SETUP, ctypes.c_uint(entries), ctypes.byref(params))
        if fd < 0:
            err = ctypes.get_errno()
            raise OSError(err, f"io_uring_setup: {os.strerror(err)}")
        self.fd = fd
        self._ring = self._sqes = None
        try:
            if not params.features & _FEAT_SINGLE_MMAP:
                raise OSError(errno.ENOSYS, "io_uring without IORING_FEAT_SINGLE_MMAP")
            sq, cq = params.sq_off, params.cq_off
            # sq_off: head, tail, ring_mask, ring_entries, flags, dropped, array
            # cq_off: head, tail, ring_mask, ring_entries, overflow, cqes
            size = max(sq[6] + params.sq_entries * 4, cq[5] + params.cq_entries * 16)
            prot = mmap.PROT_READ | mmap.PROT_WRITE
            self._ring = mmap.mmap(fd, size, mmap.MAP_SHARED, prot, offset=0)
            self._sqes = mmap.mmap(fd, params.sq_entries * 64, mmap.MAP_SHARED, prot,
                                   offset=_OFF_SQES)
            self._sq_tail, self._cq_head, self._cq_tail = sq[1], cq[0], cq[1]
            self._cqes = cq[5]
            self.entries = params.sq_entries
            self._sq_mask = self._u32(sq[2])
            self._cq_mask = self._u32(cq[2])
            for i in range(self.entries):  # the index array maps slot i to entry i
                struct.pack_into("<I", self._ring, sq[6] + 4 * i, i)
            self._buffer = _scratch()
            # a file system without asynchronous buffered reads (NFS, FUSE) hands each read
            # to a kernel worker thread: at most 4 (Linux 5.15; refused harmlessly before)
            limits = (ctypes.c_uint * 2)(4, 4)
            self._libc.syscall(_SYS_REGISTER, fd, _REGISTER_IOWQ_MAX_WORKERS, limits, 2)
        except BaseException:
            self.close()
            raise

    def _u32(self, offset: int) -> int:
        return struct.unpack_from("<I", self._ring, offset)[0]

    def read(self, fds: list[int]) -> list[int]:
        """Read up to :data:`READ_BYTES` from the start of each open file (at most
        ``entries`` of them) and wait for every read. Returns each read's result: the bytes
        read, or minus the error number. (On ARM64 a result can read as 0 when it was
        posted on another core just as the wait ended: the completion ring is read without
        an acquire barrier, which Python cannot issue. Only the results can be stale, never
        the count of completions.)"""
        if len(fds) > self.entries:
            raise ValueError(f"at most {self.entries} files per call, got {len(fds)}")
        tail = self._u32(self._sq_tail)
        for i, fd in enumerate(fds):
            slot = (tail + i) & self._sq_mask
            _SQE.pack_into(self._sqes, slot * 64, _OP_READ, 0, 0, fd, 0, self._buffer,
                           READ_BYTES, 0, i)
            self._sqes[slot * 64 + _SQE.size: slot * 64 + 64] = _SQE_REST
        struct.pack_into("<I", self._ring, self._sq_tail, (tail + len(fds)) & 0xFFFFFFFF)
        results = [0] * len(fds)
        to_submit, done = len(fds), 0
        while done < len(fds):
            # submits what is left and waits for every read; after a partial submission the
            # kernel returns at once, and the loop submits the rest
            n = self._libc.syscall(_SYS_ENTER, self.fd, to_submit, len(fds) - done,
                                   _ENTER_GETEVENTS, None, 0)
            if n < 0:
                err = ctypes.get_errno()
                if err not in (errno.EINTR, errno.EAGAIN, errno.EBUSY):
                    raise OSError(err, f"io_uring_enter: {os.strerror(err)}")
            else:
                to_submit -= n
            done += self._reap(results)
        return results

    def _reap(self, results: list[int]) -> int:
        head, tail = self._u32(self._cq_head), self._u32(self._cq_tail)
        count = (tail - head) & 0xFFFFFFFF
        for k in range(count):
            offset = self._cqes + ((head + k) & self._cq_mask) * 16
            user_data, res = struct.unpack_from("<Qi", self._ring, offset)
            if user_data < len(results):
                results[user_data] = res
        struct.pack_into("<I", self._ring, self._cq_head, tail)
        return count

    def close(self) -> None:
        """Unmap the rings and close the instance (pending reads finish in the kernel; they
        write only into the process-long scratch buffer)."""
        for mapped in (self._ring, self._sqes):
            if mapped is not None:
                mapped.close()
        self._ring = self._sqes = None
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> Uring:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_regular(path: str) -> int | None:
    """A read-only descriptor of ``path`` if it is a non-empty regular file, else None.
    Opened with O_NONBLOCK (opening a FIFO must not wait for a writer), then made blocking
    again: Linux 5.6-5.14 answer an ``io_uring`` read of a non-blocking file whose pages
    are not in the cache with EAGAIN, without loading them."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_size > 0:
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _advise(fd: int) -> bool:
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        return True
    except (OSError, AttributeError):
        return False


@functools.cache
def _mincore_libc() -> ctypes.CDLL | None:
    """The C library with ``mmap``, ``mincore`` and ``munmap`` typed, on 64-bit Linux only
    (elsewhere None: :func:`in_cache` cannot tell)."""
    if not sys.platform.startswith("linux") or ctypes.sizeof(ctypes.c_void_p) != 8:
        return None
    try:
        libc = _libc()
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                              ctypes.c_int, ctypes.c_int64]
        libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
        libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    except (OSError, AttributeError):
        return None
    return libc


def in_cache(path: str) -> bool | None:
    """Whether the start of the regular file ``path`` (up to :data:`READ_BYTES`) is in the
    page cache: True, False, or None when it cannot be told (not 64-bit Linux, not a
    non-empty regular file). Looks with ``mincore()`` on a mapping of the file, which reads
    nothing: it works alike on disks, tmpfs (always True), NFS and overlay file systems."""
    libc = _mincore_libc()
    if libc is None:
        return None
    fd = _open_regular(path)
    if fd is None:
        return None
    try:
        length = min(os.fstat(fd).st_size, READ_BYTES)
        address = libc.mmap(None, length, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        if address is None or address == ctypes.c_void_p(-1).value:
            return None
        try:
            pages = (ctypes.c_ubyte * (-(-length // mmap.PAGESIZE)))()
            if libc.mincore(address, length, pages) != 0:
                return None
            return all(page & 1 for page in pages)
        finally:
            libc.munmap(address, length)
    except OSError:
        return None
    finally:
        os.close(fd)


def all_in_cache(paths: list[str], sample: int = 9) -> bool:
    """True when ``sample`` files spread over ``paths`` (the first, the last and evenly
    between) all have their start in the page cache; False as soon as one has not, or
    cannot be told. A quick check that a chunk of files was just written or read."""
    if not paths:
        return True
    n = len(paths)
    picks = sorted({0, n - 1, *(n * k // (sample - 1) for k in range(1, sample - 1))})
    return all(in_cache(paths[i]) for i in picks)


def method() -> str:
    """How :func:`read_ahead` works in this process: ``"io_uring"``, ``"fadvise"`` or
    ``"none"``."""
    if "refused" not in _state:
        try:
            Uring(1).close()
            _state["refused"] = ""
        except OSError as exc:
            _state["refused"] = str(exc) or "refused"
    if not _state["refused"]:
        return "io_uring"
    return "fadvise" if hasattr(os, "posix_fadvise") else "none"


def read_ahead(paths: Iterable[str]) -> int:
    """Load the start of each regular file in ``paths`` into the page cache (see the module
    notes). Best effort: never raises for a file or for the kernel's refusal, skips what
    is not a non-empty regular file. Returns the number of files handed to the kernel."""
    how = method()
    if how == "none":
        return 0
    paths = iter(paths)
    count = 0
    if how == "io_uring":
        fds: list[int] = []
        try:
            with Uring(batch_size()) as ring:
                for path in paths:
                    fd = _open_regular(path)
                    if fd is None:
                        continue
                    fds.append(fd)
                    if len(fds) == ring.entries:
                        count += _read_batch(ring, fds)
                if fds:
                    count += _read_batch(ring, fds)
            return count
        except OSError:
            # the ring could not be made or used here (memory-lock limit, ...): the files in
            # hand and the rest are advised instead
            for fd in fds:
                count += _advise(fd)
        finally:
            _close_all(fds)
    for path in paths:
        fd = _open_regular(path)
        if fd is None:
            continue
        try:
            count += _advise(fd)
        finally:
            os.close(fd)
    return count


def _read_batch(ring: Uring, fds: list[int]) -> int:
    """Read a batch through the ring; a file whose read failed is advised instead. Closes
    the descriptors; returns how many files were handed to the kernel."""
    results = ring.read(fds)
    for fd, result in zip(fds, results, strict=True):
        if result < 0:
            _advise(fd)
    return _close_all(fds)


def _close_all(fds: list[int]) -> int:
    """Close and forget the descriptors (a read in flight keeps its own reference to the
    file). Returns how many there were."""
    n = len(fds)
    for fd in fds:
        os.close(fd)
    fds.clear()
    return n


__all__ = ["BATCH", "READ_BYTES", "Uring", "all_in_cache", "batch_size", "in_cache", "method",
           "read_ahead"]
