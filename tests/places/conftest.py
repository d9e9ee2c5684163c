"""One extractor and the founding article, as in tests/extract (the same fixtures, reused)."""

from tests.extract.conftest import extractor, seed, seed_doc  # noqa: F401 - pytest fixtures
