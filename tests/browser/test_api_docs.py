"""The interactive API docs render in a real browser under the site's Content Security Policy."""

from tests.browser.conftest import screenshot


def test_swagger_docs_render_every_operation_without_csp_violations(page):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/ideas/{idea_id}/transition" in p for p in paths)
    assert len(paths) == 18
    assert not [text for text in console if "Content Security Policy" in text]
    screenshot(page, "api-docs")
