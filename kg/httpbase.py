"""The plumbing of ``kg serve``'s request handler: answers, errors, bodies read with care.

:class:`SafeHandler` drops a client silent for ``IDLE_SECONDS``, refuses a body
longer than allowed without reading it (413), a chunked one (411), a bad or
unmet ``Content-Length`` or a malformed header (400), and turns an unexpected failure into a 500: no
request stops the server. Every answer says ``nosniff``, so a browser takes
text for text.

Example:
    >>> SafeHandler.timeout
    30.0
"""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["SafeHandler", "IDLE_SECONDS"]

#: seconds a client may stay silent in the middle of a request or between two
IDLE_SECONDS = 30.0


class SafeHandler(BaseHTTPRequestHandler):
    """A request handler that reads only what it allows and always answers or closes."""

    server_version = "kg-serve"
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # an unreadable request line still gets a status line
    timeout = IDLE_SECONDS  # socket timeout: a silent client is dropped
    _answered = False

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # quiet: tests and users read the announce line only

    def parse_request(self) -> bool:
        """The standard parsing, and a 400 for a header line the parser had to skip."""
        if not super().parse_request():
            return False
        if self.headers.defects:
            self.send_error(400, "malformed header line (every header needs 'Name: value')")
            return False
        return True

    # -- plumbing ------------------------------------------------------------
    def _send(
        self, status: int, body: bytes, media: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        charset = (
            "" if media.endswith("+json") or media == "application/ld+json" else "; charset=utf-8"
        )
        self.send_header("Content-Type", media + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.close_connection:
            self.send_header("Connection", "close")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode(), "text/plain")

    def _params(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query, keep_blank_values=True)

    def _guarded(self, method: Callable[[], None]) -> None:
        """Run ``method``; a broken connection closes, any other failure is a 500."""
        self._answered = False
        try:
            method()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 - one bad request must not stop the server
            self.close_connection = True
            if not self._answered:
                self._error(500, f"internal error: {type(exc).__name__}: {exc}")

    def send_response(self, code: int, message: str | None = None) -> None:
        self._answered = True
        super().send_response(code, message)

    def _body(self, max_body: int) -> str | None:
        """The request body as text, or None once an error was sent (and the connection
        marked for closing: what was not read cannot be skipped)."""
        problem = self._unreadable(max_body)
        if problem is not None:
            self.close_connection = True
            self._error(*problem)
            return None
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if len(raw) < length:
            self.close_connection = True
            self._error(400, f"the body stopped after {len(raw)} of {length} bytes")
            return None
        return raw.decode("utf-8", "replace")

    def _unreadable(self, max_body: int) -> tuple[int, str] | None:
        """Why the body will not be read (status and message), before reading any of it."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return 411, "send the body with a Content-Length, not chunked"
        declared = (self.headers.get("Content-Length") or "0").strip()
        if not (declared.isascii() and declared.isdigit()):   # "²" is a digit to isdigit()
            return 400, f"bad Content-Length {declared[:40]!r}"
        if int(declared) > max_body:
            return 413, f"the body is {declared} bytes; this server reads at most {max_body}"
        return None
