"""A read-only SPARQL 1.1 Protocol endpoint over a pyoxigraph Store, with a query page.

One event loop (uvloop where installed) serves HTTP/1.1 (keep-alive, a real accept backlog, strict
framing by `http11`, a time limit on reading each request); queries run in a pool of query
processes (`pool`), which a query that outlives `--timeout` or its client is stopped with. `routes` says what is answered:
`/sparql` answers queries by GET (`?query=`) and POST (form-encoded `query=`, or an
`application/sparql-query` body) in the format the Accept header asks for, and GET without a query
gives the service description; `/` is the query page. Nothing changes the store: SPARQL Update gets
403, other methods 405. Errors are one line of text/plain.
"""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
import time
from dataclasses import dataclass

import pyoxigraph

from graph.sparql.http11 import HttpError, Request, chunked_body, head_end, parse_head, response
from graph.sparql.pool import Pool
from graph.sparql.routes import Application, Reply, is_loopback, text

BACKLOG = 1024  # connections the kernel queues before they are accepted (capped by somaxconn)


@dataclass(frozen=True)
class Settings:
    """The limits and options of `tiltaksgraf serve`."""

    timeout: float = 10.0  # seconds a query may take, waiting for a free query process included
    workers: int = 2  # query processes, each with a copy of the store
    memory_mb: int = 512  # memory a query process may use on top of its store
    max_result_mb: int = 64  # size of an answer
    read_timeout: float = 10.0  # seconds a client has to send a whole request; idle connections close then
    max_connections: int = 1024
    allow_service: tuple[str, ...] = ()  # endpoints SERVICE may call
    cors: tuple[str, ...] = ()  # origins whose pages may query the endpoint ("*": any)
    access_log: bool = False


class Endpoint:
    """The server, listening on host:port (port 0: any free port) once made; serve_forever()
    serves until shutdown() (from another thread) or Ctrl-C."""

    def __init__(
        self, store: pyoxigraph.Store, host: str = "127.0.0.1", port: int = 0, settings: Settings = Settings()
    ):
        self.settings = settings
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.create_server((host, port), family=family, backlog=BACKLOG)
        self.server_port = self.socket.getsockname()[1]
        self.loopback = is_loopback(host)
        self.dataset = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
        self.triples = len(store)
        self.ready = threading.Event()  # set once the query processes hold the store
        self.connections: set[Connection] = set()
        self.pool: Pool | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stop_requested = threading.Event()
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        try:
            _run(self._serve())
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serve_forever() and wait until it has stopped its query processes."""
        self._stop_requested.set()
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._stopped.wait(30)

    def server_close(self) -> None:
        self.socket.close()

    def worker_pids(self) -> list[int]:
        """The process ids of the query processes."""
        return self.pool.pids() if self.pool else []

    async def _serve(self) -> None:
        settings = self.settings
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        if self._stop_requested.is_set():
            return
        self.pool = Pool(
            self.dataset,
            settings.workers,
            settings.memory_mb * 2**20,
            settings.max_result_mb * 2**20,
            settings.timeout,
        )
        server = None
        try:
            await self.pool.start()
            app = Application(
                self.pool, self.triples, self.loopback, settings.cors, frozenset(settings.allow_service)
            )
            server = await self._loop.create_server(
                lambda: Connection(self, app), sock=self.socket, backlog=BACKLOG
            )
            self.ready.set()
            await self._stop.wait()
        finally:
            if server is not None:
                server.close()
            for connection in list(self.connections):
                connection.transport.abort()
            await self.pool.close()


def _run(coroutine) -> None:
    """Run the server's coroutine on uvloop (libuv's event loop, several times faster at many small
    requests) where it is installed, else on asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(coroutine)
    else:
        uvloop.run(coroutine)


