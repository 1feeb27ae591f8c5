"""Framework recognisers on small projects: what reaches the graph, and what must not."""

from __future__ import annotations

from pathlib import Path

from analyzer.model import Relation
from tests.helpers import graph_of, write_project


def _edges(root: Path) -> set[tuple[str, str, str]]:
    return {(e.source, e.relation.value, e.target) for e in graph_of(root).edges()}


def test_a_signal_declared_on_a_base_class_is_reached_through_self_in_a_subclass(
    tmp_path: Path,
) -> None:
    root = write_project(
        tmp_path,
        {
            "app/views.py": (
                "from django.dispatch import Signal\n"
                "class BaseView:\n"
                "    finished = Signal()\n"
                "class OrderView(BaseView):\n"
                "    def post(self):\n"
                "        self.finished.send(sender=self.__class__)\n"
            ),
            "app/receivers.py": (
                "from app.views import BaseView\n"
                "def log(sender, **kwargs): ...\n"
                "BaseView.finished.connect(log)\n"
            ),
        },
    )
    channel = "channel:signal:app.views.BaseView.finished"
    assert _edges(root) == {
        ("endpoint:app.views.OrderView.post", "emits", channel),
        (channel, "subscribes", "endpoint:app.receivers.log"),
    }


def test_delay_and_connect_on_objects_that_are_not_tasks_or_signals_leave_no_trace(
    tmp_path: Path,
) -> None:
    root = write_project(
        tmp_path,
        {
            "app/timing.py": (
                "class Backoff:\n"
                "    def delay(self, n): return n\n"
                "backoff = Backoff()\n"
                "class Pool:\n"
                "    def connect(self, fn): ...\n"
                "    def send(self, sender=None, **kw): ...\n"
                "pool = Pool()\n"
            ),
            "app/use.py": (
                "from app.timing import backoff, pool\n"
                "def on_ready(): ...\n"
                "def run():\n"
                "    backoff.delay(3)\n"
                "    pool.connect(on_ready)\n"
                "    pool.send(sender=None, x=1)\n"
            ),
        },
    )
    graph = graph_of(root)
    assert list(graph.channels()) == []
    assert list(graph.model.unknowns) == []
    assert list(graph.edges(Relation.SENDS, Relation.EMITS, Relation.SUBSCRIBES)) == []


def test_a_celery_task_called_from_another_module_reaches_its_task_name(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "proj/tasks.py": (
                "from celery import shared_task\n@shared_task\ndef charge(order_id): ...\n"
            ),
            "proj/api.py": (
                "from proj import tasks\n"
                "def pay(order_id):\n"
                "    tasks.charge.apply_async((order_id,), countdown=5)\n"
            ),
        },
    )
    channel = "channel:celery:proj.tasks.charge"
    assert _edges(root) == {
        ("endpoint:proj.api.pay", "sends", channel),
        (channel, "handles", "endpoint:proj.tasks.charge"),
    }


def test_a_channel_name_read_through_self_is_each_concrete_class_constant(
    tmp_path: Path,
) -> None:
    """Not a signals special case: any recogniser's channel name may be a class attribute read
    through self or cls, resolved per class (the base's method runs for each subclass)."""
    root = write_project(
        tmp_path,
        {
            "app/jobs.py": (
                "from app.worker import celery\n"
                "class Job:\n"
                "    task_name = 'jobs.base'\n"
                "    def run(self):\n"
                "        celery.send_task(self.task_name)\n"
                "class Resize(Job):\n"
                "    task_name = 'jobs.resize'\n"
                "class Crop(Resize):\n"
                "    @classmethod\n"
                "    def later(cls):\n"
                "        celery.send_task(cls.task_name)\n"
            ),
            "app/worker.py": "from celery import Celery\ncelery = Celery()\n",
        },
    )
    sends = {(s, t) for s, r, t in _edges(root) if r == "sends"}
    assert sends == {
        ("endpoint:app.jobs.Job.run", "channel:celery:jobs.base"),
        ("endpoint:app.jobs.Job.run", "channel:celery:jobs.resize"),
        ("endpoint:app.jobs.Crop.later", "channel:celery:jobs.resize"),
    }
