"""The one way our apps queue work with django-q2, and the task that follows a stream of work.

Queueing. Every app's `tasks.py` declares its tasks with `@task`; a caller
queues one with `tasks.name.enqueue(*primary_keys)`. Services do so only after
their transaction commits (`transaction.on_commit`, or `enqueue_on_commit`), so
a task never looks for a row that is not there yet, and a rolled-back action
queues nothing. Tasks take primary keys, reload their rows, are idempotent, and
call services; services never call a task directly.

Following. Some work arrives in bursts of many small items: a petition going
viral brings hundreds of confirmation emails and confirmations to count each
second, and a mailing is thousands of batches. Queueing one task per item cost
more than the item itself, so one task *follows* the stream instead:

    kick()  — called after commit by whoever made work; queues the follower
              unless one holds its lock.
    follow() — the follower: runs `step` while it finds work, pausing between
              small batches, until `idle` quiet seconds or `max` seconds.

Its invariants:
1. At most one follower per lock runs at a time (a cache `add` takes the lock;
   `slots` > 1 allows that many side by side, each with its own lock).
2. No work is stranded by a kick that found the lock taken: the follower's
   last step runs *after* it releases its lock, so it sees everything
   committed before any kick it swallowed; a kick after the release starts a
   new follower.
3. A follower that dies (a killed worker, a lost task) frees its lock at most
   `lock` seconds after it last touched it; it touches the lock before every
   step, and a long step touches it as it goes (`heartbeat`). Each follower
   names a sweep, which the schedules run every minute and which runs as soon
   as a worker starts (`followers_resume`): it does whatever is left older
   than `lock` seconds, so work a dead follower held waits at most that long
   once a worker is back.
4. A follower hands over: after `max` seconds, if its last step was a full
   batch, it kicks a new task rather than run on and hold a worker.
5. A `step` is idempotent and claims what it does in the database, so two
   followers (or a follower and the sweep) never do one item twice.
6. A step failing with one of `retry_on` is retried after a growing pause, up
   to FOLLOW["max_failures"] times in a row; then the follower stops and the
   sweep takes over.
7. A follower whose worker is asked to stop (`stop_request`, from the
   worker's SIGINT or SIGTERM handler in home/signals.py) returns after the
   step it is in, frees its lock, and neither runs its last step nor hands
   over: the cluster is going down, and the sweep that runs as soon as a
   worker starts again (invariant 3) does what is left. Without this a
   stopping cluster waited up to `max` seconds for its followers.

Timings are in settings.FOLLOW.
"""

import functools
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_q.tasks import async_task

logger = logging.getLogger(__name__)


def _enqueue(path, args, group):
    return async_task(path, *args, **({"group": group} if group else {}))


def task(func=None, *, group=None):
    """Declare a django-q2 task: `func.enqueue(*args)` queues it by its dotted path."""
    if func is None:
        return functools.partial(task, group=group)
    path = f"{func.__module__}.{func.__name__}"

    def enqueue(*args):
        return _enqueue(path, args, group)

    def enqueue_on_commit(*args):
        transaction.on_commit(lambda: enqueue(*args))

    func.enqueue = enqueue
    func.enqueue_on_commit = enqueue_on_commit
    func.task_path = path
    return func


_following = threading.local()

# Set in a task worker's process when it is asked to stop (invariant 7). A plain
# flag rather than a threading.Event: it is set from a signal handler, which
# must not wait for a lock the interrupted code may hold.
_stop = {"requested": False}


def stop_request():
    """Ask the followers running in this process to return after their current step."""
    _stop["requested"] = True


def stop_requested():
    return _stop["requested"]


def following():
    """Whether a follower is running in this process (or thread) right now."""
    return getattr(_following, "lock", None) is not None


def _pause(seconds):
    """Sleep, waking early (within a tenth of a second) if a stop is requested."""
    left = seconds
    while left > 0 and not _stop["requested"]:
        step = min(left, 0.1)
        time.sleep(step)
        left -= step


def heartbeat():
    """Keep the running follower's lock: for steps that may last longer than a moment."""
    lock = getattr(_following, "lock", None)
    if lock is not None:
        cache.touch(lock, settings.FOLLOW["lock"])


def followers_resume():
    """Queue every follower's sweep once: a worker (re)started, and work may be waiting.

    Returns how many sweeps were queued (none if another worker just did it).
    """
    if not cache.add("follow:resume", 1, timeout=settings.FOLLOW["lock"]):
        return 0
    sweeps = sorted({follower.sweep for follower in Follower.registry.values() if follower.sweep})
    for sweep in sweeps:
        _enqueue(sweep, (), None)
    return len(sweeps)


