"""The command line as users drive it: outputs, options, exit codes and error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer import __version__
from tests.helpers import invoke, run_cli, write_project

SMALL = {
    "pyproject.toml": "[tool.buslint]\n",
    "shop/__init__.py": "",
    "shop/commands.py": "class Command: ...\nclass PlaceOrder(Command): ...\n",
    "shop/events.py": "class Event: ...\nclass OrderPlaced(Event): ...\n",
    "shop/api.py": (
        "from shop.commands import PlaceOrder\n"
        "from shop.events import OrderPlaced\n"
        "def place(bus):\n"
        "    bus.publish(PlaceOrder())\n"
        "    bus.send(OrderPlaced())\n"
    ),
}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_project(tmp_path, SMALL)


def test_text_output_verbatim(small: Path) -> None:
    code, out, _ = invoke(["check"], small)
    assert code == 1
    assert out == (
        "shop/api.py:4:5: BUS002 command PlaceOrder is sent with bus.publish but nothing handles"
        " it; defined at shop/commands.py:2\n"
        "shop/api.py:4:5: BUS005 command PlaceOrder is broadcast with bus.publish; a command goes"
        " point-to-point to its one handler\n"
        "shop/api.py:5:5: BUS006 event OrderPlaced is sent point-to-point with bus.send; publish"
        " events to every subscriber instead\n"
        "Found 3 findings (2 errors, 1 warning) in 4 files.\n"
    )


def test_json_output_follows_the_contract(small: Path) -> None:
    code, out, _ = invoke(["check", "--format", "json"], small)
    assert code == 1
    findings = json.loads(out)
    keys = {
        "code",
        "name",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "subject",
        "fingerprint",
        "related",
    }
    assert all(set(f) == keys for f in findings)
    first = findings[0]
    assert (first["code"], first["name"], first["severity"]) == (
        "BUS002",
        "command-without-handler",
        "error",
    )
    assert first["subject"] == ["message:shop.commands.PlaceOrder"]
    assert len({f["fingerprint"] for f in findings}) == len(findings)


def test_fingerprints_survive_lines_added_above(small: Path) -> None:
    before = {f["fingerprint"] for f in json.loads(invoke(["check", "--format", "json"], small)[1])}
    api = small / "shop" / "api.py"
    api.write_text("# a new comment\n\n" + api.read_text())
    after = {f["fingerprint"] for f in json.loads(invoke(["check", "--format", "json"], small)[1])}
    assert before == after


def test_select_and_ignore(small: Path) -> None:
    _, out, _ = invoke(["check", "--select", "BUS005,BUS006", "--ignore", "BUS006"], small)
    assert [line.split()[1] for line in out.splitlines()[:-1]] == ["BUS005"]


def test_clean_project_exits_zero(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"app.py": "print('hello')\n"})
    assert invoke(["check"], root)[:2] == (0, "All clear: no findings in 1 file.\n")


def test_exit_zero(small: Path) -> None:
    assert invoke(["check", "--exit-zero"], small)[0] == 0


def test_missing_path_is_a_usage_error(small: Path) -> None:
    result = run_cli(["check", "nowhere"], cwd=small)
    assert result.returncode == 2
    assert result.stderr == "buslint: error: nowhere: no such file or directory\n"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            "[tool.buslint]\nselcet = ['BUS001']\n",
            "[tool.buslint] selcet: unknown key; did you mean 'select'? Valid keys:",
        ),
        ("[tool.buslint]\nselect = 'BUS001'\n", "[tool.buslint] select: Input should be a valid"),
        (
            "[tool.buslint.vocabulary]\nsend-verb = ['x']\n",
            "[tool.buslint] vocabulary.send-verb: unknown key; did you mean 'send-verbs'?",
        ),
        (
            "[tool.buslint]\nselect = ['BUS999']\n",
            "[tool.buslint] select: unknown rule code 'BUS999'; valid codes: BUS000",
        ),
        ("[tool.buslint\nselect = 1\n", "is not valid TOML"),
    ],
)
def test_bad_configuration_exits_two_naming_file_and_key(
    tmp_path: Path, config: str, expected: str
) -> None:
    root = write_project(tmp_path, {"pyproject.toml": config, "a.py": "x = 1\n"})
    result = run_cli(["check"], cwd=root)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith(f"buslint: error: {root / 'pyproject.toml'}: ")
    assert expected in result.stderr


def test_missing_config_file_named_on_the_command_line(small: Path) -> None:
    result = run_cli(["check", "--config", "missing.toml"], cwd=small)
    assert result.returncode == 2
    assert "missing.toml: the configuration file does not exist" in result.stderr


def test_vocabulary_extends_the_defaults(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": (
                "[tool.buslint.vocabulary]\n"
                "extend-send-verbs = ['order_up']\n"
                "extend-command-bases = ['Instruction']\n"
            ),
            "kitchen.py": (
                "class Instruction: ...\n"
                "class Cook(Instruction): ...\n"
                "def serve(waiter):\n"
                "    waiter.order_up(Cook())\n"
            ),
        },
    )
    _, out, _ = invoke(["check"], root)
    assert "kitchen.py:4:5: BUS002 command Cook is sent with waiter.order_up" in out


def test_vocabulary_replaces_the_defaults(tmp_path: Path) -> None:
    """`send-verbs` replaces the default words, as ruff's `select` does: `dispatch` is no longer
    a send, `send` still is; `-v` shows the vocabulary in force."""
    root = write_project(
        tmp_path,
        {
            "pyproject.toml": "[tool.buslint.vocabulary]\nsend-verbs = ['send']\n",
            "shop/commands.py": "class Command: ...\nclass Pay(Command): ...\nclass Ship(Command): ...\n",
            "shop/api.py": (
                "from shop.commands import Pay, Ship\n"
                "def api(bus):\n"
                "    bus.send(Pay())\n"
                "    bus.dispatch(Ship())\n"
            ),
        },
    )
    result = run_cli(["check", "-v", "--select", "BUS002"], cwd=root)
    assert "shop/api.py:3:5: BUS002 command Pay" in result.stdout
    assert "Ship" not in result.stdout
    assert "buslint: vocabulary send-verbs: send\n" in result.stderr
    assert "buslint: vocabulary publish-verbs: broadcast emit" in result.stderr


def test_a_vocabulary_list_that_drops_every_default_is_refused(tmp_path: Path) -> None:
    """Before `extend-` lists, `send-verbs = ['order_up']` extended the defaults: such a
    configuration is refused with the way to say either meaning, not read silently."""
    root = write_project(
        tmp_path,
        {"pyproject.toml": "[tool.buslint.vocabulary]\nsend-verbs = ['order_up']\n", "a.py": ""},
    )
    result = run_cli(["check"], cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"buslint: error: {root / 'pyproject.toml'}: [tool.buslint] vocabulary.send-verbs: "
        "replaces the default words (dispatch, "
    )
    assert 'write extend-send-verbs = ["order_up"]' in result.stderr
    emptied = "[tool.buslint.vocabulary]\nsend-verbs = []\nextend-send-verbs = ['order_up']\n"
    (root / "pyproject.toml").write_text(emptied)
    assert run_cli(["check"], cwd=root).returncode == 0


def test_python_dash_m_and_version(small: Path) -> None:
    result = run_cli(["--version"], cwd=small)
    assert result.returncode == 0
    assert result.stdout == f"buslint, version {__version__}\n"


def test_rule_docs_and_list(small: Path) -> None:
    code, out, _ = invoke(["rule", "BUS001"], small)
    assert code == 0
    assert out.startswith("# BUS001 command-with-multiple-handlers\n\nDefault severity: error")
    assert "## Why is this bad?" in out
    assert invoke(["rule", "command-without-handler"], small)[1].startswith("# BUS002")
    listing = invoke(["rule", "--all"], small)[1]
    assert "BUS004  mutable-event" in listing
    result = run_cli(["rule", "BUS999"], cwd=small)
    assert result.returncode == 2 and "unknown rule 'BUS999'" in result.stderr


def test_graph_to_a_file(small: Path) -> None:
    code, _, err = invoke(["graph", "-o", "graph.json"], small)
    assert code == 0 and err == "wrote graph.json\n"
    data = json.loads((small / "graph.json").read_text())
    relations = {(e["source"], e["relation"], e["target"]) for e in data["edges"]}
    assert relations == {
        ("endpoint:shop.api.place", "emits", "message:shop.commands.PlaceOrder"),
        ("endpoint:shop.api.place", "sends", "message:shop.events.OrderPlaced"),
    }


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            '[tool.buslint]\nper-file-ignores = { "nowhere/*" = ["BUS001"] }\n',
            "[tool.buslint] per-file-ignores.nowhere/*: the glob matches no analysed file",
        ),
        ('[tool.buslint]\nsrc = ["lib"]\n', "[tool.buslint] src: 'lib' is not a folder"),
    ],
)
def test_a_glob_or_folder_that_matches_nothing_exits_two(
    tmp_path: Path, config: str, expected: str
) -> None:
    root = write_project(tmp_path, {"pyproject.toml": config, "a.py": "x = 1\n"})
    result = run_cli(["check"], cwd=root)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"buslint: error: {root / 'pyproject.toml'}: ")
    assert expected in result.stderr
