"""A query process of the endpoint: `python -m graph.sparql.worker PARENT_PID`.

It reads frames from stdin and writes frames to stdout (see `send`, `receive`): first the setup (its
limits, and the store as N-Quads), which it answers with `ready`, then one job at a time, each
answered with a status, a media type and a body. pyoxigraph cannot cancel a query, so the endpoint
kills the process when a query outlives its time or its client, and starts another. The process's
memory is capped (RLIMIT_DATA, on Linux): a query that needs more ends it, not the endpoint; an
answer is capped at `max_result` bytes. It dies with its parent and ignores Ctrl-C (the endpoint
stops it).
"""

from __future__ import annotations

import json
import os
import signal
import struct
import sys
from typing import BinaryIO

import pyoxigraph

from graph.errors import QueryError
from graph.sparql import engine, page
from graph.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS, negotiate

FRAME = struct.Struct("!II")  # lengths of the JSON header and of the body


def send(stream: BinaryIO, header: dict, body: bytes = b"") -> None:
    """Write one frame: a JSON header and a body of bytes."""
    encoded = json.dumps(header).encode()
    stream.write(FRAME.pack(len(encoded), len(body)) + encoded + body)
    stream.flush()


def receive(stream: BinaryIO) -> tuple[dict, bytes] | None:
    """Read one frame; None at the end of the stream."""
    lengths = stream.read(FRAME.size)
    if len(lengths) < FRAME.size:
        return None
    header_length, body_length = FRAME.unpack(lengths)
    header = json.loads(stream.read(header_length))
    return header, stream.read(body_length)


class ResultTooLarge(Exception):
    """An answer grew past the limit while it was written."""


class Bounded:
    """A file-like sink for pyoxigraph's serializers that refuses more than `limit` bytes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        if len(self.data) > self.limit:
            raise ResultTooLarge
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the data stays in memory."""


def answer(store, job: dict, max_result: int) -> tuple[dict, bytes]:
    """The reply to a job: "query" (a SPARQL Protocol answer in the format `accept` likes best) or
    "table" (the HTML fragment the query page shows)."""
    too_large = f"the answer is larger than {max_result // 2**20} MiB (serve --max-result): add a LIMIT"
    if job["kind"] == "table":
        try:
            fragment = page.answer_html(engine.run(store, job["query"]))
        except QueryError as error:
            return {"status": 400}, page.error_html(str(error)).encode()
        if len(fragment) > max_result:
            return {"status": 503}, page.error_html(too_large).encode()
        return {"status": 200}, fragment.encode()
    try:
        result = engine.execute(store, job["query"])
    except QueryError as error:
        return _text(400, f"malformed query: {str(error).splitlines()[0]}")
    formats = GRAPH_FORMATS if isinstance(result, pyoxigraph.QueryTriples) else RESULT_FORMATS
    media = negotiate(job.get("accept"), formats)
    if media is None:
        return _text(406, "acceptable here: " + ", ".join(formats))
    sink = Bounded(max_result)
    try:
        result.serialize(sink, format=formats[media])
    except ResultTooLarge:
        return _text(503, too_large)
    except (OSError, ValueError, RuntimeError) as error:
        return _text(500, f"the query failed while running: {str(error).splitlines()[0][:200]}")
    return {"status": 200, "media": formats[media].media_type}, bytes(sink.data)


def _text(status: int, message: str) -> tuple[dict, bytes]:
    return {"status": status, "media": "text/plain; charset=utf-8"}, f"{message}\n".encode()


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent ends (Linux), and ignore Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        sys.exit(0)


def _cap_memory(extra: int) -> None:
    """Limit the process's data segment to what it uses now (the store loaded) plus `extra` bytes."""
    if not sys.platform.startswith("linux") or extra <= 0:
        return
    import resource

    with open("/proc/self/status", encoding="ascii") as status:
        used = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmData:"))
    resource.setrlimit(resource.RLIMIT_DATA, (used + extra, used + extra))


def main() -> None:
    _die_with(int(sys.argv[1]))
    inbox, outbox = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the frames
    setup = receive(inbox)
    if setup is None:
        return
    limits, dataset = setup
    store = pyoxigraph.Store()
    store.bulk_load(dataset, format=pyoxigraph.RdfFormat.N_QUADS)
    del dataset, setup
    _cap_memory(limits["memory"])
    send(outbox, {"ready": True, "pid": os.getpid()})
    while (job := receive(inbox)) is not None:
        try:
            header, body = answer(store, job[0], limits["max_result"])
        except MemoryError:
            header, body = _text(503, "the query needed more memory than a query process may use")
            header["restart"] = True
        send(outbox, header, body)
        if header.get("restart"):
            return


if __name__ == "__main__":
    main()
