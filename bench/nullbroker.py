"""A django-q2 broker that drops every task: the ablation that shows what enqueueing costs.

Used only when bench/sign.py runs with --ablations (BENCH_BROKER_CLASS names it).
"""

import itertools

from django_q.brokers import Broker

_ids = itertools.count(1)


class NullBroker(Broker):
    @staticmethod
    def get_connection(list_key=None):
        return None

    def enqueue(self, task):
        return next(_ids)

    def dequeue(self):
        return None

    def queue_size(self):
        return 0

    def lock_size(self):
        return 0

    def purge_queue(self):
        return 0

    def delete_queue(self):
        return 0

    def ping(self):
        return True

    def info(self):
        return "null broker (tasks dropped)"
