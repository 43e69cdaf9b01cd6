"""Take the README's screenshot of the explorer: exports/graph.html with measure 18a selected.

    .venv/bin/python docs/screenshot.py

Uses Playwright with Debian's Chromium (`make debian-packages` installs it), like the browser tests.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto((ROOT / "exports" / "graph.html").as_uri())
        page.wait_for_function("window.explorer && window.explorer.ready")
        page.fill("#search", "18a")
        page.press("#search", "Enter")
        page.wait_for_timeout(800)
        page.get_by_role("button", name="Fit view").click()
        page.wait_for_timeout(1200)
        page.screenshot(path=str(ROOT / "docs" / "explorer.png"))
        browser.close()


if __name__ == "__main__":
    main()
