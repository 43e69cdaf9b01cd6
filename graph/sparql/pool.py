"""The endpoint's query processes: a pool of pre-started workers (`graph.sparql.worker`), each with
a copy of the store, that answer one query at a time.

A query that outlives its time, or whose client leaves, is stopped by killing its process (pyoxigraph
cannot cancel a query), and a new process is started in its place; its memory goes back to the
system with it. A process that dies under a query (out of memory, a parser crash) is replaced too.
The event loop that serves HTTP never runs a query.
"""

from __future__ import annotations

import asyncio
import collections
import json
import os
import signal
import sys
from pathlib import Path

import graph
from graph.sparql.worker import FRAME

START_TIMEOUT = 120  # seconds a new process may take to load the store


class Unanswered(Exception):
    """A query the pool could not answer: an HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class WorkerLost(Exception):
    """A query process ended while it was asked something."""


class StartFailed(Exception):
    """The query processes could not be started; the message says why."""


class Worker:
    """One query process and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.pid = process.pid

    async def ask(self, header: dict, body: bytes = b"") -> tuple[dict, bytes]:
        """Send a frame and read the answering frame."""
        encoded = json.dumps(header).encode()
        try:
            self.process.stdin.write(FRAME.pack(len(encoded), len(body)) + encoded + body)
            await self.process.stdin.drain()
            header_length, body_length = FRAME.unpack(await self.process.stdout.readexactly(FRAME.size))
            answer = json.loads(await self.process.stdout.readexactly(header_length))
            return answer, await self.process.stdout.readexactly(body_length)
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            raise WorkerLost from error

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
        self.process.stdin.close()

    async def ended_by(self) -> str:
        """How the process ended: the signal's name or the exit status."""
        try:
            code = await asyncio.wait_for(self.process.wait(), 2)
        except TimeoutError:
            self.kill()
            return "an unknown cause"
        return signal.Signals(-code).name if code < 0 else f"exit status {code}"


class Pool:
    """`size` query processes over the N-Quads `dataset`; `memory` bytes each on top of the store,
    answers of at most `max_result` bytes, `timeout` seconds per query (waiting for a free process
    included)."""

    def __init__(self, dataset: bytes, size: int, memory: int, max_result: int, timeout: float):
        self.dataset, self.size, self.timeout = dataset, size, timeout
        self.limits = {"memory": memory, "max_result": max_result}
        self.idle: list[Worker] = []
        self.waiters: collections.deque[asyncio.Future] = collections.deque()
        self.workers: dict[int, Worker] = {}  # ready, idle or busy
        self.starting: set[Worker] = set()
        self.dying: set[Worker] = set()  # killed, not yet reaped
        self.tasks: set[asyncio.Task] = set()
        self.closed = False

    async def start(self) -> None:
        """Start every process and wait until each holds the store."""
        try:
            workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        except (OSError, WorkerLost, TimeoutError) as error:
            raise StartFailed(f"the query processes did not start: {error or type(error).__name__}") from None
        for worker in workers:
            self._release(worker)

    def pids(self) -> list[int]:
        """The process ids of the query processes that hold the store."""
        return list(self.workers)

    async def ask(self, job: dict) -> tuple[dict, bytes]:
        """A worker's answer to `job` within the timeout, or Unanswered."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        worker = await self._acquire(deadline)
        try:
            async with asyncio.timeout_at(deadline):
                header, body = await worker.ask(job)
        except TimeoutError:
            self._replace(worker)
            raise Unanswered(
                503,
                f"the query did not finish within {self.timeout:g} s (serve --timeout), so it was stopped",
            ) from None
        except WorkerLost:
            cause = await worker.ended_by()
            self._replace(worker)
            raise Unanswered(*self._loss(cause)) from None
        except BaseException:  # the client left (the request is cancelled): stop the query
            self._replace(worker)
            raise
        if header.get("restart"):
            self._replace(worker)
        else:
            self._release(worker)
        return header, body

    def _loss(self, cause: str) -> tuple[int, str]:
        if cause in ("SIGABRT", "SIGKILL"):
            limit = self.limits["memory"] // 2**20
            return 503, (
                f"the query process was stopped ({cause}), most likely out of memory: a query may use "
                f"{limit} MiB (serve --memory)"
            )
        return 500, f"the query crashed its process ({cause}); a new one is started"

    async def _acquire(self, deadline: float) -> Worker:
        """An idle worker, waiting for one until `deadline` (loop time)."""
        if self.idle:
            return self.idle.pop()
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        self.waiters.append(waiter)
        try:
            async with asyncio.timeout_at(deadline):
                await waiter
        except BaseException as error:
            if waiter.done() and not waiter.cancelled():
                self._release(waiter.result())  # handed over just too late: give it on
            else:
                waiter.cancel()
            if isinstance(error, TimeoutError):
                raise Unanswered(
                    503,
                    f"all {self.size} query processes stayed busy for {self.timeout:g} s; try again later",
                ) from None
            raise
        return waiter.result()

    def _release(self, worker: Worker) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self.idle.append(worker)

    def _replace(self, worker: Worker) -> None:
        """Kill a worker and start another in its place (in the background)."""
        worker.kill()
        self.workers.pop(worker.pid, None)
        self.dying.add(worker)
        self._background(self._reap(worker))
        if not self.closed:
            self._background(self._refill())

    def _background(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _reap(self, worker: Worker) -> None:
        await worker.process.wait()
        self.dying.discard(worker)

    async def _refill(self) -> None:
        while not self.closed:
            try:
                worker = await self._spawn()
            except (OSError, WorkerLost, TimeoutError) as error:
                print(f"tiltaksgraf serve: cannot start a query process: {error}", file=sys.stderr)
                await asyncio.sleep(1)
                continue
            if self.closed:
                self.workers.pop(worker.pid, None)
                worker.kill()
            else:
                self._release(worker)
            return

    async def _spawn(self) -> Worker:
        """Start a query process, hand it the store and wait until it has loaded it."""
        package_root = str(Path(graph.__file__).resolve().parent.parent)
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "graph.sparql.worker",
            str(os.getpid()),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env=environment,
        )
        worker = Worker(process)
        self.starting.add(worker)
        try:
            async with asyncio.timeout(START_TIMEOUT):
                header, _ = await worker.ask(self.limits, self.dataset)
        except WorkerLost:
            raise WorkerLost(
                f"a query process ended while loading the store ({await worker.ended_by()})"
            ) from None
        except BaseException:
            worker.kill()
            raise
        finally:
            self.starting.discard(worker)
        if not header.get("ready"):
            worker.kill()
            raise WorkerLost(f"the query process answered {header} instead of ready")
        self.workers[worker.pid] = worker
        return worker

    async def close(self) -> None:
        """Stop every process."""
        self.closed = True
        for task in list(self.tasks):
            task.cancel()
        everyone = [*self.workers.values(), *self.starting, *self.dying]
        for worker in everyone:
            worker.kill()
        await asyncio.gather(*(worker.process.wait() for worker in everyone))
        self.workers.clear()
        self.dying.clear()
