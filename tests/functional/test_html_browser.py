"""The HTML export in a real headless Chromium: loads cleanly, search and clicks work, it draws."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES, invoke
from tests.unit.export.hostile import NASTY

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="needs chromium and chromedriver (apt install chromium chromium-driver)",
)

webdriver = pytest.importorskip("selenium.webdriver", reason="needs the dev extra selenium")
Image = pytest.importorskip("PIL.Image", reason="needs the dev extra pillow")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def export_html(project: Path, target: Path) -> Path:
    code, _, err = invoke(["graph", "--format", "html", "-o", str(target)], project)
    assert code == 0, err
    return target


def severe_console_messages(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_the_shop_page_loads_searches_highlights_and_draws(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    page = export_html(FIXTURES / "shop", tmp_path / "shop.html")
    graph = json.loads(invoke(["graph", "--format", "json"], FIXTURES / "shop")[1])
    placed = "message:shop.domain.events.OrderPlaced"
    incident = {
        (e["source"], e["target"], e["relation"])
        for e in graph["edges"]
        if placed in (e["source"], e["target"])
    }
    events = [n for n in graph["nodes"] if n.get("kind") == "event" and n["type"] == "message"]
    driver.get(page.as_uri())
    assert severe_console_messages(driver) == []
    nodes = driver.find_elements(By.CSS_SELECTOR, "g.node")
    assert len(nodes) == len(graph["nodes"])

    search = driver.find_element(By.ID, "search")
    search.send_keys("OrderPlaced")
    matches = driver.find_elements(By.CSS_SELECTOR, "g.node.match")
    assert [m.get_attribute("data-id") for m in matches] == [
        "message:shop.domain.events.OrderPlaced"
    ]
    assert driver.find_element(By.ID, "search-count").text == "1 match"
    assert len(driver.find_elements(By.CSS_SELECTOR, "g.node.faded")) == len(nodes) - 1

    matches[0].click()
    details = driver.find_element(By.ID, "details").text
    assert "Producers" in details and "shop.domain.model.Order.place emits" in details
    assert "shop/entrypoints/api.py:29 (bus.send)" in details
    assert "Consumers" in details and "shop.notifications.subscribers.send_confirmation" in details
    lit = driver.find_elements(By.CSS_SELECTOR, "path.edge.lit")
    assert len(lit) == len(incident)

    box = driver.find_element(By.CSS_SELECTOR, 'input.kind-filter[value="event"]')
    box.click()
    hidden = driver.find_elements(By.CSS_SELECTOR, "g.node.role-event.hidden")
    assert len(hidden) == len(events)
    box.click()
    Select(driver.find_element(By.ID, "context")).select_by_value("shop.notifications")
    shown = driver.find_elements(By.CSS_SELECTOR, "g.node:not(.hidden)")
    assert sorted(g.get_attribute("data-id") for g in shown) == [
        "endpoint:shop.notifications.subscribers.send_confirmation",
        "endpoint:shop.notifications.subscribers.send_tracking",
        "message:shop.domain.events.OrderPlaced",
        "message:shop.domain.events.OrderShipped",
    ]
    Select(driver.find_element(By.ID, "context")).select_by_value("")
    driver.find_element(By.ID, "fit").click()
    widths = driver.execute_script(
        "return [document.getElementById('graph').getBoundingClientRect().width,"
        " document.getElementById('canvas').clientWidth]"
    )
    assert widths[0] <= widths[1] + 1
    assert severe_console_messages(driver) == []

    png = driver.get_screenshot_as_png()
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size[0] >= 1000
    low, high = image.getextrema()
    colours = sum(1 for count in image.histogram() if count)
    assert high - low > 100 and colours > 20, "the screenshot is blank"


def test_hostile_names_stay_text_in_the_browser(browser: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    project = tmp_path / "hostile"
    (project / "app").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.buslint]\n")
    (project / "app" / "__init__.py").write_text("")
    (project / "app" / "api.py").write_text(
        "def place(bus):\n    bus.send(MESSAGES[" + repr(NASTY) + "]())\n", encoding="utf-8"
    )
    driver = browser
    driver.get(export_html(project, tmp_path / "hostile.html").as_uri())
    assert severe_console_messages(driver) == []
    with pytest.raises(NoAlertPresentException):  # the embedded <script>alert(…) never ran
        _ = driver.switch_to.alert
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 2
    names = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "g.node text.name")]
    assert any("</script><script>alert" in name for name in names)
