"""A query process (`graph.sparql.worker`) seen from the endpoint: started with the store, frames
written to its stdin and its answers read from its stdout as they arrive (a protocol, so that no
task waits on a pipe), killed when a query in it must stop."""

from __future__ import annotations

import asyncio
import collections
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import graph
from graph.sparql.worker import FRAME

START_TIMEOUT = 120  # seconds a new process may take to load the store


class WorkerLost(Exception):
    """A query process ended while it was asked something."""


def frame(header: dict, body: bytes = b"") -> bytes:
    """One frame to a query process: the lengths, a JSON header, a body."""
    encoded = json.dumps(header).encode()
    return FRAME.pack(len(encoded), len(body)) + encoded + body


class QueryProcess(asyncio.SubprocessProtocol):
    """One query process. Its first answer (to the store) makes it `ready`; each later one goes to
    `on_answer(process, header, body)`, and the end of its output to `on_lost(process)`. `sent`
    and `head_since` are the pool's: what the process was given, in order, and since when (loop
    time) it has worked on the first of them."""

    def __init__(self, on_answer: Callable, on_lost: Callable):
        self.on_answer, self.on_lost = on_answer, on_lost
        self.buffer = bytearray()
        self.outbox: list[bytes] = []
        self.ready = asyncio.get_running_loop().create_future()
        self.exited = asyncio.get_running_loop().create_future()
        self.gone = False  # its output has ended
        self.sent: collections.deque = collections.deque()
        self.head_since = 0.0

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.pid = transport.get_pid()
        self.stdin = transport.get_pipe_transport(0)

    def send(self, data: bytes) -> None:
        """Send a frame with the others sent in the same turn of the event loop (one write)."""
        if not self.outbox:
            asyncio.get_running_loop().call_soon(self._flush)
        self.outbox.append(data)

    def _flush(self) -> None:
        data = b"".join(self.outbox)
        self.outbox.clear()
        if not self.stdin.is_closing():
            self.stdin.write(data)

    def pipe_data_received(self, fd: int, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= FRAME.size:
            header_length, body_length = FRAME.unpack_from(self.buffer)
            end = FRAME.size + header_length + body_length
            if len(self.buffer) < end:
                return
            header = json.loads(self.buffer[FRAME.size : FRAME.size + header_length])
            body = bytes(self.buffer[FRAME.size + header_length : end])
            del self.buffer[:end]
            if not self.ready.done():
                self.ready.set_result(header)
            else:
                self.on_answer(self, header, body)

    def pipe_connection_lost(self, fd: int, error) -> None:
        """The end of stdout: the process ended, and all it wrote has been read."""
        if fd != 1 or self.gone:
            return
        self.gone = True
        if not self.ready.done():
            self.ready.set_exception(WorkerLost())
        else:
            self.on_lost(self)

    def process_exited(self) -> None:
        if not self.exited.done():
            self.exited.set_result(None)

    def kill(self) -> None:
        if self.transport.get_returncode() is None:
            self.transport.kill()
        self.transport.close()

    async def wait(self) -> None:
        await asyncio.shield(self.exited)

    async def ended_by(self) -> str:
        """How the process ended: the signal's name or the exit status."""
        try:
            await asyncio.wait_for(self.wait(), 2)
        except TimeoutError:
            self.kill()
            return "an unknown cause"
        code = self.transport.get_returncode()
        return signal.Signals(-code).name if code < 0 else f"exit status {code}"


async def start(dataset: bytes, limits: dict, on_answer: Callable, on_lost: Callable) -> QueryProcess:
    """Start a query process, hand it its limits and the store, and wait until it has loaded it;
    WorkerLost or TimeoutError if it does not."""
    package_root = str(Path(graph.__file__).resolve().parent.parent)
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]),
    }
    _, process = await asyncio.get_running_loop().subprocess_exec(
        lambda: QueryProcess(on_answer, on_lost),
        sys.executable,
        "-m",
        "graph.sparql.worker",
        str(os.getpid()),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        process.send(frame(limits, dataset))
        async with asyncio.timeout(START_TIMEOUT):
            header = await process.ready
    except WorkerLost:
        raise WorkerLost(
            f"a query process ended while loading the store ({await process.ended_by()})"
        ) from None
    except BaseException:
        process.kill()
        raise
    if not header.get("ready"):
        process.kill()
        raise WorkerLost(f"the query process answered {header} instead of ready")
    return process
