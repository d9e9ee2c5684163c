"""Plain-text and Markdown documents on files written here: header blocks, encodings, folders, caps.

Every text in this file is written for these tests; the founding article is only read from
../shared, never copied.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from faultlines.ingest.documents import MAX_FILE_BYTES, read_documents
from faultlines.ingest.textmeta import detect_language, split_header

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "fractures-post-isis-syria-2018.txt"

BODY = ("The two allied delegations left the talks early on Tuesday.\n\n"
        "A spokesman for one side said the other had broken its word on the crossings.")


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def codes(batch) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in batch.problems]


def test_a_header_block_gives_the_metadata_and_the_body_is_the_text(tmp_path):
    header = ("Title: Talks end early\nDate: 2018-05-22\nOutlet: The Border Desk\nAuthor: A. Writer\n"
              "URL: https://desk.example/talks\nLanguage: EN\n\n")
    path = write(tmp_path, "talks.txt", header + BODY + "\n")
    batch = read_documents([path])
    [doc] = batch.documents
    assert doc.text == BODY  # exactly the body: spans index into it
    assert (doc.title, doc.published_at, doc.url) == ("Talks end early", dt.date(2018, 5, 22),
                                                      "https://desk.example/talks")
    assert (doc.source_id, doc.language) == ("the-border-desk", "en")
    assert [(s.id, s.name, s.kind) for s in batch.sources] == [("the-border-desk", "The Border Desk", "outlet")]
    origin = batch.origins[doc.id]
    assert (origin.path, origin.author, origin.encoding, origin.reader) == (
        str(path), "A. Writer", "utf-8", "documents.text@1")
    assert not batch.problems


def test_a_catalogued_outlet_gives_its_source_and_other_names_a_slug(tmp_path, syria):
    note = write(tmp_path, "a.txt", "Outlet: Al Hayat newspaper\n\n" + BODY)
    state = write(tmp_path, "b.txt", "Outlet: Iran\n\nA different text, sourced to a name that is a state.")
    batch = read_documents([note, state], catalogue=syria)
    assert [d.source_id for d in batch.documents] == ["al-hayat", "outlet-iran"]
    hayat, iran = batch.sources
    assert (hayat.name, hayat.actor_id, hayat.reliability) == ("Al-Hayat", "saudi-arabia", "C")
    assert (iran.name, iran.kind, iran.actor_id, iran.reliability) == ("Iran", "outlet", None, None)  # not the state


def test_a_block_with_an_unknown_key_is_no_header_and_stays_in_the_text(tmp_path):
    text = "Title: Talks end early\nMood: grim\n\n" + BODY
    [doc] = read_documents([write(tmp_path, "a.txt", text)]).documents
    assert doc.text == text and doc.title is None


def test_markdown_front_matter_and_a_heading_title(tmp_path):
    front = "---\ntitle: From the front matter\ndate: 2017-11\n---\n\n" + BODY
    heading = "# A heading as title\n\n" + BODY
    batch = read_documents([write(tmp_path, "a.md", front), write(tmp_path, "b.md", heading)])
    first, second = batch.documents
    assert (first.title, first.published_at, first.text) == ("From the front matter", dt.date(2017, 11, 1), BODY)
    assert (second.title, second.text) == ("A heading as title", heading)


def test_line_endings_do_not_change_the_document(tmp_path):
    lf = write(tmp_path, "lf.txt", "Title: Same\n\n" + BODY)
    crlf = write(tmp_path, "crlf.txt", ("Title: Same\n\n" + BODY).replace("\n", "\r\n"))
    batch = read_documents([lf, crlf])
    assert len(batch.documents) == 1 and batch.documents[0].text == BODY  # one text, one id


def test_a_date_that_is_not_understood_is_a_warning(tmp_path):
    batch = read_documents([write(tmp_path, "a.txt", "Date: the other week\n\n" + BODY)])
    assert batch.documents[0].published_at is None
    assert codes(batch) == [("W013", str(tmp_path / "a.txt"))]


def test_a_latin_1_file_is_read_with_a_warning(tmp_path):
    text = ("Le ministre a déclaré à Genève que les négociations étaient suspendues jusqu'à nouvel ordre, "
            "faute d'accord sur le retrait des forces étrangères.")
    path = write(tmp_path, "latin.txt", text.encode("latin-1"))
    batch = read_documents([path])
    [doc] = batch.documents
    assert doc.text == text and doc.language == "fr"
    assert batch.origins[doc.id].encoding == "cp1252"  # the superset of Latin-1 for these letters
    [warning] = batch.problems
    assert (warning.code, warning.path, warning.is_error) == ("W012", str(path), False)


def test_an_undecodable_file_is_reported_with_its_path_and_the_rest_read(tmp_path):
    good = write(tmp_path, "docs/good.txt", BODY)
    other = write(tmp_path, "docs/sub/other.md", "Another note on the quarrel between the allies.")
    binary = write(tmp_path, "docs/binary.txt", random.Random(4).randbytes(4000) + b"\x00\x00")
    batch = read_documents([tmp_path / "docs"])
    assert sorted(d.text for d in batch.documents) == sorted([BODY, "Another note on the quarrel between the allies."])
    [problem] = batch.problems
    assert (problem.code, problem.path) == ("E012", str(binary))
    assert str(binary) in problem.text and "not UTF-8" in problem.text
    assert good.exists() and other.exists()


def test_folders_are_read_recursively_skipping_hidden_and_unknown_files(tmp_path):
    write(tmp_path, "in/a.txt", "First text about the alliance and its troubles.")
    write(tmp_path, "in/deep/er/b.md", "Second text about the alliance and its troubles.")
    write(tmp_path, "in/.hidden/c.txt", "Hidden text that must not be read at all.")
    write(tmp_path, "in/image.png", b"\x89PNG\r\n")
    batch = read_documents([tmp_path / "in"])
    assert [d.text.split()[0] for d in batch.documents] == ["First", "Second"]
    assert not batch.problems


def test_missing_paths_unknown_kinds_empty_and_huge_files_are_problems(tmp_path):
    unknown = write(tmp_path, "table.csv", "a,b\n")
    empty = write(tmp_path, "empty.txt", "\n\n  \n")
    huge = write(tmp_path, "huge.txt", "word " * 100)
    good = write(tmp_path, "good.txt", BODY)
    batch = read_documents([tmp_path / "nowhere.txt", unknown, empty, huge, good], max_bytes=300)
    assert codes(batch) == [("E010", str(tmp_path / "nowhere.txt")), ("E020", str(unknown)),
                            ("E019", str(empty)), ("E016", str(huge))]
    assert "500 bytes, over the cap of 300" in batch.problems[3].text
    assert [d.text for d in batch.documents] == [BODY]
    assert MAX_FILE_BYTES == 10_000_000  # the documented default (docs/readers.md)


def test_the_founding_article_reads_whole_and_spans_index_into_it(shared):
    batch = read_documents([SEED])
    [doc] = batch.documents
    raw = SEED.read_text(encoding="utf-8").replace("\r\n", "\n").strip()
    assert doc.text == raw and doc.language == "en" and not batch.problems
    start = doc.text.index("Sky News Arabia")
    assert doc.text[start:start + len("Sky News Arabia")] == "Sky News Arabia"


SHORT_ENGLISH = ["Iran and Russia disagree.", "Ankara said no to the plan.", "The SDF rejected the deal.",
                 "Turkey threatened to send troops.", "Putin met Assad in Sochi on Thursday.",
                 "Hezbollah fighters withdrew from the border.", "Washington backed the Kurdish-led force."]


def test_language_detection_is_restricted_so_short_english_is_english():
    assert [detect_language(t) for t in SHORT_ENGLISH] == ["en"] * len(SHORT_ENGLISH)
    # why the restriction: the unrestricted model calls some of these Frisian, Pidgin, Kurdish ...
    full = LanguageIdentifier.from_modelpath(Path(MODEL_DIR) / MODEL_FILE, norm_probs=True)
    assert {full.classify(t)[0] for t in SHORT_ENGLISH} != {"en"}


def test_language_detection_of_other_languages_and_too_little_text():
    assert detect_language("Die Regierung hat die Gespräche über den Rückzug abgelehnt.") == "de"
    assert detect_language("رفضت الحكومة الاتفاق بشأن انسحاب القوات من المنطقة") == "ar"
    assert detect_language("Правительство отказалось от переговоров о выводе войск.") == "ru"
    assert detect_language("Ok, no.") is None and detect_language("1234 5678") is None


_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
_VALUES = st.text(_CHARS, min_size=1, max_size=30).map(str.strip).filter(
    lambda v: v and v[0] not in "\"'" and v[-1] not in "\"'")  # surrounding quotes are taken off
_BODIES = st.text(min_size=1, max_size=200).map(lambda t: t.replace("\r", "").strip("\n").rstrip()).filter(str.strip)


@settings(max_examples=200, deadline=None)
@given(title=_VALUES, outlet=_VALUES, body=_BODIES)
def test_header_and_body_round_trip(title, outlet, body):
    header, got = split_header(f"Title: {title}\nOutlet: {outlet}\n\n{body}\n")
    assert header == {"title": title, "outlet": outlet} and got == body
