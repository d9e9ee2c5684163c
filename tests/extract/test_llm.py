"""The LLM extractor against a real chat-completions server started here on 127.0.0.1.

The server is a test double for a third-party OpenAI-compatible server (vLLM, llama.cpp,
Ollama): it checks each request's shape, reads the text out of the prompt and answers with claims
computed from that text by a few fixed patterns. The model name picks its behaviour, as a
different model would behave differently: ``reader`` answers faithfully; ``inventor`` also
invents and paraphrases evidence; ``broken`` answers text that is not JSON; ``fenced`` wraps JSON
in a Markdown fence; ``error500``, ``flaky``, ``slow`` and ``garbage`` misbehave at the HTTP level.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from faultlines.errors import ExtractorError
from faultlines.extract.chat import ChatConfig
from faultlines.extract.llm import RELATION_GLOSSES, SYSTEM_PROMPT, TEXT_CLOSE, TEXT_OPEN, LLMExtractor, chunks
from faultlines.ingest import ingest
from faultlines.model import RELATION_MAPPING, RELATIONS, Document

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2024, 3, 9)
# Our own wording, about invented groups (and two real states the world catalogue knows).
TEXT = ("Northern Shield attacked Valley Front near the river crossing on 3 March 2024.\n"
        "Valley Front accused Northern Shield of burning the grain store, according to Lake Radio.\n"
        "Chad met Niger in a border town to talk about the refugees.\n"
        "“We will answer every raid on our villages,” said Idriss Kanembou. "
        "Niger backed Chad in the dispute over the wells.")
VERBS = {"attacked": "assault", "accused": "accuse", "met": "consult", "backed": "support", "threatened": "threaten"}
NAME = r"((?:[A-Z][a-z]+ ?)+)"
CLAIM = re.compile(rf"{NAME} ({'|'.join(VERBS)}) (?:the )?{NAME}(?=[ .,])")
QUOTE = re.compile(rf"“([^”]+?),?” said {NAME}(?=[ .,])")
CITED = re.compile(rf"according to {NAME}(?=[ .,])")


def respond(text: str) -> dict:
    """What a faithful model says about ``text``: claims, quotes and attributions by fixed patterns."""
    answer: dict = {"actors": [], "claims": [], "quotes": [], "attributions": []}
    names: set[str] = set()
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        cited = CITED.search(sentence)
        if cited:
            answer["attributions"].append({"cue": cited.group(0), "source": cited.group(1).strip()})
            names.add(cited.group(1).strip())
        for m in CLAIM.finditer(sentence):
            a, b = m.group(1).strip(), m.group(3).strip()
            names |= {a, b}
            answer["claims"].append({"source": a, "target": b, "relation": VERBS[m.group(2)], "modality": "asserted",
                                     "partners": False, "attributed_to": cited.group(1).strip() if cited else None,
                                     "evidence": sentence})
        for m in QUOTE.finditer(sentence):
            answer["quotes"].append({"text": m.group(1), "speaker": m.group(2).strip()})
            names.add(m.group(2).strip())
    answer["actors"] = [{"name": n, "kind": "group", "aliases": []} for n in sorted(names)]
    return answer


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        state = self.server.state  # type: ignore[attr-defined]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        problem = _shape_problem(self.path, body)
        if problem:
            return self._send(400, json.dumps({"error": {"message": problem}}).encode())
        state["requests"].append({"body": body, "authorization": self.headers.get("Authorization")})
        model = body["model"]
        n = sum(1 for r in state["requests"] if r["body"]["model"] == model)
        if model == "error500" or (model == "flaky" and n == 1):
            return self._send(500, b'{"error": {"message": "out of memory"}}')
        if model == "slow":
            time.sleep(1.0)
        if model == "garbage":
            return self._send(200, b"<html><body>Welcome to nginx!</body></html>", "text/html")
        prompt = body["messages"][-1]["content"]
        text = prompt[prompt.index(TEXT_OPEN) + len(TEXT_OPEN):prompt.rindex(TEXT_CLOSE)]
        state["chunks"].append(text)
        answer = respond(text)
        if model == "inventor":
            answer["claims"] += [
                {"source": "Chad", "target": "Niger", "relation": "assault", "modality": "asserted", "partners": False,
                 "attributed_to": None, "evidence": "Chad shelled Niger's border posts overnight."},   # invented
                {"source": "Valley Front", "target": "Northern Shield", "relation": "threaten", "modality": "future",
                 "partners": False, "attributed_to": None,
                 "evidence": "Valley Front accused Northern Shield of torching the grain store"},     # paraphrased
                {"source": "Idriss Kanembou", "target": "Northern Shield", "relation": "threaten",
                 "modality": "future", "partners": False, "attributed_to": None,                      # straight quotes
                 "evidence": '"We will answer every raid on our villages," said Idriss Kanembou.'},
                {"source": "Chad", "target": "Niger", "relation": "befriend", "modality": "asserted",
                 "partners": False, "attributed_to": None, "evidence": "Niger backed Chad in the dispute over the wells."},
                {"source": "Chad", "target": "Northern Alliance", "relation": "assault", "modality": "asserted",
                 "partners": False, "attributed_to": None, "evidence": "Niger backed Chad in the dispute over the wells."}]
        content = json.dumps(answer)
        if model == "broken":
            content = content[: len(content) // 2]
        elif model == "fenced":
            content = f"```json\n{content}\n```"
        self._send(200, json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "model": model, "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}).encode())

    def _send(self, code: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def _shape_problem(path: str, body: dict) -> str | None:
    """Why a request is not a chat completion request (a real server answers 400), or None."""
    if not path.endswith("/v1/chat/completions"):
        return f"no route {path}"
    if not isinstance(body.get("model"), str) or not isinstance(body.get("messages"), list) or not body["messages"]:
        return "model and messages are required"
    if any(set(m) != {"role", "content"} or m["role"] not in ("system", "user", "assistant")
           or not isinstance(m["content"], str) for m in body["messages"]):
        return "each message needs a role and a text content"
    fmt = body.get("response_format", {})
    if fmt.get("type") == "json_schema":
        schema = fmt["json_schema"]["schema"]
        if fmt["json_schema"].get("strict") and set(schema["required"]) != set(schema["properties"]):
            return "strict schemas must require every property"
    elif fmt.get("type") != "json_object":
        return "response_format must ask for JSON"
    return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # a client that gave up on /slow
        pass


@pytest.fixture()
def server(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # 127.0.0.1 directly, never through a proxy
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.state = {"requests": [], "chunks": []}  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", httpd.state  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


def make(syria, url: str, model: str, **options) -> LLMExtractor:
    return LLMExtractor(syria, ChatConfig(url, model, **{"api_key": "", "backoff": 0.01, **options}))


def test_claims_carry_exact_spans_linked_actors_and_the_vocabulary(syria, server):
    url, state = server
    doc = Document(TEXT, published_at=DAY)
    result = make(syria, url, "reader", api_key="sekret").extract(doc)
    pairs = {(c.source_actor, c.relation, c.target_actor) for c in result.claims}
    assert pairs == {("provisional-northern-shield", "assault", "provisional-valley-front"),
                     ("provisional-valley-front", "accuse", "provisional-northern-shield"),
                     ("chad", "consult", "niger"), ("niger", "support", "chad")}
    for claim in result.claims:
        [span] = claim.evidence
        assert TEXT[span.start:span.end] in TEXT.split("\n") or TEXT[span.start:span.end].startswith("Niger backed")
        assert (claim.polarity, claim.intensity) == RELATIONS[claim.relation] and claim.mapping == RELATION_MAPPING
        assert claim.extractor == "llm.chat:reader@1"
    by_relation = {c.relation: c for c in result.claims}
    assert (by_relation["assault"].occurred_at, by_relation["consult"].occurred_at) == (dt.date(2024, 3, 3), DAY)
    assert by_relation["accuse"].attributed_to == "provisional-lake-radio"
    [quote] = result.quotes
    assert TEXT[quote.span.start:quote.span.end] == "We will answer every raid on our villages"
    assert quote.kind == "direct" and quote.speaker == "provisional-idriss-kanembou"
    assert TEXT[quote.speaker_span.start:quote.speaker_span.end] == "Idriss Kanembou"
    [(cue, cited)] = result.attributions
    assert TEXT[cue.start:cue.end] == "according to Lake Radio" and cited == ("provisional-lake-radio",)
    assert {a.id for a in result.new_actors} >= {"provisional-northern-shield", "provisional-valley-front"}
    assert all(a.provisional for a in result.new_actors)
    mentioned = {(TEXT[m.span.start:m.span.end], m.actor_id) for m in result.mentions}
    assert ("Northern Shield", "provisional-northern-shield") in mentioned and ("Chad", "chad") in mentioned
    assert not result.problems
    [request] = state["requests"]
    assert request["authorization"] == "Bearer sekret"
    assert request["body"]["model"] == "reader" and request["body"]["response_format"]["type"] == "json_schema"
    assert request["body"]["messages"][0]["content"] == SYSTEM_PROMPT


def test_invented_and_paraphrased_evidence_is_dropped_and_reported(syria, server):
    url, _ = server
    faithful = make(syria, url, "reader").extract(Document(TEXT, published_at=DAY))
    result = make(syria, url, "inventor").extract(Document(TEXT, published_at=DAY))
    def key(c):  # ids differ: the model's name is part of the extractor's
        return c.source_actor, c.relation, c.target_actor, c.evidence
    [extra] = [c for c in result.claims if key(c) not in set(map(key, faithful.claims))]  # the straight-quoted one
    span = extra.evidence[0]
    assert TEXT[span.start:span.end] == "“We will answer every raid on our villages,” said Idriss Kanembou."
    assert extra.speaker == "provisional-idriss-kanembou"  # the claim sits inside a direct quote
    assert all(c.relation != "assault" or c.source_actor != "chad" for c in result.claims)
    codes = [p.split("]")[0] + "]" for p in result.problems]
    assert codes.count("[E034]") == 2 and codes.count("[E035]") == 2
    assert any("Chad shelled" in p for p in result.problems)
    assert any("'befriend'" in p for p in result.problems) and any("Northern Alliance" in p for p in result.problems)


def test_long_documents_go_in_chunks_of_whole_sentences_with_the_same_claims(syria, server):
    url, state = server
    doc = Document(TEXT, published_at=DAY)
    whole = make(syria, url, "reader").extract(doc)
    state["chunks"].clear()
    parts = make(syria, url, "reader", max_chars=120).extract(doc)
    assert len(state["chunks"]) == len(chunks(TEXT, 120)) >= 4
    starts = [TEXT.index(chunk) for chunk in state["chunks"]]
    assert starts == sorted(starts) and all(i == 0 or TEXT[i - 1] in " \n" for i in starts)
    assert all(chunk.rstrip()[-1] in ".”" for chunk in state["chunks"])
    assert {c.id for c in parts.claims} == {c.id for c in whole.claims}


def test_a_server_error_is_retried_then_a_coded_error(syria, server):
    url, state = server
    with pytest.raises(ExtractorError) as caught:
        make(syria, url, "error500", retries=2).extract(Document(TEXT, published_at=DAY))
    assert caught.value.code == "E031" and "HTTP 500" in str(caught.value) and "3 attempt(s)" in str(caught.value)
    assert len(state["requests"]) == 3
    result = make(syria, url, "flaky", retries=1).extract(Document(TEXT, published_at=DAY))
    assert len(result.claims) == 4  # the second attempt answered


def test_malformed_answers_are_coded_problems_and_fenced_json_is_read(syria, server):
    url, _ = server
    doc = Document(TEXT, published_at=DAY)
    broken = make(syria, url, "broken", max_chars=200).extract(doc)
    assert not broken.claims and len(broken.problems) == len(chunks(TEXT, 200))
    assert all(p.startswith("[E033]") and "not JSON" in p for p in broken.problems)
    assert len(make(syria, url, "fenced").extract(doc).claims) == 4
    with pytest.raises(ExtractorError) as caught:
        make(syria, url, "garbage").extract(doc)
    assert caught.value.code == "E032"


def test_the_timeout_is_honoured(syria, server):
    url, state = server
    started = time.monotonic()
    with pytest.raises(ExtractorError) as caught:
        make(syria, url, "slow", timeout=0.2, retries=1).extract(Document(TEXT, published_at=DAY))
    assert time.monotonic() - started < 0.9  # two attempts of 0.2 s, not two answers of 1 s
    assert caught.value.code == "E030" and "no answer within 0.2 s; 2 attempt(s)" in str(caught.value)
    assert len(state["requests"]) == 2


def test_an_unreachable_server_is_a_coded_error(syria):
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ExtractorError) as caught:
        make(syria, f"http://127.0.0.1:{port}/v1", "reader", retries=0).extract(Document(TEXT, published_at=DAY))
    assert caught.value.code == "E030" and "ConnectError" in str(caught.value)


def test_the_prompt_explains_every_relation_word():
    assert set(RELATION_GLOSSES) == set(RELATIONS)
    assert all(f"\n{word}: " in SYSTEM_PROMPT for word in RELATIONS)


def test_ingest_skips_or_raises_on_a_failing_document(syria, server, store, tmp_path):
    url, _ = server
    path = tmp_path / "note.txt"
    path.write_text(f"Date: 2024-03-09\n\n{TEXT}\n", encoding="utf-8")
    with pytest.raises(ExtractorError):
        ingest(store, [path], extractor=make(syria, url, "error500", retries=0), on_error="raise")
    [report] = ingest(store, [path], extractor=make(syria, url, "error500", retries=0), on_error="skip")
    [problem] = report.problems
    assert problem.code == "E037" and "[E031]" in problem.text and report.n_rejected == 1
    assert store.counts()["documents"] == 0
    [report] = ingest(store, [path], extractor=make(syria, url, "inventor"), on_error="skip")
    assert report.n_claims == 5 and {p.code for p in report.problems} == {"E034", "E035"}
    assert {c.extractor for c in store.claims()} == {"llm.chat:inventor@1"}


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and not k.startswith("FAULTLINES_")}
    env.update({"COLUMNS": "200", "NO_COLOR": "1"})
    return subprocess.run([sys.executable, "-m", "faultlines", "--db", str(db), *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


@pytest.mark.slow
def test_cli_ingest_with_the_llm_extractor(server, tmp_path):
    url, state = server
    path = tmp_path / "note.txt"
    path.write_text(f"Date: 2024-03-09\n\n{TEXT}\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = _cli("ingest", str(path), "--extractor", "llm", "--llm-url", url, "--llm-model", "reader", "--json",
                  db=db)
    assert result.returncode == 0, result.stderr
    [report] = json.loads(result.stdout)
    assert report["n_claims"] == 4 and not report["problems"]
    skipped = _cli("ingest", str(path), "--extractor", "llm", "--llm-url", url, "--llm-model", "garbage", "--json",
                   db=tmp_path / "t.duckdb")
    assert skipped.returncode == 2
    [report] = json.loads(skipped.stdout)
    assert [p["code"] for p in report["problems"]] == ["E037"] and report["n_claims"] == 0
    stopped = _cli("ingest", str(path), "--extractor", "llm", "--llm-url", url, "--llm-model", "garbage",
                   "--on-error", "raise", db=tmp_path / "u.duckdb")
    assert stopped.returncode == 1 and stopped.stderr.startswith("Error [E032]")
    unset = _cli("ingest", str(path), "--extractor", "llm", db=tmp_path / "v.duckdb")
    assert unset.returncode == 1 and "[E036]" in unset.stderr
    shown = _cli("extract", str(path), "--json", "--extractor", "llm", "--llm-url", url, "--llm-model", "inventor",
                 db=tmp_path / "w.duckdb")
    assert shown.returncode == 0, shown.stderr
    [record] = json.loads(shown.stdout)
    text = path.read_text(encoding="utf-8").split("\n\n", 1)[1]  # the header block is not the document's text
    assert len(record["claims"]) == 5 and all(c["evidence"]["text"] in text for c in record["claims"])
    assert shown.stderr.count("[E034]") == 2  # the dropped claims are shown
