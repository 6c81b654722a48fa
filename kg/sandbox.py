"""A process that may open no network connection: ``kg serve``'s query workers.

Oxigraph sends the HTTP request a SPARQL ``SERVICE`` clause names, and pyoxigraph has
no switch to stop it. ``kg serve`` refuses such queries (:func:`kg.negotiate.uses_service`);
below that check, each worker asks the Linux kernel (seccomp) to fail every
``connect(2)`` it makes from then on, so a query that slipped through still reaches no
server. The worker's pipe to the server is connected before, so it keeps working.

Example:
    >>> forbid_connections() in (True, False)    # doctest: +SKIP
    True
"""

from __future__ import annotations

import ctypes
import errno
import platform
import sys

__all__ = ["forbid_connections"]

# the kernel's name of each architecture (AUDIT_ARCH_*) and its connect(2) number
_CONNECT = {"x86_64": (0xC000003E, 42), "aarch64": (0xC00000B7, 203)}
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
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
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), ctypes.c_ulong(0),
                      ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
            return False
        return libc.prctl(_PR_SET_SECCOMP, ctypes.c_ulong(_SECCOMP_MODE_FILTER),
                          ctypes.byref(program), ctypes.c_ulong(0), ctypes.c_ulong(0)) == 0
    except (OSError, AttributeError):
        return False