def followers_resume_allow():
    """Let the next worker to start queue the sweeps: a cluster stopped in order.

    Its followers returned early and left their work to those sweeps
    (invariant 7); without this a cluster restarted within FOLLOW["lock"]
    seconds would leave it for the schedules.
    """
    cache.delete("follow:resume")


def claimed_each(model, pks, *, claim, done, timeout, send):
    """`send(pk)` once for each of these rows that this task manages to claim;
    returns how many were sent.

    Each row is claimed (its `claim` time set where no claim younger than
    `timeout` holds it), sent, then marked `done`. A worker killed after sending
    and before marking leaves a claim that lapses after `timeout`: that one row
    is sent again; killed before sending, the next run sends it; none is missed.
    A failed send releases its claim for the next run, and raises. Stops between
    rows when the worker is asked to stop.
    """
    sent = 0
    for pk in pks:
        if stop_requested():
            break
        heartbeat()
        now = timezone.now()
        claimable = Q(**{f"{claim}__isnull": True}) | Q(**{f"{claim}__lt": now - timeout})
        mine = model._default_manager.filter(claimable, pk=pk, **{f"{done}__isnull": True})
        if not mine.update(**{claim: now}):
            continue  # another task holds it, or it was done meanwhile
        try:
            send(pk)
        except Exception:
            model._default_manager.filter(pk=pk).update(**{claim: None})
            raise
        model._default_manager.filter(pk=pk).update(**{done: timezone.now()})
        sent += 1
    return sent


class Follower:
    """A task that follows a stream of work (see the module's docstring for its invariants).

    Declared beside the services whose work it follows, so that they can kick
    it without importing their tasks module. `task` is the dotted path of the
    @task in the app's tasks.py that calls `follow(*args, slot=slot)`.
    `step(*args)` does one batch and returns how many items it handled, or
    None when the work it follows is over for good (a mailing sent). `full` is
    a batch's size: a step that handled that many is repeated at once. `full`
    and `slots` may be functions, for sizes read from settings when used.
    """

    registry = {}

    def __init__(self, name, *, task, step, full, slots=1, retry_on=(), group=None, sweep=None):
        self.name = name
        self.task = task
        self.step = step
        self.full = full
        self.slots = slots
        self.retry_on = tuple(retry_on)
        self.group = group
        # The @task that finds what a dead follower left (invariant 3).
        self.sweep = sweep
        Follower.registry[name] = self

    def lock_key(self, args, slot):
        return ":".join(["follow", self.name, *map(str, args), str(slot)])

    def running(self, *args):
        """Whether a follower holds one of this work's locks (or died within `lock` seconds)."""
        slots = self.slots() if callable(self.slots) else self.slots
        return any(cache.get(self.lock_key(args, slot)) for slot in range(slots))

    def kick(self, *args):
        """Queue a follower for each free slot; returns how many were queued."""
        queued = 0
        slots = self.slots() if callable(self.slots) else self.slots
        for slot in range(slots):
            if cache.add(self.lock_key(args, slot), 1, timeout=settings.FOLLOW["lock"]):
                _enqueue(self.task, (*args, slot), self.group)
                queued += 1
        return queued

    def follow(self, *args, slot=0):
        config = settings.FOLLOW
        full = self.full() if callable(self.full) else self.full
        lock = self.lock_key(args, slot)
        started = idle_since = time.monotonic()
        failures = 0
        _following.lock = lock
        try:
            while time.monotonic() - started < config["max"] and not stop_requested():
                # Touched before every step: a follower that waited in a busy
                # queue must not let its lock lapse and a second one start.
                cache.touch(lock, config["lock"])
                try:
                    done = self.step(*args)
                except self.retry_on as error:
                    failures += 1
                    if failures > config["max_failures"]:
                        logger.error("%s %s: giving up for now: %s", self.name, args, error)
                        return
                    _pause(min(config["retry_pause"] ** failures, 30))
                    continue
                failures = 0
                if done is None:
                    break
                if done:
                    idle_since = time.monotonic()
                    if done >= full:
                        continue
                elif time.monotonic() - idle_since > config["idle"]:
                    break
                _pause(config["pause"])
        finally:
            _following.lock = None
            cache.delete(lock)
        if stop_requested():
            return  # invariant 7: the sweep does what is left
        # After the release (invariant 2); a full batch is handed over (invariant 4).
        try:
            done = self.step(*args)
        except self.retry_on as error:
            logger.warning("%s %s: left for the sweep: %s", self.name, args, error)
            return
        if done is not None and done >= full:
            self.kick(*args)
