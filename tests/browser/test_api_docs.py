"""The interactive API docs render in a real browser under the site's Content Security Policy."""

from playwright.sync_api import expect

from tests.browser.conftest import screenshot


def test_swagger_docs_render_every_operation_without_csp_violations(page, client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = sum(len(methods) for methods in schema["paths"].values())
    assert operations > 30  # the records, the organization, indicators and feedback
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto("/api/v1/docs")
    paths = page.locator(".opblock-summary-path")
    expect(paths).to_have_count(operations)
    expect(paths.filter(has_text="/api/v1/ideas/{idea_id}/transition").first).to_be_visible()
    assert not [text for text in console if "Content Security Policy" in text]
    screenshot(page, "api-docs")
