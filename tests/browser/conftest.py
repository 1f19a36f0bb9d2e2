"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

Playwright's own browser download cannot work here, so the system Chromium is launched by path. Without
it the tests are skipped with the reason, unless REQUIRE_BROWSER_TESTS=1 (CI), where that is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the test itself still talks to the database
# synchronously (factories, reading the outbox), which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


class CspWatcher:
    """Collects console errors, so a test can assert that no Content-Security-Policy violation happened."""

    def __init__(self):
        self.errors: list[str] = []

    def __call__(self, message):
        if message.type == "error":
            self.errors.append(message.text)

    @property
    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e]


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (its own cookies) and return a page with a console watcher."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, locale="en-US", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.console_watcher = CspWatcher()
        page.on("console", page.console_watcher)
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, email: str, password: str = "correct horse battery staple", lang: str = "en") -> None:
    """Log in through the real allauth form (users from tests.factories share this password)."""
    page.goto(f"/{lang}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"log-in failed for {email}"
