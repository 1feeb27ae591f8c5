"""Import roots found in the code's own imports: what counts as evidence, and what does not."""

from __future__ import annotations

from collections.abc import Mapping

from analyzer.roots import ImportRoot, infer


def roots(files: Mapping[str, str]) -> dict[str, str]:
    """Root folder → why, for a tree given as path → source."""
    found = infer(list(files), [text.encode() for text in files.values()])
    return {root.folder: root.reason for root in found}


def test_a_namespace_package_is_imported_from_the_folder_above_it() -> None:
    assert roots(
        {
            "server/app/messages/commands.py": "class ShipParcel: ...\n",
            "server/app/api.py": "from app.messages.commands import ShipParcel\n",
        }
    ) == {"server": "`from app.messages.commands import …` in server/app/api.py"}


def test_the_deepest_match_wins() -> None:
    """`ecom.eventbridge` exists below shared/src/ecom (ecom/eventbridge.py); below shared/src
    only its first segment does."""
    assert list(
        roots(
            {
                "shared/src/ecom/setup.py": "",
                "shared/src/ecom/ecom/__init__.py": "",
                "shared/src/ecom/ecom/eventbridge.py": "def ddb_to_event(): ...\n",
                "orders/src/table_update/main.py": "from ecom.eventbridge import ddb_to_event\n",
            }
        )
    ) == ["shared/src/ecom"]


def test_each_service_is_a_root_and_the_importers_own_is_preferred() -> None:
    files = {f"services/{name}/src/utils/enums.py": "class Topic: ...\n" for name in ("a", "b")}
    files["services/a/src/app.py"] = "from utils.enums import Topic\n"
    assert list(roots(files)) == ["services/a/src"]
    files["tools/report.py"] = "from utils.enums import Topic\n"  # outside both: either may be
    assert list(roots(files)) == ["services/a/src", "services/b/src"]


def test_a_lone_segment_counts_next_to_the_importer_only() -> None:
    lambda_folder = {
        "fn/orders/settings.py": "QUEUE = 'q'\n",
        "fn/orders/main.py": "import settings\n",
    }
    assert list(roots(lambda_folder)) == ["fn/orders"]
    elsewhere = {"lib/settings.py": "QUEUE = 'q'\n", "fn/orders/main.py": "import settings\n"}
    assert roots(elsewhere) == {}
    named = {
        "lib/settings.py": "QUEUE = 'q'\n",
        "fn/orders/main.py": "from settings import QUEUE\n",
    }
    assert list(roots(named)) == ["lib"], "a name the module defines confirms the match"
    stdlib = {"fn/orders/logging.py": "x = 1\n", "fn/orders/main.py": "import logging\n"}
    assert roots(stdlib) == {}, "a lone segment named like the standard library is the library"


def test_a_package_is_never_a_root_and_a_file_never_imports_itself() -> None:
    """A Django project's proj/celery.py imports the library it shadows."""
    assert (
        roots(
            {
                "proj/__init__.py": "from .celery import app\n",
                "proj/celery.py": "from celery import Celery\napp = Celery('proj')\n",
                "proj/tasks.py": "from celery import shared_task\n",
            }
        )
        == {}
    )
    assert roots({"tools/celery.py": "from celery import Celery\nCelery()\n"}) == {}


def test_import_lines_are_read_in_every_form() -> None:
    files = {
        "src/shop/__init__.py": "",
        "src/shop/orders.py": "class Place: ...\nclass Cancel: ...\n",
        "src/api.py": (
            '"""Docs."""\n'
            "from __future__ import annotations\n"
            "import os, sys as system  # comment\n"
            "from . import sibling\n"
            "if True:\n"
            "    from shop.orders import (\n"
            "        Place as P,\n"
            "        Cancel,\n"
            "    )\n"
        ),
    }
    assert roots(files) == {"src": "`from shop.orders import …` in src/api.py"}
    files["src/api.py"] = "x = 1; import shop.orders\n"  # not at the start of a line: unread
    assert roots(files) == {}


def test_roots_are_sorted_and_the_project_root_is_a_dot() -> None:
    found = infer(
        ["shop/orders.py", "shop/api.py", "tests/test_api.py"],
        [b"class Place: ...\n", b"from shop.orders import Place\n", b"from shop.api import x\n"],
    )
    assert found == (ImportRoot(".", "`from shop.orders import …` in shop/api.py"),)
