"""Strict HTTP/1.1 request framing for the endpoint (RFC 9110, RFC 9112).

Requests are refused rather than guessed at: a request line that is not `METHOD SP target SP
HTTP/1.x`, a header line with whitespace before its colon or folded over two lines, a missing or
repeated Host, a Content-Length that is not plain ASCII digits or that comes twice, a Content-Length
together with Transfer-Encoding, and any transfer coding but `chunked`. The head and the body have
size limits; the caller enforces the time limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus

MAX_HEAD = 64 * 1024  # bytes of the request line and the header fields together
MAX_FIELDS = 100
MAX_BODY = 1 << 20  # bytes of a request body (a POSTed query)

TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
FIELD = re.compile(  # name ":" OWS value OWS, the value without surrounding spaces and tabs
    rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*((?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)[ \t]*"
)
DIGITS = re.compile(rb"[0-9]{1,18}")
HOST = re.compile(r"(?P<name>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]*)(?::(?P<port>[0-9]*))?")
SINGLE = ("host", "content-length", "content-type", "transfer-encoding")  # never repeated


class HttpError(Exception):
    """A request the endpoint refuses: an HTTP status and a one-line reason. `close`: the request's
    framing is unknown, so the connection cannot carry another request."""

    def __init__(self, status: int, message: str, close: bool = False, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.close = close
        self.headers = headers or {}


@dataclass
class Request:
    """A request's line and header fields (names in lower case), and once read, its body."""

    method: str
    target: str
    version: str
    headers: dict[str, str]
    body: bytes = b""
    length: int = 0  # bytes of body to read; -1: chunked
    keep_alive: bool = True
    expects_continue: bool = False

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query_string(self) -> str:
        return self.target.partition("?")[2]

    @property
    def host(self) -> str:
        """The Host header's name, without port and in lower case ("[::1]" keeps its brackets)."""
        match = HOST.fullmatch(self.headers.get("host", ""))
        return match["name"].lower() if match else ""


def head_end(buffer: bytes | bytearray) -> int:
    """The index just past the empty line that ends a request head, or -1 if the head is not
    complete yet; HttpError if it cannot become one."""
    end = buffer.find(b"\r\n\r\n", 0, MAX_HEAD + 4)
    if end >= 0:
        return end + 4
    line_end = buffer.find(b"\r\n")
    first_lf = buffer.find(b"\n")
    if first_lf >= 0 and (first_lf == 0 or buffer[first_lf - 1] != 13):
        raise HttpError(400, "lines of the request head end with CRLF, never a bare LF", close=True)
    if (line_end < 0 and len(buffer) > MAX_HEAD) or line_end > MAX_HEAD:
        raise HttpError(414, f"the request line is longer than {MAX_HEAD} bytes", close=True)
    if len(buffer) > MAX_HEAD:
        raise HttpError(431, f"the request head is larger than {MAX_HEAD} bytes", close=True)
    return -1


def parse_head(head: bytes) -> Request:
    """A request from its head (request line and header fields, CRLF-terminated, with the empty
    line), or HttpError for anything RFC 9112 does not allow."""
    text = head[:-4]
    unpaired = text.replace(b"\r\n", b"")
    if b"\r" in unpaired or b"\n" in unpaired:
        raise HttpError(400, "lines of the request head end with CRLF, never a bare CR or LF", close=True)
    line, *lines = text.split(b"\r\n")
    parts = line.split(b" ")
    if len(parts) != 3 or not TOKEN.fullmatch(parts[0]) or not parts[1]:
        raise HttpError(400, "the request line is not METHOD SP target SP HTTP-version", close=True)
    method, target, version = (part.decode("latin-1") for part in parts)
    if not re.fullmatch(r"HTTP/[0-9]\.[0-9]", version):
        raise HttpError(400, f"{version!r} is not an HTTP version", close=True)
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        raise HttpError(505, "this endpoint speaks HTTP/1.1 and HTTP/1.0", close=True)
    if len(lines) > MAX_FIELDS:
        raise HttpError(431, f"more than {MAX_FIELDS} header fields", close=True)
    headers: dict[str, str] = {}
    for raw in lines:
        field = FIELD.fullmatch(raw)
        if field is None:
            raise _field_error(raw)
        name, value = field.groups()
        key = name.decode("ascii").lower()
        if key in headers:
            if key in SINGLE:
                raise HttpError(400, f"the header field {key} is repeated", close=True)
            headers[key] += ", " + value.decode("latin-1")
        else:
            headers[key] = value.decode("latin-1")
    request = Request(method, _origin_form(target, headers), version, headers)
    _frame(request)
    return request


def _field_error(raw: bytes) -> HttpError:
    """What is wrong with a header line that is not `name: value`."""
    name, colon, _ = raw.partition(b":")
    if not colon or not TOKEN.fullmatch(name):
        why = "a folded header line" if raw[:1] in (b" ", b"\t") else f"a malformed header line {raw[:40]!r}"
        return HttpError(400, f"{why} (RFC 9112, section 5)", close=True)
    return HttpError(400, f"a control character in the header field {name.decode()}", close=True)


