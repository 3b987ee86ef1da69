"""Screenshots of the demo compound on a phone, for the README.

Start Linli (`make run`), then: .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
        ).new_page()

        def shot(name: str, full: bool = False) -> None:
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)

        page.goto(BASE + "/login/")
        page.fill("#id_username", "13900000001")
        page.fill("#id_password", "linli2022")
        page.click("main button[type=submit]")
        page.wait_for_selector("a.building")
        shot("compound")
        page.click("a.building >> nth=0")
        page.wait_for_selector("a.unit")
        shot("building")
        page.click("a.unit >> nth=0")
        page.wait_for_selector("table.households")
        shot("unit")
        page.click("table.households a >> nth=0")
        page.wait_for_selector(".resident")
        page.click(".resident button.reveal >> nth=0")
        page.wait_for_timeout(300)
        shot("household", full=True)
        page.goto(BASE + "/search/?q=3-2-501")
        shot("search")
        page.goto(BASE + "/import/")
        shot("import")
        browser.close()


if __name__ == "__main__":
    main()