class Connection(asyncio.Protocol):
    """One client connection: requests are read under a deadline, answered one at a time (pipelined
    ones wait), and a query running for a client that leaves is stopped."""

    def __init__(self, endpoint: Endpoint, app: Application):
        self.endpoint, self.app, self.settings = endpoint, app, endpoint.settings
        self.buffer = bytearray()
        self.request: Request | None = None  # a head read, waiting for its body
        self.task: asyncio.Task | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.writable: asyncio.Future | None = None
        self.closed = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.loop = asyncio.get_running_loop()
        peer = transport.get_extra_info("peername")
        self.peer = peer[0] if peer else "-"
        self.endpoint.connections.add(self)
        if len(self.endpoint.connections) > self.settings.max_connections:
            self._refuse(HttpError(503, "too many connections: try again later", close=True))
            return
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.closed:
            return
        self.buffer += data
        if self.task is None:
            self._advance()
        elif len(self.buffer) > 2**20:
            self.transport.pause_reading()  # pipelined requests wait until this one is answered

    def eof_received(self) -> bool:
        """The client sends nothing more: whatever runs for it is stopped."""
        self._close()
        return False

    def connection_lost(self, _error) -> None:
        self.closed = True
        if self.task is not None:
            self.task.cancel()
        if self.timer is not None:
            self.timer.cancel()
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)
        self.endpoint.connections.discard(self)

    def pause_writing(self) -> None:
        self.writable = self.loop.create_future()

    def resume_writing(self) -> None:
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)

    def _arm(self) -> None:
        """Give the client read_timeout seconds to send its next request, whole."""
        if self.timer is not None:
            self.timer.cancel()
        self.timer = self.loop.call_later(self.settings.read_timeout, self._timed_out)

    def _timed_out(self) -> None:
        if self.task is not None:
            return
        if self.request is not None or self.buffer.strip(b"\r\n"):
            self._refuse(
                HttpError(
                    408, f"the request was not sent within {self.settings.read_timeout:g} s", close=True
                )
            )
        else:
            self._close()  # an idle keep-alive connection

    def _advance(self) -> None:
        """Parse what the buffer holds; once a request is whole, answer it."""
        try:
            if self.request is None:
                while self.buffer[:2] == b"\r\n":  # RFC 9112: empty lines before a request are ignored
                    del self.buffer[:2]
                end = head_end(self.buffer)
                if end < 0:
                    return
                self.request = parse_head(bytes(self.buffer[:end]))
                del self.buffer[:end]
                if self.request.expects_continue and not self.buffer:
                    self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            body = self._body(self.request)
        except HttpError as error:
            self._refuse(error)
            return
        if body is None:
            return
        request, self.request = self.request, None
        request.body = body
        if self.timer is not None:
            self.timer.cancel()
        self.task = self.loop.create_task(self._answer(request))

    def _body(self, request: Request) -> bytes | None:
        if request.length == -1:
            found = chunked_body(self.buffer)
            if found is None:
                return None
            body, used = found
        else:
            if len(self.buffer) < request.length:
                return None
            body, used = bytes(self.buffer[: request.length]), request.length
        del self.buffer[:used]
        return body

    async def _answer(self, request: Request) -> None:
        started = time.perf_counter()
        try:
            reply = await self.app.handle(request)
        except Exception as error:  # a bug: answer it, and say so on stderr
            print(f"tiltaksgraf serve: internal error: {type(error).__name__}", file=sys.stderr)
            reply = text(500, "internal error of the endpoint")
            request.keep_alive = False
        self._write(reply, request, started)
        if not request.keep_alive:
            self._close()
            return
        if not await self._drained():
            self.transport.abort()  # the client does not read its answer
            return
        self.task = None
        if not self.closed:
            self._arm()
            self.transport.resume_reading()
            self._advance()

    async def _drained(self) -> bool:
        """Wait while the answer is being sent; False if the client reads nothing of it for
        read_timeout seconds."""
        while self.writable is not None and not self.writable.done():
            left = self.transport.get_write_buffer_size()
            try:
                async with asyncio.timeout(self.settings.read_timeout):
                    await asyncio.shield(self.writable)
            except TimeoutError:
                if self.transport.get_write_buffer_size() >= left:
                    return False
        return True

    def _write(self, reply: Reply, request: Request | None, started: float) -> None:
        self.app.decorate(reply)
        if request is None or not request.keep_alive:
            reply.headers["Connection"] = "close"
        elif request.version == "HTTP/1.0":
            reply.headers["Connection"] = "keep-alive"
        method, path = (request.method, request.path) if request else ("-", "-")
        self.transport.write(response(reply.status, reply.headers, reply.body, time.time(), method == "HEAD"))
        if self.settings.access_log:
            elapsed = (time.perf_counter() - started) * 1000
            print(
                f'{self.peer} "{method} {path[:200]}" {reply.status} {len(reply.body)} {elapsed:.1f}ms',
                file=sys.stderr,
            )

    def _refuse(self, error: HttpError) -> None:
        """Answer a request that cannot be read, and close the connection."""
        if self.closed:
            return
        self._write(text(error.status, str(error), **error.headers), None, time.perf_counter())
        self._close()

    def _close(self) -> None:
        if not self.closed:
            self.closed = True
            self.transport.close()
