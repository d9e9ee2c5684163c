"""The `faultlines` command, run as a real process against real store files."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from faultlines.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "syria-2017-2018" / "claims.csv"


def run(*args: str, db: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("FAULTLINES_DB", None)
    cmd = [sys.executable, "-m", "faultlines", *(["--db", str(db)] if db else []), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=300)


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "example.duckdb"
    result = run("ingest", str(EXAMPLE), db=db)
    assert result.returncode == 0, result.stderr
    return db


def test_claims_json_has_the_documented_fields(example_db):
    result = run("claims", "--json", db=example_db)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    with EXAMPLE.open(encoding="utf-8") as f:
        n_rows = sum(1 for _ in csv.DictReader(f))
    assert 150 <= len(items) <= n_rows
    for item in items:
        assert {"id", "source", "target", "relation", "polarity", "occurred_at", "evidence"} <= set(item)
        assert set(item["source"]) == {"id", "name"} and set(item["target"]) == {"id", "name"}
        assert isinstance(item["evidence"], list) and item["evidence"]
        span = item["evidence"][0]
        assert span["kind"] == "span" and span["text"]


def test_ingesting_twice_changes_no_table(example_db):
    with Store(example_db, read_only=True) as store:
        before = store.counts()
    assert run("ingest", str(EXAMPLE), db=example_db).returncode == 0
    with Store(example_db, read_only=True) as store:
        assert store.counts() == before


def test_rows_cut_in_half_are_named_and_the_rest_stored(tmp_path):
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    cut_lines = [5, len(lines) // 2, len(lines) - 3]  # 1-based line numbers of data rows
    broken = [line[: len(line) // 2] + "\n" if i + 1 in cut_lines else line for i, line in enumerate(lines)]
    # the same file name everywhere: a claim's evidence names the file it came from
    (tmp_path / "cut").mkdir(), (tmp_path / "intact").mkdir()
    path = tmp_path / "cut" / "claims.csv"
    path.write_text("".join(broken), encoding="utf-8")
    intact = tmp_path / "intact" / "claims.csv"  # the same file without the three rows
    intact.write_text("".join(line for i, line in enumerate(lines) if i + 1 not in cut_lines), encoding="utf-8")

    result = run("ingest", str(path), db=tmp_path / "cut.duckdb")
    assert result.returncode == 2
    named = sorted(int(line.split(":")[1]) for line in result.stderr.splitlines() if "] " in line and "claims.csv:" in line)
    assert named == cut_lines
    assert run("ingest", str(intact), db=tmp_path / "intact.duckdb").returncode == 0
    assert run("ingest", str(EXAMPLE), db=tmp_path / "full.duckdb").returncode == 0
    ids = {}
    for name in ("cut", "intact", "full"):
        with Store(tmp_path / f"{name}.duckdb", read_only=True) as store:
            ids[name] = {c.id for c in store.claims()}
    # every intact row is stored (claim ids hash row content, not line numbers), and nothing else
    assert ids["cut"] == ids["intact"] < ids["full"]


def test_actors_json_shows_aliases_and_patron(example_db):
    result = run("actors", "--json", "hezbollah", db=example_db)
    assert result.returncode == 0, result.stderr
    [actor] = json.loads(result.stdout)
    assert actor["id"] == "hezbollah" and "Hizbullah" in actor["aliases"]
    patrons = [(a["relation"], a["parent"]["id"], a["parent"]["name"]) for a in actor["affiliations"]]
    assert ("backed_by", "iran", "Iran") in patrons


def test_actors_resolves_any_name(example_db):
    for name in ("Lebanon's Hezbollah", "حزب الله", "Hizballah"):
        result = run("actors", "--json", name, db=example_db)
        assert json.loads(result.stdout)[0]["id"] == "hezbollah", name


def test_user_errors_exit_1_with_code_and_fix(example_db, tmp_path):
    result = run("actors", "no-such-actor-anywhere", db=example_db)
    assert result.returncode == 1
    assert result.stderr == ("Error [E120] no actor is known by the name 'no-such-actor-anywhere'. Fix: check the "
                             "spelling, use an id from `faultlines actors`, or add the actor to a catalogue.\n")
    result = run("claims", db=tmp_path / "missing.duckdb")
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error [E003] there is no store at {tmp_path / 'missing.duckdb'}.")
    result = run("claims", "--since", "2018-06", "--until", "2018-01", db=example_db)
    assert result.returncode == 1 and "[E401]" in result.stderr


def test_claims_filters_by_actor_name_and_dates(example_db):
    result = run("claims", "--json", "--actor", "Hezbollah", "--since", "2018-01", "--until", "2018-06",
                 db=example_db)
    items = json.loads(result.stdout)
    assert items
    for item in items:
        assert "hezbollah" in (item["source"]["id"], item["target"]["id"])
        assert "2018-01" <= item["occurred_at"][:7] <= "2018-06"


def test_ingest_output_is_exact(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("date,source,target,relation,evidence\n2018-05-17,Russia,Iran,disapprove,A rift.\n"
                    "2018-05-17,Russia,Iran,hug,Bad.\n", encoding="utf-8")
    result = run("ingest", str(path), db=tmp_path / "x.duckdb")
    assert result.returncode == 2
    assert result.stdout == f"{path}: 2 rows, 1 claims stored, 1 rejected, 0 provisional actors.\n"
    assert result.stderr == (
        f"  [E204] {path}:3: unknown relation 'hug'. Fix: use one of: cooperate, aid, support, agree, consult, "
        "concede, retreat, request, demand, disapprove, accuse, reject, protest, threaten, sanction, mobilize, "
        "coerce, assault.\n")


def test_catalogue_check(tmp_path):
    result = run("catalogue", "check", "syria")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("ok: ")
    bad = tmp_path / "bad.yaml"
    bad.write_text("catalogue: x\nactors:\n  - {id: a, name: A, kind: state, colour: red}\n", encoding="utf-8")
    result = run("catalogue", "check", str(bad))
    assert result.returncode == 1
    assert result.stdout.startswith(f"[E102] {bad}:3: unknown key 'colour' in actor a.")


def test_demo_prints_a_summary(tmp_path):
    result = run("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "faultlines-demo.duckdb").exists()
    assert "claims among" in result.stdout and "Most hostile pairs" in result.stdout


def test_every_command_is_documented():
    """docs/cli.md is generated from the code; regenerate it when a command or option changes."""
    result = subprocess.run([sys.executable, "-m", "typer", "faultlines.cli", "utils", "docs", "--name", "faultlines"],
                            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "80"})
    assert result.stdout.strip() == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").strip(), (
        "docs/cli.md is stale: run `.venv/bin/python -m typer faultlines.cli utils docs --name faultlines "
        "--output docs/cli.md`")


def test_dyads_json_walks_back_to_claims(example_db):
    result = run("dyads", "--window", "quarter", "--actor", "Iran", "--json", db=example_db)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    claims = {c["id"]: c for c in json.loads(run("claims", "--json", db=example_db).stdout)}
    assert scores
    for s in scores:
        assert "iran" in (s["a"]["id"], s["b"]["id"])
        assert s["n_claims"] == len(s["claim_ids"]) >= s["n_happenings"] >= 1
        for cid in s["claim_ids"]:
            assert {claims[cid]["source"]["id"], claims[cid]["target"]["id"]} == {s["a"]["id"], s["b"]["id"]}
            day = claims[cid]["occurred_at"]
            day += {4: "-01-01", 7: "-01", 10: ""}[len(day)]  # a partial date counts from its first day
            assert s["start"] <= day < s["end"]


def test_balance_and_coalitions_on_the_highland_tribes(shared):
    tribes = shared / "data" / "signed" / "highland_tribes.csv"
    result = run("balance", "--edges", str(tribes), "--json")
    record = json.loads(result.stdout)
    assert (record["frustration_index"], record["optimal"], record["n_nodes"], record["n_edges"]) == (7, True, 16, 58)
    assert len(record["frustrated_edges"]) == 7 and sum(map(len, record["partition"])) == 16
    result = run("coalitions", "--edges", str(tribes), "--k", "3", "--json")
    groups = {frozenset(g) for g in json.loads(result.stdout)["groups"]}
    published = {}  # the Hage & Harary partition, from the data's own file
    with (shared / "data" / "signed" / "highland_tribes_partition.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            published.setdefault(row["group"], set()).add(row["tribe"])
    assert groups == {frozenset(g) for g in published.values()}


def test_balance_on_the_store_is_windowed(example_db):
    result = run("balance", "--window", "year", "--json", db=example_db)
    windows = json.loads(result.stdout)["windows"]
    assert [w["window"][:4] for w in windows] == ["2017", "2018"]
    for w in windows:
        assert w["lower_bound"] <= w["frustration_index"] and w["n_edges"] > 0


def test_scenario_removing_the_common_enemy(example_db):
    result = run("scenario", "--remove", "isis", "--json", db=example_db)
    [window] = json.loads(result.stdout)["windows"]
    assert window["removed"] == ["isis"]
    assert window["after"]["n_nodes"] == window["before"]["n_nodes"] - 1
    assert window["delta_frustration"] == pytest.approx(
        window["after"]["frustration_index"] - window["before"]["frustration_index"])
