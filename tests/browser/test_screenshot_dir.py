"""Where the browser tests save their screenshots (no browser needed)."""

from tests.browser.conftest import REPO, screenshot_dir


def test_screenshots_go_to_the_git_ignored_scratch_folder_by_default(monkeypatch):
    monkeypatch.delenv("TANDEM_SCREENSHOT_DIR", raising=False)
    assert screenshot_dir() == REPO / "var" / "screenshots"
    assert screenshot_dir().is_dir()


def test_a_relative_screenshot_dir_is_taken_from_the_repository_root(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # not from the current directory
    monkeypatch.setenv("TANDEM_SCREENSHOT_DIR", "docs/screenshots")
    assert screenshot_dir() == REPO / "docs" / "screenshots"


def test_an_absolute_screenshot_dir_is_created_if_missing(monkeypatch, tmp_path):
    target = tmp_path / "shots" / "new"
    monkeypatch.setenv("TANDEM_SCREENSHOT_DIR", str(target))
    assert screenshot_dir() == target
    assert target.is_dir()
