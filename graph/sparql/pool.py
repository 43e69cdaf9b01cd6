"""The endpoint's query processes: a pool of pre-started workers (`graph.sparql.process`), each with
a copy of the store, that answer queries one at a time, in the order they were sent.

A query that outlives its time, or whose client leaves, is stopped by killing its process (pyoxigraph
cannot cancel a query), and a new process is started in its place; its memory goes back to the
system with it. A process that dies under a query (out of memory, a parser crash) is replaced too.
The event loop that serves HTTP never runs a query.

A process is sent its next query while it still works on one (up to DEPTH at once), so that it
never waits for the event loop between two queries. A query never waits long behind a slow one:
once a process has worked on its current query for SLOW seconds, the queries behind it go to
another process (they had not started, and reading twice does no harm; the answer that comes
first counts). Deadlines are kept by a sweep every TICK seconds while queries are out.
"""

from __future__ import annotations

import asyncio
import collections
import sys

from graph.sparql.process import QueryProcess, WorkerLost, frame, start

DEPTH = 8  # queries a process is given at once: the one it works on and those behind it
SLOW = 0.05  # seconds on one query after which the queries behind it go elsewhere
GRACE = 1.0  # seconds a process may work on a query nobody waits for any more before it is stopped
TICK = 0.025  # seconds between the sweeps that keep deadlines


class Unanswered(Exception):
    """A query the pool could not answer: an HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class StartFailed(Exception):
    """The query processes could not be started; the message says why."""


class Job:
    """A query to answer by `deadline` (loop time); `copy` is where it is sent now."""

    __slots__ = ("copy", "deadline", "frame", "future")

    def __init__(self, data: bytes, deadline: float, future: asyncio.Future):
        self.frame, self.deadline, self.future = data, deadline, future
        self.copy: Copy | None = None


class Copy:
    """A job as sent to one process; it is the job's live copy until the job moves on or ends."""

    __slots__ = ("job", "process")

    def __init__(self, job: Job, process: QueryProcess):
        self.job, self.process = job, process

    @property
    def wanted(self) -> bool:
        return self.job.copy is self and not self.job.future.done()


