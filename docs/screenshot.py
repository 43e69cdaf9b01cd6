"""Take the README's screenshots of the explorer, exports/graph.html: the whole graph, and the
neighbourhood of NKVTS with its details (the state in the URL, as a link would give it).

    .venv/bin/python docs/screenshot.py

Uses Playwright with Debian's Chromium (`make debian-packages` installs it), like the browser tests.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SHOTS = {
    "explorer-overview.png": "",
    "explorer.png": "#sel=org%3Ankvts&focus=org%3Ankvts",
}
DRAWN = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        for name, fragment in SHOTS.items():
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto((ROOT / "exports" / "graph.html").as_uri() + fragment)
            page.wait_for_function("document.body.dataset.ready === 'true'")
            page.evaluate(DRAWN)
            page.screenshot(path=str(ROOT / "docs" / name))
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
