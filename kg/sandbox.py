"""Limits a child process puts on itself (Linux): no network connection, death with its
parent.

``kg serve``'s query workers may open no network connection (:func:`forbid_connections`).

Oxigraph sends the HTTP request a SPARQL ``SERVICE`` clause names, and pyoxigraph has
no switch to stop it. ``kg serve`` refuses such queries (:func:`kg.negotiate.uses_service`);
below that check, each worker asks the Linux kernel (seccomp) to fail every
``connect(2)`` it makes from then on, so a query that slipped through still reaches no
server. The worker's pipe to the server is connected before, so it keeps working.

``kg query``'s child dies with its parent (:func:`die_with_parent`), so a ``kg query``
stopped by a signal does not leave its query running alone.

Example:
    >>> forbid_connections() in (True, False)    # doctest: +SKIP
    True
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import signal
import sys

__all__ = ["forbid_connections", "die_with_parent"]

# the kernel's name of each architecture (AUDIT_ARCH_*) and its connect(2) number
_CONNECT = {"x86_64": (0xC000003E, 42), "aarch64": (0xC00000B7, 203)}
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 1, 38, 22, 2
_LD_W_ABS, _JEQ_K, _RET_K = 0x20, 0x15, 0x06          # classic BPF opcodes
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000               # SECCOMP_RET_*


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def forbid_connections() -> bool:
    """Make every later ``connect(2)`` of this process fail with EPERM.

    Returns:
        True if done; False where it cannot be (not Linux on x86-64 or arm64, or a
        kernel without seccomp), and this process is unchanged.
    """
    known = _CONNECT.get(platform.machine())
    if not sys.platform.startswith("linux") or known is None:
        return False
    arch, connect = known
    steps = [
        (_LD_W_ABS, 0, 0, 4),                 # A = seccomp_data.arch
        (_JEQ_K, 0, 3, arch),                 # another architecture: allow
        (_LD_W_ABS, 0, 0, 0),                 # A = seccomp_data.nr
        (_JEQ_K, 0, 1, connect),              # connect: fail; anything else: allow
        (_RET_K, 0, 0, _ERRNO | errno.EPERM),
        (_RET_K, 0, 0, _ALLOW),
    ]
    filters = (_Filter * len(steps))(*[_Filter(*step) for step in steps])
    program = _Program(len(steps), filters)
    try:
        return (_prctl(_PR_SET_NO_NEW_PRIVS, 1) == 0
                and _prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program)) == 0)
    except (OSError, AttributeError):
        return False


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux); if ``parent``
    (the parent's pid) is already gone, leave now: nobody waits for the answer."""
    if sys.platform.startswith("linux"):
        try:
            _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def _prctl(option: int, *args: object) -> int:
    """prctl(2): integers passed as unsigned longs, pointers as they are, the rest 0."""
    values = [ctypes.c_ulong(a) if isinstance(a, int) else a for a in args]
    values += [ctypes.c_ulong(0)] * (4 - len(values))
    return int(ctypes.CDLL(None, use_errno=True).prctl(option, *values))
