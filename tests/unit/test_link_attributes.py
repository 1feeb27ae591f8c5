"""Class attributes read through self or cls: nearest binding first, then subclasses' overrides."""

from __future__ import annotations

from analyzer.config import Config
from analyzer.extract.source import extract
from analyzer.link.attributes import ClassAttributes
from analyzer.link.symbols import Symbols
from analyzer.model import Ref
from analyzer.vocabulary import Names

NAMES = Names.from_config(Config())


def attributes(files: dict[str, str]) -> ClassAttributes:
    facts = [
        extract(source.encode(), f"{module.replace('.', '/')}.py", module, False, NAMES)
        for module, source in files.items()
    ]
    return ClassAttributes(Symbols(facts))


def held(found: object) -> list[tuple[str, str | None]]:
    """(owner, the name bound) of each binding."""
    assert isinstance(found, tuple)
    return [(b.owner, b.value.dotted) for b in found]


BASE = (
    "from app.signals import seen, done\n"
    "class Base:\n"
    "    sig = seen\n"
    "    label = 'base'\n"
    "    def send(self):\n"
    "        self.sig.send(sender=self)\n"
    "class Same(Base):\n"
    "    pass\n"
    "class Finished(Base):\n"
    "    sig = done\n"
)
OTHER = "from app.base import Finished\nfrom app import signals\nclass Later(Finished):\n    sig = signals.later\n"


def test_the_nearest_binding_is_the_class_own_then_its_nearest_base() -> None:
    found = attributes({"app.base": BASE, "app.other": OTHER})
    assert found.own("app.base.Same", "sig") is None
    nearest = found.nearest("app.base.Same", "sig")
    assert nearest is not None
    assert (nearest.owner, nearest.slot, nearest.module) == (
        "app.base.Base",
        "app.base.Base.sig",
        "app.base",
    )
    assert nearest.value == Ref("seen", "seen")
    later = found.nearest("app.other.Later", "sig")
    assert later is not None and later.value.dotted == "signals.later"
    assert later.module == "app.other"  # the name is read where the subclass binds it


def test_through_self_a_base_method_sees_each_subclass_override_once() -> None:
    found = attributes({"app.base": BASE, "app.other": OTHER})
    assert held(found.through_self("app.base.Base", "sig")) == [
        ("app.base.Base", "seen"),
        ("app.base.Finished", "done"),
        ("app.other.Later", "signals.later"),
    ]
    assert held(found.through_self("app.base.Finished", "sig")) == [
        ("app.base.Finished", "done"),
        ("app.other.Later", "signals.later"),
    ]


def test_values_that_are_not_names_still_bind_and_shadow_a_base() -> None:
    found = attributes(
        {
            "app.base": BASE,
            "app.more": (
                "from django.dispatch import Signal\n"
                "from app.base import Base\n"
                "class Own(Base):\n"
                "    sig = Signal()\n"
                "    def __init__(self):\n"
                "        self.extra = Signal()\n"
            ),
        }
    )
    own = found.nearest("app.more.Own", "sig")
    assert own is not None and own.owner == "app.more.Own" and own.value.dotted is None
    extra = found.own("app.more.Own", "extra")  # a channel object bound through self
    assert extra is not None and extra.slot == "app.more.Own.extra"
    assert found.nearest("app.base.Base", "missing") is None
    assert found.through_self("app.base.Base", "missing") == ()
