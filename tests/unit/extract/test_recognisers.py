"""The recogniser protocol: built-ins come from entry points, and a recogniser can add channels."""

from __future__ import annotations

from importlib.metadata import EntryPoint, distributions, entry_points
from pathlib import Path

import libcst as cst
import pytest

from analyzer.config import Config
from analyzer.extract import recogniser
from analyzer.extract.builtin import BUILTIN
from analyzer.extract.expressions import dotted, last_name
from analyzer.extract.generic import GenericBus
from analyzer.extract.recogniser import (
    Recogniser,
    RecogniserError,
    interested,
    load_recognisers,
)
from analyzer.extract.source import extract
from analyzer.extract.visitor import FileVisitor
from analyzer.graph import MessageGraph
from analyzer.link import link
from analyzer.model import ChannelDecl, ChannelRef, Family, Kind, Ref, Registration, Relation, Send
from analyzer.vocabulary import Names
from tests.helpers import install_recogniser

NAMES = Names.from_config(Config())


class ToySignals(Recogniser):
    """`x = Signal()` declares an event channel; `x.send()` emits it; `x.connect(f)` subscribes f."""

    name = "toy-signals"
    markers = (b"Signal", b".send(", b".connect(")

    def on_assign(
        self, ctx: FileVisitor, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        if not (isinstance(target, cst.Name) and isinstance(value, cst.Call)):
            return
        if last_name(value.func) == "Signal":
            ctx.add_channel(
                ChannelDecl(
                    ChannelRef.literal("signal", f"{ctx.module}.{target.value}"),
                    Kind.EVENT,
                    ctx.locate(target),
                    "Signal()",
                    binding=target.value,
                )
            )

    def on_call(self, ctx: FileVisitor, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or dotted(func.value) is None:
            return
        channel = ctx.channel_ref("signal", func.value)
        if channel is None:
            return
        if func.attr.value == "send":
            ctx.add_send(
                Send(
                    Ref(None, ""),
                    ctx.sender,
                    ctx.locate(node),
                    "signal.send",
                    Family.BROADCAST,
                    "",
                    "send",
                    True,
                    channel=channel,
                )
            )
        elif func.attr.value == "connect" and node.args:
            ctx.add_registration(
                Registration(
                    Ref(None, "-"),
                    ctx.handler_ref(node.args[0].value),
                    ctx.locate(node),
                    "signal.connect",
                    Family.BROADCAST,
                    "connected to a signal",
                    channel=channel,
                )
            )


def test_builtin_recognisers_are_registered_as_entry_points() -> None:
    loaded = [type(r) for r in load_recognisers()]
    assert set(BUILTIN) <= set(loaded)
    assert loaded[-1] is GenericBus  # the fallback runs last: frameworks claim their calls first


def _only_installed_in(
    site: Path, monkeypatch: pytest.MonkeyPatch, *, with_buslint: bool = False
) -> None:
    """Entry points as Python sees them when `site` holds the only installed distributions (and,
    with `with_buslint`, buslint itself is installed too)."""
    monkeypatch.syspath_prepend(str(site))
    installed = entry_points

    def visible(group: str) -> list[EntryPoint]:
        found = [ep for d in distributions(path=[str(site)]) for ep in d.entry_points]
        found += list(installed(group=group)) if with_buslint else []
        return [ep for ep in found if ep.group == group]

    monkeypatch.setattr(recogniser, "entry_points", visible)


def test_built_ins_stay_when_buslint_runs_uninstalled_next_to_a_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = install_recogniser(tmp_path / "site", "buslint_jobs_a", "jobs.", "pass")
    _only_installed_in(site, monkeypatch)
    loaded = [r.name for r in load_recognisers()]
    builtin = sorted(cls.name for cls in BUILTIN if cls is not GenericBus)
    assert loaded == [*sorted([*builtin, "buslint_jobs_a"]), "generic"]


def test_built_ins_named_by_entry_points_are_loaded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = install_recogniser(tmp_path / "site", "buslint_jobs_b", "jobs.", "pass")
    _only_installed_in(site, monkeypatch, with_buslint=True)
    loaded = [type(r) for r in load_recognisers()]
    assert len(loaded) == len(set(loaded)) == len(BUILTIN) + 1
    assert loaded[-1] is GenericBus


def test_a_plugin_under_a_built_in_name_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = install_recogniser(tmp_path / "site", "buslint_jobs_c", "jobs.", "pass")
    entry = site / "buslint_jobs_c-1.0.dist-info" / "entry_points.txt"
    entry.write_text("[buslint.recognisers]\ncelery = buslint_jobs_c:Plugin\n")
    _only_installed_in(site, monkeypatch)
    with pytest.raises(RecogniserError, match=r"'celery'.*built-in"):
        load_recognisers()


def test_markers_select_the_recognisers_that_run() -> None:
    toy, generic = ToySignals(), GenericBus()
    assert interested([toy, generic], b"x = 1\n") == (generic,)
    assert interested([toy, generic], b"s = Signal()\n") == (toy, generic)


def test_a_recogniser_adds_channels_resolved_across_modules() -> None:
    recognisers = (GenericBus(), ToySignals())
    files = [
        extract(
            b"order_placed = Signal()\n",
            "shop/signals.py",
            "shop.signals",
            False,
            NAMES,
            recognisers,
        ),
        extract(
            b"from shop.signals import order_placed\n"
            b"def place():\n    order_placed.send(sender=None)\n",
            "shop/api.py",
            "shop.api",
            False,
            NAMES,
            recognisers,
        ),
        extract(
            b"from shop import signals\n"
            b"def email(sender, **kw): ...\n"
            b"def audit(sender, **kw): ...\n"
            b"signals.order_placed.connect(email)\n"
            b"signals.order_placed.connect(audit)\n",
            "shop/handlers.py",
            "shop.handlers",
            False,
            NAMES,
            recognisers,
        ),
    ]
    graph = MessageGraph(link(files, NAMES, Config()))
    (channel,) = graph.channels()
    assert (channel.id, channel.kind, channel.location) == (
        "channel:signal:shop.signals.order_placed",
        Kind.EVENT,
        files[0].channels[0].location,
    )
    assert {(e.source, e.relation, e.target) for e in graph.edges()} == {
        ("endpoint:shop.api.place", Relation.EMITS, channel.id),
        (channel.id, Relation.SUBSCRIBES, "endpoint:shop.handlers.email"),
        (channel.id, Relation.SUBSCRIBES, "endpoint:shop.handlers.audit"),
    }