def _origin_form(target: str, headers: dict[str, str]) -> str:
    """The target as /path?query; an absolute-form target ("http://host/path") sets the Host."""
    if target.startswith("/") or target == "*":
        return target
    match = re.fullmatch(r"https?://([^/?#]*)([^#]*)", target, re.I)
    if not match:
        raise HttpError(400, f"the request target {target[:60]!r} is not a path", close=True)
    headers["host"] = match[1]
    return match[2] or "/"


def _frame(request: Request) -> None:
    """Check Host and connection options, and how long the body is."""
    headers = request.headers
    if request.version == "HTTP/1.1" and "host" not in headers:
        raise HttpError(400, "an HTTP/1.1 request needs a Host header field", close=True)
    if "host" in headers and not HOST.fullmatch(headers["host"]):
        raise HttpError(400, f"the Host {headers['host'][:60]!r} is not a host name", close=True)
    tokens = {token.strip().lower() for token in headers.get("connection", "").split(",")}
    request.keep_alive = "close" not in tokens and (request.version == "HTTP/1.1" or "keep-alive" in tokens)
    if "transfer-encoding" in headers:
        if "content-length" in headers or request.version == "HTTP/1.0":
            raise HttpError(400, "Transfer-Encoding with Content-Length, or in HTTP/1.0", close=True)
        if headers["transfer-encoding"].strip().lower() != "chunked":
            raise HttpError(501, "the only transfer coding understood is chunked", close=True)
        request.length = -1
    elif "content-length" in headers:
        value = headers["content-length"].encode("latin-1")
        if not DIGITS.fullmatch(value):
            raise HttpError(
                400, f"Content-Length {headers['content-length'][:30]!r} is not a number", close=True
            )
        request.length = int(value)
        if request.length > MAX_BODY:
            raise HttpError(413, f"the request body is larger than {MAX_BODY} bytes", close=True)
    expect = headers.get("expect", "").strip().lower()
    if expect and expect != "100-continue":
        raise HttpError(417, "the only expectation met is 100-continue", close=True)
    request.expects_continue = bool(expect) and request.length != 0


CHUNK_LINE = re.compile(rb"([0-9A-Fa-f]{1,8})(?:[ \t]*;[^\r\n]*)?")


def chunked_body(buffer: bytes | bytearray) -> tuple[bytes, int] | None:
    """(body, bytes consumed) of a complete chunked body at the start of `buffer`, None if more is
    needed; HttpError if it is malformed or larger than MAX_BODY."""
    body, position = bytearray(), 0
    while True:
        end = buffer.find(b"\r\n", position, position + 1024)
        if end < 0:
            if len(buffer) - position > 1024:
                raise HttpError(400, "a malformed chunk size line", close=True)
            return None
        match = CHUNK_LINE.fullmatch(buffer, position, end)
        if not match:
            raise HttpError(400, "a malformed chunk size line", close=True)
        size = int(match[1], 16)
        if len(body) + size > MAX_BODY:
            raise HttpError(413, f"the request body is larger than {MAX_BODY} bytes", close=True)
        position = end + 2
        if size == 0:
            return _trailer(buffer, position, bytes(body))
        if len(buffer) < position + size + 2:
            return None
        if buffer[position + size : position + size + 2] != b"\r\n":
            raise HttpError(400, "a chunk is not followed by CRLF", close=True)
        body += buffer[position : position + size]
        position += size + 2


def _trailer(buffer: bytes | bytearray, position: int, body: bytes) -> tuple[bytes, int] | None:
    """Skip the trailer fields after the last chunk (they are not used)."""
    end = buffer.find(b"\r\n\r\n", position - 2, position + MAX_HEAD)
    if end < 0:
        if len(buffer) - position > MAX_HEAD:
            raise HttpError(431, "the trailer fields are too large", close=True)
        return None
    return body, end + 4


PHRASES = {status.value: status.phrase for status in HTTPStatus}
_date_cache: list = [0, ""]


def http_date(now: float) -> str:
    """The Date header value of `now` (computed once a second)."""
    second = int(now)
    if _date_cache[0] != second:
        _date_cache[:] = [second, formatdate(second, usegmt=True)]
    return _date_cache[1]


def response(status: int, headers: dict[str, str], body: bytes, now: float, head_only: bool = False) -> bytes:
    """The bytes of an HTTP/1.1 response: Content-Length but for 204 and 304, no body for HEAD."""
    lines = [
        f"HTTP/1.1 {status} {PHRASES[status]}",
        f"Date: {http_date(now)}",
        "Server: tiltaksgraf",
    ]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if status not in (204, 304):
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head if head_only else head + body
