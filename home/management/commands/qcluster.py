"""django-q2's `qcluster`, stopping in seconds when it is told to by SIGTERM.

SIGTERM is how systemd (to the whole process group), Docker and Kubernetes (to
the main process only) stop a service. django-q2's sentinel leaves SIGTERM to
its default action, so when the whole group gets it the sentinel dies at once,
and the main process, whose handler then sets the stop event the dead
sentinel was waiting on, blocks for ever in the event's notify (it waits for
a sleeper that will never wake); and when only the main process gets it, the
workers finish whatever follower they run, up to FOLLOW["max"] seconds.

Here the sentinel ignores SIGTERM as it ignores SIGINT, so it always lives to
run its orderly stop, and that stop first tells each worker to stop
(home.signals.worker_stop: a follower returns after its current step, any
other task finishes), then sends them the word to stop as django-q2 does.
Nothing a worker has done is lost and nothing is done twice.
"""

import contextlib
import os
import signal

from django_q import cluster
from django_q.management.commands.qcluster import Command as QclusterCommand

from home.queue import followers_resume_allow


class Sentinel(cluster.Sentinel):
    def __init__(self, stop_event, start_event, cluster_id, broker=None, timeout=None, start=True):
        super().__init__(stop_event, start_event, cluster_id, broker, timeout, start=False)
        # Inherited by the pusher and the monitor, which the stop ends in order.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if start:
            self.start()

    def stop(self):
        for process in self.pool:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGINT)
        super().stop()
        followers_resume_allow()


class Command(QclusterCommand):
    def handle(self, *args, **options):
        # Cluster.start() forks the sentinel from the class this name holds.
        cluster.Sentinel = Sentinel
        return super().handle(*args, **options)
