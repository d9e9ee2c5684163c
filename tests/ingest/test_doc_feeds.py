"""RSS and Atom feed files written here: one document per item, with title, link, date, outlet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from faultlines.ingest.documents import read_documents

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>The Border Desk</title><link>https://desk.example/</link>
<item><title>Allies argue over crossings</title><link>https://desk.example/a</link>
 <pubDate>Mon, 21 May 2018 09:00:00 GMT</pubDate><author>desk@desk.example (Ann Example)</author>
 <description>&lt;p&gt;The two allies &lt;b&gt;argued&lt;/b&gt; over who should hold the crossings.&lt;/p&gt;
 &lt;p&gt;Neither would give way.&lt;/p&gt;</description></item>
<item><title>Talks resume</title><link>https://desk.example/b</link><pubDate>Tue, 22 May 2018 07:30:00 +0300</pubDate>
 <description>Talks between the partners resumed after a day of silence.</description></item>
<item><title>Photo gallery</title><link>https://desk.example/c</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northern Wire</title><id>urn:x:wire</id>
<updated>2019-10-10T00:00:00Z</updated>
<entry><title>Offensive announced</title><id>urn:x:1</id><link href="https://wire.example/1"/>
 <published>2019-10-09T12:00:00Z</published>
 <summary>A short teaser.</summary>
 <content type="html">&lt;p&gt;The government announced an offensive across the border against a militia it calls a
 threat, and its partner in the coalition objected within hours.&lt;/p&gt;</content></entry>
</feed>"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_each_rss_item_is_a_document_and_an_empty_item_is_reported(tmp_path):
    path = write(tmp_path, "desk.rss", RSS)
    batch = read_documents([path])
    first, second = batch.documents
    assert first.text == "The two allies argued over who should hold the crossings.\nNeither would give way."
    assert (first.title, first.url, first.published_at, first.source_id, first.language) == (
        "Allies argue over crossings", "https://desk.example/a", dt.date(2018, 5, 21), "the-border-desk", "en")
    assert (second.title, second.published_at) == ("Talks resume", dt.date(2018, 5, 22))
    assert [(o.item, o.author, o.reader) for o in batch.origins.values()] == [
        (1, "desk@desk.example (Ann Example)", "documents.feed@1"), (2, None, "documents.feed@1")]
    [problem] = batch.problems
    assert (problem.code, problem.path) == ("E019", f"{path} (item 3)") and problem.line == 3
    assert [s.id for s in batch.sources] == ["the-border-desk"]


def test_atom_content_is_preferred_to_the_summary(tmp_path):
    batch = read_documents([write(tmp_path, "wire.atom", ATOM)])
    [doc] = batch.documents
    assert doc.text.startswith("The government announced an offensive") and "teaser" not in doc.text
    assert (doc.url, doc.published_at, doc.source_id) == ("https://wire.example/1", dt.date(2019, 10, 9),
                                                          "northern-wire")


def test_an_xml_file_that_is_not_a_feed_is_reported_and_the_rest_read(tmp_path):
    not_feed = write(tmp_path, "data.xml", "<?xml version='1.0'?><records><r>1</r></records>")
    broken = write(tmp_path, "broken.xml", "this is not xml at all < > &")
    good = write(tmp_path, "desk.xml", RSS)
    batch = read_documents([not_feed, broken, good])
    errors = [(p.code, p.path) for p in batch.problems if p.code != "E019"]
    assert errors == [("E018", str(not_feed)), ("E018", str(broken))]
    assert len(batch.documents) == 2
