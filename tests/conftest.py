"""Shared pytest configuration. Each issue's fixtures live in a clearly marked section."""

# ---- Book and site (issue 4): the session fixture `built_site` and helpers, in tests/conftest_book.py ----
pytest_plugins = ["conftest_book"]
