"""Web pages read from files written here: main text without boilerplate, meta tags, broken HTML."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest

from faultlines.ingest.documents import read_documents

PARAGRAPHS = [
    "Officials in two allied capitals traded sharp remarks on Monday over who should hold the southern "
    "border crossings, a quarrel that diplomats said had been building for weeks.",
    "One side wants every foreign unit gone from the area before any settlement; the other says its "
    "advisers were invited and will stay for as long as they are needed.",
    "Analysts who follow the alliance called the dispute the sharpest since the two began fighting on "
    "the same side, though neither government has threatened to walk away.",
]


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch):
    """Fail any test here that opens a connection to an address other than 127.0.0.1."""
    connect = socket.socket.connect

    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] != "127.0.0.1":
            raise AssertionError(f"a test tried to connect to {address}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def page(head: str = "", body_extra: str = "", lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>\n'
            '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>\n'
            f"<article><h1>Rift over the crossings</h1>\n{paragraphs}</article>{body_extra}\n"
            "<footer>Copyright The Border Desk. All rights reserved. Subscribe to our newsletter.</footer>"
            "</body></html>")


HEAD = ('<title>Rift over the crossings | The Border Desk</title>'
        '<meta property="og:site_name" content="The Border Desk">'
        '<meta name="author" content="Ann Example">'
        '<meta property="article:published_time" content="2018-05-21T09:00:00Z">'
        '<link rel="canonical" href="https://desk.example/world/rift">')


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_main_text_without_boilerplate_and_the_meta_tags(tmp_path):
    path = write(tmp_path, "rift.html", page(HEAD))
    batch = read_documents([path])
    [doc] = batch.documents
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    assert "Subscribe" not in doc.text and "Sport" not in doc.text  # footer and menu left out
    assert (doc.title, doc.published_at, doc.url) == ("Rift over the crossings", dt.date(2018, 5, 21),
                                                      "https://desk.example/world/rift")
    assert (doc.source_id, doc.language) == ("the-border-desk", "en")
    assert batch.origins[doc.id].author == "Ann Example" and batch.origins[doc.id].reader == "documents.html@1"
    assert not batch.problems


def test_a_catalogued_site_name_gives_the_outlet_its_owner_and_grade(tmp_path, syria):
    head = '<meta property="og:site_name" content="Asharq Alawsat"><title>Talks</title>'
    batch = read_documents([write(tmp_path, "a.htm", page(head))], catalogue=syria)
    assert batch.documents[0].source_id == "asharq-al-awsat"
    [source] = batch.sources
    assert (source.id, source.kind, source.actor_id, source.reliability) == (
        "asharq-al-awsat", "outlet", "saudi-arabia", "C")


def test_a_declared_legacy_charset_is_used_without_guessing(tmp_path):
    html = page().replace('charset="utf-8"', 'charset="windows-1252"').replace("Monday", "Monday in Genève")
    batch = read_documents([write(tmp_path, "latin.html", html.encode("cp1252"))])
    assert "Monday in Genève" in batch.documents[0].text
    assert batch.origins[batch.documents[0].id].encoding == "windows-1252" and not batch.problems


def test_truncated_html_does_not_crash_and_keeps_its_text(tmp_path):
    cut = page(HEAD)[: page(HEAD).index(PARAGRAPHS[2]) + 40]  # cut inside the last paragraph
    batch = read_documents([write(tmp_path, "cut.html", cut)])
    [doc] = batch.documents
    assert PARAGRAPHS[0] in doc.text and PARAGRAPHS[2][:30] in doc.text
    assert not [p for p in batch.problems if p.is_error]


def test_html_without_main_text_falls_back_to_all_text_with_a_warning(tmp_path):
    # nested deeper than libxml2 keeps: trafilatura finds nothing, nor does lxml; the tags are
    # stripped by hand and the script left out
    html = ("<html><head><title>Deep</title></head><body>" + "<div>" * 600 + "Ministers argued about the "
            "crossing." + "</div>" * 600 + "<p>Neither side gave way.</p><script>track()</script></body></html>")
    path = write(tmp_path, "deep.html", html)
    batch = read_documents([path])
    [doc] = batch.documents
    assert doc.text == "Ministers argued about the crossing. Neither side gave way." and doc.title == "Deep"
    [warning] = batch.problems
    assert (warning.code, warning.path, warning.is_error) == ("W016", str(path), False)


def test_pages_with_no_text_or_binary_bytes_are_problems_and_the_rest_read(tmp_path):
    script_only = write(tmp_path, "app.html", "<html><body><div id=app></div><script>boot()</script></body></html>")
    garbage = write(tmp_path, "garbage.html", b"<html>\x00\x01\x02\xff\xfe\x00<<<p>>>" * 50)
    good = write(tmp_path, "good.html", page(HEAD))
    batch = read_documents([script_only, garbage, good])
    assert [(p.code, p.path) for p in batch.problems] == [("E019", str(script_only)), ("E012", str(garbage))]
    assert len(batch.documents) == 1 and PARAGRAPHS[1] in batch.documents[0].text
