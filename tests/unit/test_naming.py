"""Module names from import roots: unique in the tree, resolved in the importer's own root first."""

from __future__ import annotations

from pathlib import Path

from analyzer import app
from analyzer.discover import discover
from analyzer.model import Relation
from analyzer.naming import CONFIGURED, name_modules
from tests.helpers import graph_of, write_project

SERVICE = {
    "app/__init__.py": "",
    "app/messages.py": "class Event: ...\nclass Created(Event): ...\n",
    "app/handlers.py": "from app.messages import Created\ndef on_created(event: Created): ...\n",
    "app/wiring.py": (
        "from app import handlers, messages\n"
        "EVENT_HANDLERS = {messages.Created: [handlers.on_created]}\n"
    ),
}


def two_services(root: Path, config: str = "[tool.buslint]\n") -> Path:
    files = {"pyproject.toml": config}
    for name in ("orders", "billing"):
        files.update({f"services/{name}/src/{path}": text for path, text in SERVICE.items()})
    files["services/orders/src/app/api.py"] = (
        "from app.messages import Created\ndef create(bus):\n    bus.publish(Created())\n"
    )
    return write_project(root, files)


def names(root: Path) -> dict[str, tuple[str, str, str]]:
    """Path → (module, import name, root) as the run names them."""
    project = app.load_project([root])
    sources = discover(project.paths, project.root, project.config)
    datas = [s.absolute.read_bytes() for s in sources]
    named = name_modules(sources, datas, project.root, project.config).sources
    return {s.path: (s.module, s.import_name, s.root) for s in named}


def test_colliding_import_names_are_named_by_path_and_keep_their_import_name(
    tmp_path: Path,
) -> None:
    found = names(two_services(tmp_path))
    assert found["services/orders/src/app/handlers.py"] == (
        "services.orders.src.app.handlers",
        "app.handlers",
        "services/orders/src",
    )
    assert found["services/billing/src/app/__init__.py"] == (
        "services.billing.src.app",
        "app",
        "services/billing/src",
    )
    assert found["services/orders/src/app/api.py"] == ("app.api", "", "services/orders/src")


def test_each_service_resolves_its_own_modules(tmp_path: Path) -> None:
    graph = graph_of(two_services(tmp_path))
    subscribes = {(e.source, e.target) for e in graph.edges(Relation.SUBSCRIBES)}
    assert subscribes == {
        (
            f"message:services.{name}.src.app.messages.Created",
            f"endpoint:services.{name}.src.app.handlers.on_created",
        )
        for name in ("orders", "billing")
    }
    emits = {(e.source, e.target) for e in graph.edges(Relation.EMITS)}
    assert emits == {
        ("endpoint:app.api.create", "message:services.orders.src.app.messages.Created")
    }


def test_configured_src_keeps_priority(tmp_path: Path) -> None:
    """`src` names the roots below it; files elsewhere are still named from the roots found."""
    root = two_services(tmp_path, '[tool.buslint]\nsrc = ["services"]\n')
    write_project(root, {"tools/lib/report.py": "", "tools/run.py": "from lib import report\n"})
    found = names(root)
    assert found["services/orders/src/app/handlers.py"] == (
        "orders.src.app.handlers",
        "",
        "services",
    )
    assert found["tools/lib/report.py"] == ("lib.report", "", "tools")
    project = app.load_project([root])
    sources = discover(project.paths, project.root, project.config)
    naming = name_modules(
        sources, [s.absolute.read_bytes() for s in sources], project.root, project.config
    )
    assert [(r.folder, r.reason) for r in naming.roots] == [
        ("services", CONFIGURED),
        ("tools", "`from lib import …` in tools/run.py"),
    ]


def test_relative_imports_and_task_names_use_the_import_name(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint]\n",
            "server/app/events.py": "class Event: ...\nclass Done(Event): ...\n",
            "server/app/jobs.py": (
                "from celery import shared_task\n"
                "from .events import Done\n"
                "@shared_task\ndef finish(bus):\n    bus.publish(Done())\n"
            ),
            "server/app/api.py": (
                "from app.jobs import finish\ndef go(app_):\n    app_.send_task('app.jobs.finish')\n"
            ),
        },
    )
    graph = graph_of(root)
    assert ("endpoint:app.jobs.finish", "message:app.events.Done") in {
        (e.source, e.target) for e in graph.edges(Relation.EMITS)
    }
    assert ("channel:celery:app.jobs.finish", "endpoint:app.jobs.finish") in {
        (e.source, e.target) for e in graph.edges(Relation.HANDLES)
    }


def test_a_module_is_also_importable_from_a_root_around_its_own(tmp_path: Path) -> None:
    """The src layout makes `src/pkg/x.py` the module `pkg.x`; a test importing it as
    `src.pkg.x` (the project root on its path) reaches the same module."""
    graph = graph_of(
        write_project(
            tmp_path,
            {
                "pyproject.toml": "[tool.buslint]\n",
                "src/pkg/__init__.py": "",
                "src/pkg/commands.py": "class Command: ...\nclass Go(Command): ...\n",
                "tests/test_go.py": (
                    "from src.pkg.commands import Go\ndef test(bus):\n    bus.send(Go())\n"
                ),
            },
        )
    )
    assert ("endpoint:tests.test_go.test", "message:pkg.commands.Go") in {
        (e.source, e.target) for e in graph.edges(Relation.SENDS)
    }
