"""The one way tasks are queued, and the follower's invariants (home/queue.py)."""

import signal
import threading
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction

from home.queue import Follower, task

pytestmark = pytest.mark.django_db


@task
def probe(n):
    return n


def test_a_task_is_queued_by_its_dotted_path():
    with mock.patch("home.queue.async_task") as async_task:
        probe.enqueue(7)
    async_task.assert_called_once_with("tests.home.test_queue.probe", 7)


def test_a_task_queued_on_commit_is_not_queued_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with mock.patch("home.queue.async_task") as async_task:
        with django_capture_on_commit_callbacks(execute=True):
            probe.enqueue_on_commit(1)
            assert not async_task.called, "not before the commit"
        assert async_task.call_count == 1
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            probe.enqueue_on_commit(2)
            raise RuntimeError
    assert async_task.call_count == 1


class Work:
    """A step handing out batches from a list of results (an int, None, or an exception)."""

    def __init__(self, *results):
        self.results = list(results)
        self.calls = []

    def __call__(self, *args):
        self.calls.append(args)
        result = self.results.pop(0) if self.results else 0
        if isinstance(result, Exception):
            raise result
        return result


def follower(step, **options):
    return Follower("probe", task="tests.home.test_queue.probe", step=step, full=10, **options)


@pytest.fixture
def follow_settings(settings):
    settings.FOLLOW = {**settings.FOLLOW, "pause": 0, "idle": 0, "max": 30, "retry_pause": 0}
    return settings


def test_one_follower_per_lock_and_one_per_slot():
    one, two = follower(Work()), follower(Work(), slots=2)
    with mock.patch("home.queue.async_task") as async_task:
        assert one.kick() == 1
        assert one.kick() == 0
        assert two.kick(5) == 2, "each slot its own lock"
        assert two.kick(5) == 0
        assert two.kick(6) == 2, "each set of arguments its own locks"
    assert async_task.call_count == 5
    async_task.assert_any_call("tests.home.test_queue.probe", 5, 1)


def test_full_batches_follow_at_once_and_a_last_step_runs_after_the_release(follow_settings):
    work = Work(10, 10, 3, 0)
    probe_follower = follower(work)
    lock = probe_follower.lock_key((), 0)
    cache.add(lock, 1)

    def last_step_sees_the_lock_free(*args):
        if len(work.calls) == 4:
            assert cache.get(lock) is None, "the last step runs after the release"
        return Work.__call__(work, *args)

    probe_follower.step = last_step_sees_the_lock_free
    with mock.patch("home.queue.async_task") as async_task:
        probe_follower.follow()
    assert len(work.calls) == 5
    async_task.assert_not_called()


def test_a_full_last_batch_is_handed_over(follow_settings):
    follow_settings.FOLLOW = {**follow_settings.FOLLOW, "max": 0}
    work = Work(10)
    with mock.patch("home.queue.async_task") as async_task:
        follower(work).follow()
    async_task.assert_called_once_with("tests.home.test_queue.probe", 0)


def test_work_that_is_over_stops_the_follower(follow_settings):
    work = Work(10, None)
    with mock.patch("home.queue.async_task") as async_task:
        follower(work).follow(4)
    assert work.calls == [(4,), (4,), (4,)], "two steps, and the last one after the release"
    async_task.assert_not_called()


def test_a_failing_step_is_retried_then_left_for_the_sweep(follow_settings):
    follow_settings.FOLLOW = {**follow_settings.FOLLOW, "max_failures": 2}
    work = Work(
        OSError("provider down"), OSError("again"), 3, OSError("x"), OSError("y"), OSError()
    )
    probe_follower = follower(work, retry_on=(OSError,))
    with mock.patch("home.queue._pause") as pause:
        probe_follower.follow()
    assert len(work.calls) == 6, "two failures in a row are retried; a third gives up"
    assert pause.call_count == 5, "after each failure, and after the short batch"
    assert cache.get(probe_follower.lock_key((), 0)) is None


def test_an_unexpected_error_frees_the_lock(follow_settings):
    probe_follower = follower(Work(ValueError("bug")))
    cache.add(probe_follower.lock_key((), 0), 1)
    with pytest.raises(ValueError):
        probe_follower.follow()
    assert cache.get(probe_follower.lock_key((), 0)) is None


def test_a_starting_worker_queues_every_followers_sweep_once():
    from home.queue import followers_resume

    follower(Work(), sweep="tests.home.test_queue.probe")
    with mock.patch("home.queue.async_task") as async_task:
        assert followers_resume() >= 2
        assert followers_resume() == 0, "another worker starting at the same moment"
    paths = [call.args[0] for call in async_task.call_args_list]
    assert "petitions.tasks.confirmations_sweep" in paths
    assert "tests.home.test_queue.probe" in paths
    assert len(paths) == len(set(paths))


def test_a_long_step_keeps_its_lock_alive(follow_settings):
    from home.queue import heartbeat

    seen = []

    def step():
        with mock.patch("home.queue.cache.touch") as touch:
            heartbeat()
        seen.append(touch.call_args)
        return None

    probe_follower = follower(step)
    probe_follower.follow()
    assert seen[0] == mock.call(probe_follower.lock_key((), 0), follow_settings.FOLLOW["lock"])
    with mock.patch("home.queue.cache.touch") as touch:
        heartbeat()
    touch.assert_not_called()


@pytest.fixture
def stop_flag():
    from home import queue

    yield queue
    queue._stop["requested"] = False


def test_a_follower_asked_to_stop_returns_after_its_step_and_leaves_the_rest_to_the_sweep(
    follow_settings, stop_flag
):
    follow_settings.FOLLOW = {**follow_settings.FOLLOW, "idle": 60, "pause": 60}
    work = Work(10, 10, 10)
    probe_follower = follower(work)
    lock = probe_follower.lock_key((), 0)
    cache.add(lock, 1)

    def step_then_stop(*args):
        stop_flag.stop_request()  # the worker's SIGINT or SIGTERM, during the step
        return work(*args)

    probe_follower.step = step_then_stop
    with mock.patch("home.queue.async_task") as async_task:
        probe_follower.follow()
    assert len(work.calls) == 1, "no further step, and no last step after the release"
    assert cache.get(lock) is None, "the lock is freed for the next follower or the sweep"
    async_task.assert_not_called()  # the cluster is stopping: nothing is handed over


def test_a_stop_wakes_a_follower_from_its_pause(follow_settings, stop_flag):
    follow_settings.FOLLOW = {**follow_settings.FOLLOW, "idle": 600, "pause": 600}
    work = Work(1)
    probe_follower = follower(work)
    timer = threading.Timer(0.2, stop_flag.stop_request)
    timer.start()
    finished = threading.Event()

    def follow():
        probe_follower.follow()
        finished.set()

    thread = threading.Thread(target=follow, daemon=True)
    thread.start()
    assert finished.wait(30), "the follower still sleeps out its pause"
    assert len(work.calls) == 1


def test_a_worker_told_to_stop_by_ctrl_c_stops_its_followers(stop_flag):
    from home.signals import worker_stop

    assert not stop_flag.stop_requested()
    worker_stop(signal.SIGINT, None)
    assert stop_flag.stop_requested()