class Pool:
    """`size` query processes over the N-Quads `dataset`; `memory` bytes each on top of the store,
    answers of at most `max_result` bytes, `timeout` seconds per query (waiting for a free process
    included)."""

    def __init__(self, dataset: bytes, size: int, memory: int, max_result: int, timeout: float):
        self.dataset, self.size, self.timeout = dataset, size, timeout
        self.limits = {"memory": memory, "max_result": max_result}
        self.workers: dict[int, QueryProcess] = {}  # ready, idle or busy
        self.queue: collections.deque[Job] = collections.deque()  # jobs no process has been sent
        self.dying: set[QueryProcess] = set()  # killed, not yet reaped
        self.tasks: set[asyncio.Task] = set()
        self.sweep: asyncio.TimerHandle | None = None
        self.closed = False

    async def start(self) -> None:
        """Start every process and wait until each holds the store."""
        loop = asyncio.get_running_loop()
        spawns = [loop.create_task(self._spawn()) for _ in range(self.size)]
        try:
            workers = await asyncio.gather(*spawns)
        except (OSError, WorkerLost, TimeoutError) as error:
            for spawn in spawns:
                spawn.cancel()
            raise StartFailed(f"the query processes did not start: {error or type(error).__name__}") from None
        for worker in workers:
            self._add(worker)

    def pids(self) -> list[int]:
        """The process ids of the query processes that hold the store."""
        return list(self.workers)

    async def ask(self, job: dict) -> tuple[dict, bytes]:
        """A worker's answer to `job` within the timeout, or Unanswered."""
        loop = asyncio.get_running_loop()
        pending = Job(frame(job), loop.time() + self.timeout, loop.create_future())
        self._dispatch(pending)
        try:
            header, body = await pending.future
        except WorkerLost as lost:
            worker = lost.args[0]
            raise Unanswered(*self._loss(await worker.ended_by())) from None
        except asyncio.CancelledError:  # the client left: stop the query
            copy = pending.copy
            if copy is not None and copy.process.sent and copy.process.sent[0] is copy:
                self._replace(copy.process)
            raise
        return header, body

    def _loss(self, cause: str) -> tuple[int, str]:
        if cause in ("SIGABRT", "SIGKILL"):
            limit = self.limits["memory"] // 2**20
            return 503, (
                f"the query process was stopped ({cause}), most likely out of memory: a query may use "
                f"{limit} MiB (serve --memory)"
            )
        return 500, f"the query crashed its process ({cause}); a new one is started"

    def _dispatch(self, job: Job, avoid: QueryProcess | None = None) -> None:
        """Send a job to the process with the least to do that can take it, else queue it."""
        now = asyncio.get_running_loop().time()
        best = None
        for worker in self.workers.values():
            waiting = len(worker.sent)
            if waiting == 0:
                best = worker
                break
            if (
                worker is not avoid
                and waiting < DEPTH
                and now - worker.head_since < SLOW
                and (best is None or waiting < len(best.sent))
            ):
                best = worker
        if best is None:
            job.copy = None  # a copy sent before is not waited for any more
            self.queue.append(job)
        else:
            self._send(best, job, now)
        self._arm()

    def _send(self, worker: QueryProcess, job: Job, now: float) -> None:
        copy = job.copy = Copy(job, worker)
        if not worker.sent:
            worker.head_since = now
        worker.sent.append(copy)
        worker.send(job.frame)

    def _answered(self, worker: QueryProcess, header: dict, body: bytes) -> None:
        """A process answered the first query it was sent: the answer goes to its job if it is
        still wanted, and the process gets the next queued jobs."""
        if not worker.sent:
            return
        copy = worker.sent.popleft()
        if copy.wanted:
            copy.job.future.set_result((header, body))
        if worker.pid not in self.workers:
            return  # replaced already: what it was sent is elsewhere
        now = asyncio.get_running_loop().time()
        worker.head_since = now
        if header.get("restart"):  # the process ends after this answer
            self._replace(worker, running=False)
            return
        while self.queue and len(worker.sent) < DEPTH:
            job = self.queue.popleft()
            if not job.future.done():
                self._send(worker, job, now)

    def _lost(self, worker: QueryProcess) -> None:
        """A process ended on its own: its first job gets the loss, the others go elsewhere."""
        if worker.pid not in self.workers:
            return
        if worker.sent and worker.sent[0].wanted:
            worker.sent[0].job.future.set_exception(WorkerLost(worker))
        self._replace(worker)

    def _replace(self, worker: QueryProcess, running: bool = True) -> None:
        """Kill a worker and start another in its place (in the background); the jobs it had not
        started (all if it was not `running` the first) go to the others."""
        if self.workers.pop(worker.pid, None) is None:
            return
        worker.kill()
        self.dying.add(worker)
        self._background(self._reap(worker))
        sent = list(worker.sent)[1 if running else 0 :]
        worker.sent.clear()
        for copy in sent:
            if copy.wanted:
                self._dispatch(copy.job, avoid=worker)
        if not self.closed:
            self._background(self._refill())

    def _arm(self) -> None:
        if self.sweep is None and not self.closed:
            self.sweep = asyncio.get_running_loop().call_later(TICK, self._sweep)

    def _sweep(self) -> None:
        """Keep the deadlines: stop queries past theirs, refuse jobs that found no process in
        time, stop work nobody waits for, move jobs away from behind slow queries."""
        self.sweep = None
        now = asyncio.get_running_loop().time()
        behind = [copy for worker in self.workers.values() for copy in list(worker.sent)[1:] if copy.wanted]
        for job in [*self.queue, *(copy.job for copy in behind)]:
            if now >= job.deadline and not job.future.done():  # it never started
                job.future.set_exception(self._busy())
        self.queue = collections.deque(job for job in self.queue if not job.future.done())
        for worker in list(self.workers.values()):
            if not worker.sent:
                continue
            head, running = worker.sent[0], now - worker.head_since
            if head.wanted and now >= head.job.deadline:
                head.job.future.set_exception(
                    Unanswered(
                        503,
                        f"the query did not finish within {self.timeout:g} s (serve --timeout), so it was stopped",
                    )
                )
                self._replace(worker)
            elif not head.wanted and running >= GRACE:
                self._replace(worker)
            elif running >= SLOW and len(worker.sent) > 1:
                for copy in list(worker.sent)[1:]:
                    if copy.wanted:
                        self._dispatch(copy.job, avoid=worker)
        if self.queue or any(worker.sent for worker in self.workers.values()):
            self._arm()

    def _busy(self) -> Unanswered:
        return Unanswered(
            503, f"all {self.size} query processes stayed busy for {self.timeout:g} s; try again later"
        )

    def _background(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _reap(self, worker: QueryProcess) -> None:
        await worker.wait()
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
                worker.kill()
            else:
                self._add(worker)
            return

    async def _spawn(self) -> QueryProcess:
        return await start(self.dataset, self.limits, self._answered, self._lost)

    def _add(self, worker: QueryProcess) -> None:
        """A process that holds the store joins the pool and takes queued jobs."""
        self.workers[worker.pid] = worker
        now = asyncio.get_running_loop().time()
        while self.queue and len(worker.sent) < DEPTH:
            job = self.queue.popleft()
            if not job.future.done():
                self._send(worker, job, now)

    async def close(self) -> None:
        """Stop every process."""
        self.closed = True
        if self.sweep is not None:
            self.sweep.cancel()
        for task in list(self.tasks):
            task.cancel()
        everyone = [*self.workers.values(), *self.dying]
        for worker in everyone:
            worker.kill()
        await asyncio.gather(*(worker.wait() for worker in everyone))
        self.workers.clear()
        self.dying.clear()
