"""The `faultlines` command. Each command is a thin call into the library; no analysis lives here.

Exit codes: 0 ok; 1 user error (the message has its code and the fix); 2 the ingest finished but
some rows were rejected.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from faultlines import __version__
from faultlines.catalogue import check_catalogue, load_catalogue
from faultlines.errors import FaultlinesError, IngestError, UsageError
from faultlines.ingest import IngestReport, ensure_catalogue, files_to_ingest, ingest, make_extractor
from faultlines.ingest.documents import read_documents
from faultlines.ingest.milestones import read_milestones
from faultlines.model import parse_date
from faultlines.model.dyads import DyadParams
from faultlines.report.analysis import balance_record, coalitions_record, export_store, scenario_record, windowed_graphs
from faultlines.report.backtest import replay_graphs, replay_store
from faultlines.report.brief import brief_data
from faultlines.report.render import write_brief
from faultlines.report.fractures import fractures_records
from faultlines.report.records import actor_record, claim_record, dyad_record, extraction_record
from faultlines.runners import ExtractorSpec, RunnerConfig, extract_texts
from faultlines.scenario import Change, what_if
from faultlines.store import Store, default_db_path

app = typer.Typer(help="Faultlines: where alliances crack, with the evidence.", no_args_is_help=True,
                  invoke_without_command=True, pretty_exceptions_enable=False, add_completion=False)
catalogue_app = typer.Typer(help="Check actor catalogue files.", no_args_is_help=True)
app.add_typer(catalogue_app, name="catalogue")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
EXAMPLE = Path(__file__).parent / "examples" / "syria-2017-2018" / "claims.csv"
DEMO_DB = "faultlines-demo.duckdb"

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON with stable field names.")]


class State:
    db: Optional[Path] = None


def _db() -> Path:
    return State.db or default_db_path()


def _print_json(data: object) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False, default=str), indent=2)


@app.callback()
def _main(
    ctx: typer.Context,
    db: Annotated[Optional[Path], typer.Option("--db", envvar="FAULTLINES_DB",
                                               help="The store file (default: $FAULTLINES_DB, else ./faultlines.duckdb).")] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"faultlines {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help())
        raise typer.Exit()
    State.db = db


@app.command()
def init(
    catalogue: Annotated[Optional[list[str]], typer.Option("--catalogue", "-c",
                                                           help="Bundled catalogue name or path (repeatable).")] = None,
) -> None:
    """Create the store (or upgrade it) and load the actor catalogue into it (default: syria)."""
    with Store(_db()) as store:
        cat = ensure_catalogue(store, *(catalogue or ("syria",)))
        out.print(f"{store.path}: {len(cat.actors)} actors, {len(cat.affiliations)} affiliations, "
                  f"{len(cat.coalitions)} coalitions from catalogue(s) {', '.join(cat.names)}.")


@app.command()
def compact() -> None:
    """Reclaim the space of replaced and deleted rows and merge partly filled row groups (slow on big stores)."""
    with Store(_db()) as store:
        before, after = store.compact()
        out.print(f"{store.path}: claims, evidence and codes rewritten in {after} row groups (were {before}).")


ExtractorOpt = Annotated[Literal["rules", "llm"], typer.Option(
    "--extractor", help="How texts become claims: rules (offline) or llm (an OpenAI-compatible chat server; "
    "docs/extraction.md).")]
LlmUrlOpt = Annotated[Optional[str], typer.Option("--llm-url", envvar="FAULTLINES_LLM_URL", help="--extractor llm: "
                                                  "the API base URL, e.g. http://127.0.0.1:8000/v1.")]
LlmModelOpt = Annotated[Optional[str], typer.Option("--llm-model", envvar="FAULTLINES_LLM_MODEL", help="--extractor "
                                                    "llm: the model name; a key is read from $FAULTLINES_LLM_API_KEY.")]
LlmTimeoutOpt = Annotated[float, typer.Option("--llm-timeout", help="--extractor llm: seconds to wait for an answer.")]
OnErrorOpt = Annotated[Literal["skip", "raise"], typer.Option(
    "--on-error", help="A document whose extraction fails: skip (report it and go on) or raise (stop).")]
RunnerOpt = Annotated[Optional[Literal["serial", "process", "ray"]], typer.Option(
    "--runner", help="Extract texts with a runner: serial, process (a pool on this machine) or ray; resumable, "
    "merged in one transaction (docs/runners.md). Default: each file in turn, in this process.")]
WorkersOpt = Annotated[Optional[int], typer.Option("--workers", help="--runner: workers (default: the CPUs of "
                                                   "this machine or of the Ray cluster).")]
ShardSizeOpt = Annotated[int, typer.Option("--shard-size", help="--runner: documents per task and Parquet shard.")]
RayAddressOpt = Annotated[Optional[str], typer.Option("--ray-address", envvar="RAY_ADDRESS", help="--runner ray: "
                                                      "an existing cluster (ray://HOST:10001 or auto); default: "
                                                      "start a local Ray.")]
WorkDirOpt = Annotated[Optional[Path], typer.Option("--work-dir", help="--runner: where shards wait for the merge "
                                                    "(default: STORE.shards beside the store).")]


def _runner_config(runner: str | None, workers: int | None, shard_size: int, ray_address: str | None,
                   work_dir: Path | None, extractor: str, llm_url: str | None, llm_model: str | None,
                   llm_timeout: float) -> RunnerConfig | None:
    if runner is None:
        return None
    spec = ExtractorSpec(extractor, llm_url, llm_model, llm_timeout)
    return RunnerConfig(runner, workers, shard_size, ray_address, work_dir, spec)


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Claims files (.csv, .jsonl), texts, feeds, URL lists or "
                                                "folders of them.")],
    extractor: ExtractorOpt = "rules",
    llm_url: LlmUrlOpt = None,
    llm_model: LlmModelOpt = None,
    llm_timeout: LlmTimeoutOpt = 120.0,
    on_error: OnErrorOpt = "skip",
    runner: RunnerOpt = None,
    workers: WorkersOpt = None,
    shard_size: ShardSizeOpt = 32,
    ray_address: RayAddressOpt = None,
    work_dir: WorkDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Read files into the store; bad rows (and skipped documents) are reported, the rest are stored."""
    files = files_to_ingest(paths)
    config = _runner_config(runner, workers, shard_size, ray_address, work_dir, extractor, llm_url, llm_model,
                            llm_timeout)
    with Store(_db()) as store, Progress(console=err, transient=True,
                                          disable=as_json or not err.is_terminal) as progress:
        task = progress.add_task("ingesting", total=len(files))
        current = progress.add_task("", total=1.0, visible=False)  # within one big event-dataset file

        def on_progress(path: Path, done: float) -> None:
            progress.update(current, description=escape(path.name), completed=done, visible=done < 1.0)

        chosen = None if extractor == "rules" or config else make_extractor(
            ensure_catalogue(store), extractor, llm_url=llm_url, llm_model=llm_model, llm_timeout=llm_timeout)
        reports = ingest(store, files, on_file=lambda _: progress.advance(task), extractor=chosen, on_error=on_error,
                         runner=config, on_progress=None if progress.disable else on_progress)
    _show_reports(reports, as_json)
    if any(r.n_rejected for r in reports):
        raise typer.Exit(2)


def _show_reports(reports: list[IngestReport], as_json: bool) -> None:
    if as_json:
        _print_json([{"path": r.path, "n_rows": r.n_rows, "n_claims": r.n_claims, "n_rejected": r.n_rejected,
                      "n_provisional": r.n_provisional,
                      "problems": [{"code": p.code, "line": p.line, "text": p.text} for p in r.problems]}
                     for r in reports])
        return
    for r in reports:
        out.print(f"{r.path}: {r.n_rows} rows, {r.n_claims} claims stored, {r.n_rejected} rejected, "
                  f"{r.n_provisional} provisional actors.")
        for p in r.problems:
            (err if p.is_error else out).print(f"  {p.text}", markup=False)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Texts (.txt, .md, .html), feeds, URL lists or folders.")],
    catalogue: Annotated[Optional[list[str]], typer.Option("--catalogue", "-c", help="Catalogue name or path "
                                                           "(repeatable; default: syria).")] = None,
    on_error: OnErrorOpt = "skip",
    extractor_name: ExtractorOpt = "rules",
    llm_url: LlmUrlOpt = None,
    llm_model: LlmModelOpt = None,
    llm_timeout: LlmTimeoutOpt = 120.0,
    runner: RunnerOpt = None,
    workers: WorkersOpt = None,
    shard_size: ShardSizeOpt = 32,
    ray_address: RayAddressOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Extract mentions, claims and quotes from texts and print them (no store needed)."""
    cat = load_catalogue(*(catalogue or ("syria",)))
    found = read_documents(files_to_ingest(paths), catalogue=cat)
    config = _runner_config(runner, workers, shard_size, ray_address, None, extractor_name, llm_url, llm_model,
                            llm_timeout)
    extractor = extract_texts(found, cat, config, on_error=on_error) if config else make_extractor(
        cat, extractor_name, llm_url=llm_url, llm_model=llm_model, llm_timeout=llm_timeout)
    records = []
    for doc in found.documents:
        try:
            extraction = extractor.extract(doc)
            records.append(extraction_record(extraction, cat))
            for problem in extraction.problems:  # e.g. claims the LLM extractor dropped, with their code
                err.print(f"  {problem}", markup=False)
        except Exception as e:  # noqa: BLE001 - one bad document must not lose the others
            if on_error == "raise":
                raise
            err.print(f"  {doc.url or doc.id}: extraction failed ({type(e).__name__}: {e}); skipped.", markup=False)
    for p in found.problems:
        err.print(f"  {p.text}", markup=False)
    if as_json:
        _print_json(records)
        return
    for r in records:
        out.print(f"[bold]{r['document']['title'] or r['document']['id']}[/bold]: {len(r['mentions'])} mentions, "
                  f"{len(r['claims'])} claims, {len(r['quotes'])} quotes")
        for c in r["claims"]:
            out.print(f"  {c['source']['name']} {c['relation']} {c['target']['name']} ({c['modality']}, "
                      f"{c['occurred_at']}): {c['evidence']['text']}", markup=False)


DEV_SET = Path(__file__).resolve().parents[2] / "tests" / "extract" / "data"
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared"


@app.command("eval")
def eval_cmd(
    gold: Annotated[Optional[list[Path]], typer.Argument(help="Gold files (faultlines.gold.v1) or folders of them "
                                                         "(default: the development set, tests/extract/data).")] = None,
    shared: Annotated[Optional[Path], typer.Option(help="The shared data folder that gold files may point into "
                                                   "(default: ../shared beside the clone).")] = None,
    catalogue: Annotated[Optional[list[str]], typer.Option("--catalogue", "-c", help="Catalogue name or path "
                                                           "(repeatable; default: syria).")] = None,
    extractor_name: ExtractorOpt = "rules",
    llm_url: LlmUrlOpt = None,
    llm_model: LlmModelOpt = None,
    llm_timeout: LlmTimeoutOpt = 120.0,
    as_json: JsonOpt = False,
) -> None:
    """Score an extractor on gold files: pair-level precision, recall and F1 by sign and by relation
    (exact polarity), quote-speaker and attribution accuracy (docs/extraction.md)."""
    try:
        from faultlines.extract.evaluate import evaluate, gold_files  # the extract package needs the nlp extra
    except ImportError as e:
        raise IngestError("E021", reason=str(e)) from e
    files = gold_files(gold or [DEV_SET], shared=shared or SHARED_DATA)
    cat = load_catalogue(*(catalogue or ("syria",)))
    extractor = make_extractor(cat, extractor_name, llm_url=llm_url, llm_model=llm_model, llm_timeout=llm_timeout)
    report = {"extractor": extractor.name, "gold_files": [str(f) for f in files],
              **evaluate(extractor, files, shared=shared or SHARED_DATA)}
    if as_json:
        _print_json(report)
        return
    table = Table("measure", "precision", "recall", "F1", "predicted", "gold",
                  title=f"{report['extractor']} on {report['n_documents']} documents")
    for label, key in (("pairs by sign", "by_sign"), ("pairs by relation (exact polarity)", "by_relation")):
        r = report[key]
        table.add_row(label, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}", str(r["n_pred"]),
                      str(r["n_gold"]))
    out.print(table)
    for label, key in (("quote-speaker accuracy", "quote_speaker_accuracy"), ("attribution accuracy",
                                                                              "attribution_accuracy")):
        r = report[key]
        value = "n/a" if r["accuracy"] is None else f"{r['accuracy']:.3f}"
        out.print(f"{label}: {value} ({r['correct']}/{r['n']})")


@app.command()
def actors(
    query: Annotated[Optional[str], typer.Argument(help="An id or any name; omit to list all.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="Only actors of this kind (state, person ...).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show an actor (resolving the name through the catalogue) or list actors."""
    with Store(_db(), read_only=True) as store:
        cat = store.catalogue()
    if query is not None:
        found = [cat.actors[cat.resolve_id(query)]]
    else:
        found = [a for a in cat.actors.values() if kind is None or a.kind == kind]
    if as_json:
        _print_json([actor_record(a, cat) for a in found])
        return
    table = Table("id", "name", "kind", "country", "aliases", "links")
    for a in found:
        links = "; ".join(f"{x.relation} {x.parent}" for x in cat.affiliations_of(a.id) if x.relation != "holds_office")
        table.add_row(a.id, a.name, a.kind, a.country or "", ", ".join(a.aliases[:4]), links)
    out.print(table)


@app.command()
def claims(
    actor: Annotated[Optional[str], typer.Option(help="Only claims with this actor on either side (id or name).")] = None,
    since: Annotated[Optional[str], typer.Option(help="From this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date, inclusive.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many claims.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List stored claims with their evidence."""
    start = _day(since, "since")
    end = _day(until, "until", last=True)
    if start and end and start > end:
        raise UsageError("E401", value=since, until=until)
    with Store(_db(), read_only=True) as store:
        cat = store.catalogue()
        actor_id = cat.resolve_id(actor) if actor else None
        found = store.claims(actor=actor_id, since=start, until=end, limit=limit)
        docs = store.documents([e.doc_id for c in found for e in c.evidence if hasattr(e, "doc_id")])
        rows, sources = store.dataset_rows([c.id for c in found]), store.sources()
        records = [claim_record(c, cat, docs, sources, rows) for c in found]
    if as_json:
        _print_json(records)
        return
    table = Table("date", "source", "relation", "target", "weight", "outlet", "evidence")
    for r in records:
        span = next((e for e in r["evidence"] if e["kind"] == "span"), {})  # type: ignore[union-attr]
        outlet = (span.get("outlet") or {}).get("name", "")
        table.add_row(r["occurred_at"], r["source"]["name"], r["relation"], r["target"]["name"],  # type: ignore[index]
                      f"{r['weight']:+.1f}", outlet, span.get("text") or "")
    out.print(table)


def _day(value: str | None, option: str, *, last: bool = False) -> dt.date | None:
    if value is None:
        return None
    try:
        day, precision = parse_date(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not YYYY, YYYY-MM or YYYY-MM-DD", param_hint=f"--{option}") from None
    if last and precision != "day":
        from faultlines.model import period_end
        return period_end(day, precision) - dt.timedelta(days=1)
    return day


@app.command()
def dyads(
    window: Annotated[str, typer.Option(help="day, week, month, quarter, year, all, or sliding.")] = "month",
    size: Annotated[Optional[int], typer.Option(help="Sliding windows: length in days.")] = None,
    step: Annotated[Optional[int], typer.Option(help="Sliding windows: step in days.")] = None,
    directed: Annotated[bool, typer.Option(help="Keep A->B apart from B->A.")] = False,
    since: Annotated[Optional[str], typer.Option(help="Only claims from this date.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only claims up to this date, inclusive.")] = None,
    tolerance: Annotated[int, typer.Option(help="Days within which reports are one happening.")] = 2,
    half_life: Annotated[Optional[float], typer.Option(help="Decay inside a window, in days.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Only pairs with this actor (id or name).")] = None,
    rollup: RollupOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Score every pair of actors per time window (docs/scoring.md)."""
    params = DyadParams(window=window, directed=directed, rollup=rollup, size_days=size, step_days=step,
                        since=_day(since, "since"),
                        until=_day(until, "until", last=True), tolerance_days=tolerance, half_life_days=half_life)
    with Store(_db(), read_only=True) as store:
        cat = store.catalogue()
        actor_id = cat.resolve_id(actor) if actor else None
        scores = [s for s in store.dyad_scores(params) if actor_id in (None, s.a, s.b)]
    records = [dyad_record(s, cat) for s in scores]
    if as_json:
        _print_json(records)
        return
    table = Table("window", "pair", "score", "claims", "happenings", "sources")
    for r in records:
        table.add_row(f"{r['start']} – {r['end']}", f"{r['a']['name']} – {r['b']['name']}", f"{r['score']:+.2f}",
                      str(r["n_claims"]), str(r["n_happenings"]), str(r["n_independent_sources"]))
    out.print(table)


EdgesOpt = Annotated[Optional[Path], typer.Option("--edges", help="A signed edge list CSV (source,target,sign"
                                                   "[,weight][,window]) instead of the store.")]
WindowOpt = Annotated[str, typer.Option(help="Store windows: day, week, month, quarter, year or all.")]
AtOpt = Annotated[Optional[str], typer.Option(help="Only the store window containing this date.")]
TimeOpt = Annotated[Optional[float], typer.Option("--time-limit", help="Seconds per exact solve; the best "
                                                  "solution so far is returned with its gap.")]
MinOpt = Annotated[int, typer.Option("--min-happenings", help="Store ties need this many happenings.")]
RollupOpt = Annotated[bool, typer.Option(help="Score forces, bodies and office holders as the state or group "
                                         "they belong to (proxies stay themselves).")]


def _graphs(edges: Path | None, window: str, at: str | None, min_happenings: int, rollup: bool):
    if edges is not None:
        found, problems = windowed_graphs(edges=edges)
    else:
        with Store(_db(), read_only=True) as store:
            found, problems = windowed_graphs(store=store, params=DyadParams(window=window, rollup=rollup),
                                              at=_day(at, "at"), min_happenings=min_happenings)
    for p in problems:
        err.print(f"  {p.text}", markup=False)
    return found, edges is None or any(label is not None for label, _ in found)


def _emit(results: list[tuple[str | None, dict]], windowed: bool, as_json: bool, show) -> None:
    data = {"windows": [{"window": label, **r} for label, r in results]} if windowed else results[0][1]
    if as_json:
        _print_json(data)
        return
    for label, record in results:
        out.print(f"[bold]{label or 'all'}[/bold]: {show(record)}")


@app.command()
def balance(edges: EdgesOpt = None, window: WindowOpt = "year", at: AtOpt = None,
            weighted: Annotated[bool, typer.Option(help="Count tie weights, not only signs.")] = False,
            time_limit: TimeOpt = None, min_happenings: MinOpt = 1, rollup: RollupOpt = True,
            as_json: JsonOpt = False) -> None:
    """Structural balance: the exact frustration index (with proof), optimal bipartition, triangle balance."""
    graphs, windowed = _graphs(edges, window, at, min_happenings, rollup)
    results = [(label, balance_record(G, weighted=weighted, time_limit=time_limit)) for label, G in graphs]
    _emit(results, windowed, as_json, lambda r: (
        f"frustration {r['frustration_index']:g} ({'proven' if r['optimal'] else 'gap ' + format(r['gap'], '.1%')}), "
        f"{r['n_nodes']} actors, {r['n_edges']} ties; sides {r['partition']}"))


@app.command()
def coalitions(edges: EdgesOpt = None, window: WindowOpt = "year", at: AtOpt = None,
               k: Annotated[Optional[int], typer.Option("--k", help="Number of coalitions; omit for free k.")] = None,
               alpha: Annotated[float, typer.Option(help="Weight of hostile ties inside a coalition (1-alpha: "
                                                    "friendly ties between).")] = 0.5,
               time_limit: TimeOpt = None, min_happenings: MinOpt = 1, rollup: RollupOpt = True,
               as_json: JsonOpt = False) -> None:
    """Partition actors into coalitions (Doreian–Mrvar criterion), exact with proof on small graphs."""
    graphs, windowed = _graphs(edges, window, at, min_happenings, rollup)
    results = [(label, coalitions_record(G, k=k, alpha=alpha, time_limit=time_limit)) for label, G in graphs]
    _emit(results, windowed, as_json, lambda r: (
        f"{r['k']} coalitions, disagreements {r['disagreements']:g}{' (proven)' if r['optimal'] else ''}: {r['groups']}"))


@app.command()
def scenario(edges: EdgesOpt = None, window: WindowOpt = "all", at: AtOpt = None,
             remove: Annotated[Optional[list[str]], typer.Option(help="Remove this actor (repeatable).")] = None,
             flip: Annotated[Optional[list[str]], typer.Option(help="Flip the tie U:V (repeatable).")] = None,
             add: Annotated[Optional[list[str]], typer.Option(help="Set the tie U:V:WEIGHT (repeatable).")] = None,
             drop: Annotated[Optional[list[str]], typer.Option(help="Drop the tie U:V (repeatable).")] = None,
             k: Annotated[Optional[int], typer.Option("--k", help="Number of coalitions; omit for free k.")] = None,
             time_limit: TimeOpt = None, min_happenings: MinOpt = 1, rollup: RollupOpt = True,
             as_json: JsonOpt = False) -> None:
    """What if: remove actors (the common enemy) or change ties, and see who changes side."""
    graphs, windowed = _graphs(edges, window, at, min_happenings, rollup)
    changes = ([Change("remove_actor", a) for a in remove or []] + [Change("flip_edge", *_tie(t, 2)) for t in flip or []]
               + [Change("add_edge", *_tie(t, 3)) for t in add or []] + [Change("drop_edge", *_tie(t, 2)) for t in drop or []])
    results = [(label, scenario_record(what_if(G, changes, k=k, time_limit=time_limit))) for label, G in graphs]
    _emit(results, windowed, as_json, lambda r: (
        f"frustration {r['before']['frustration_index']:g} -> {r['after']['frustration_index']:g}; "
        f"moved: {', '.join(m['actor'] for m in r['moved']) or 'nobody'}"))


FractureWindowOpt = Annotated[str, typer.Option(help="Windows of the dyad series: week, month, quarter or year.")]


@app.command()
def fractures(
    window: FractureWindowOpt = "month",
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Only windows starting by this date.")] = None,
    drift: Annotated[float, typer.Option(help="Souring per window ignored as noise (typical-score units).")] = 0.5,
    threshold: Annotated[float, typer.Option(help="Accumulated souring that raises the alarm.")] = 2.0,
    memory_days: Annotated[float, typer.Option(help="Half-life of a relation's memory, in days.")] = 180.0,
    pressure: Annotated[float, typer.Option(help="Weight of standing on opposite sides of a third actor.")] = 0.5,
    coalitions_from: Annotated[str, typer.Option("--coalitions", help="declared, inferred, stated or all.")] = "all",
    limit: Annotated[Optional[int], typer.Option(help="Show the top N only.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Alliances that are cracking: souring pairs inside coalitions, ranked, with evidence (docs/fractures.md)."""
    with Store(_db(), read_only=True) as store:
        records = fractures_records(store, window=window, as_of=_day(as_of, "as-of"), limit=limit, drift=drift,
                                    threshold=threshold, memory_days=memory_days, pressure=pressure,
                                    coalitions=coalitions_from)
    if as_json:
        _print_json(records)
        return
    if not records:
        out.print("No fractures: no pair inside a coalition sours enough in the stored claims.")
        return
    table = Table("#", "pair", "coalition", "score", "status", "onset", "claims", "outlets")
    for i, r in enumerate(records, 1):
        table.add_row(str(i), f"{r['pair'][0]['name']} – {r['pair'][1]['name']}", r["coalition"]["name"],
                      f"{r['score']:.2f}", r["status"], r["onset"], str(r["n_claims"]), str(len(r["sources"])))
    out.print(table)


@app.command()
def brief(
    out_path: Annotated[Path, typer.Option("--out", help="The brief to write: FILE.html (self-contained) or FILE.md.")],
    window: FractureWindowOpt = "month",
    enemy: Annotated[Optional[str], typer.Option(help="The common enemy to test (id or name); default: the one "
                                                 "the coalitions are declared against, else found from the network.")] = None,
    top: Annotated[int, typer.Option(help="How many fractures to describe.")] = 8,
) -> None:
    """Write the brief: fractures with evidence and quotes, coalitions, the common-enemy test, plots, citations."""
    with Store(_db(), read_only=True) as store:
        data = brief_data(store, window=window, enemy=enemy, top=top)
    path = write_brief(data, out_path)
    out.print(f"Wrote {path}: {len(data['fractures'])} fractures, {len(data['citations'])} sources cited.")


@app.command("export")
def export_cmd(
    out_path: Annotated[Path, typer.Option("--out", help="The file to write (graphml: one per window if several).")],
    fmt: Annotated[str, typer.Option("--format", help="graphml, gexf (dynamic, for Gephi's timeline), csv or json.")],
    window: Annotated[str, typer.Option(help="day, week, month, quarter, year or all.")] = "month",
    rollup: RollupOpt = True,
    min_happenings: MinOpt = 1,
) -> None:
    """Export the signed snapshots with every attribute for Gephi, spreadsheets or code (docs/exports.md)."""
    with Store(_db(), read_only=True) as store:
        written = export_store(store, out_path, fmt, params=DyadParams(window=window, rollup=rollup),
                               min_happenings=min_happenings)
    for path in written:
        out.print(f"Wrote {path}")


@app.command()
def backtest(
    milestones: Annotated[Optional[Path], typer.Option(help="CSV a,b,public,what: when each fracture became "
                                                       "public (the example has examples/syria-2017-2018/milestones.csv).")] = None,
    edges: EdgesOpt = None,
    top: Annotated[Optional[int], typer.Option(help="Count a pair as flagged only while in the top N.")] = None,
    time_limit: TimeOpt = 30.0,
    as_json: JsonOpt = False,
) -> None:
    """Replay the past: month by month, when each fracture was flagged against the day it became public;
    with --edges, how the camps and the frustration of a series of signed snapshots evolve."""
    if edges is not None:
        graphs, problems = windowed_graphs(edges=edges)
        for p in problems:
            err.print(f"  {p.text}", markup=False)
        steps = replay_graphs(graphs, time_limit=time_limit)
        if as_json:
            _print_json(steps)
            return
        for st in steps:
            out.print(f"{st['window']}: frustration {st['frustration_index']:g} of {st['n_edges']} ties "
                      f"({'proven' if st['optimal'] else 'gap ' + format(st['gap'], '.1%')}); camps of "
                      f"{len(st['camps'][0])} and {len(st['camps'][1])}; moved: {', '.join(st['moved']) or 'nobody'}",
                      markup=False)
        return
    marks = read_milestones(milestones) if milestones else []
    with Store(_db(), read_only=True) as store:
        result = replay_store(store, marks, top=top)
    if as_json:
        _print_json(result)
        return
    for st in result["steps"]:
        out.print(f"{st['as_of']}: " + ("; ".join(f"{f['pair'][0]['name']}–{f['pair'][1]['name']} {f['status']}"
                                                   for f in st["flagged"]) or "no fracture"), markup=False)
    for m in result["milestones"]:
        lead = m["lead_days"]
        verdict = "never flagged" if lead is None else f"{lead} days {'before' if lead >= 0 else 'after'} it was public"
        out.print(f"{m['pair'][0]['name']}–{m['pair'][1]['name']}: public {m['public']}, first flagged "
                  f"{m['first_flagged'] or '-'}: {verdict}", markup=False)


def _tie(text: str, parts: int) -> tuple:
    values = text.split(":")
    if len(values) != parts:
        raise typer.BadParameter(f"'{text}' should be {'U:V' if parts == 2 else 'U:V:WEIGHT'}")
    return (*values[:2], float(values[2])) if parts == 3 else tuple(values)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; the default only accepts this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Explore the store in a browser: the signed network over time, evidence, actors, fractures, what-if,
    map; the store is opened read-only (docs/web.md)."""
    from faultlines.web import serve as serve_web  # the web extra is imported only here

    serve_web(_db(), host=host, port=port, echo=lambda text: out.print(text, markup=False))


@catalogue_app.command("check")
def catalogue_check(
    paths: Annotated[list[str], typer.Argument(help="Catalogue YAML files or folders, or bundled names.")],
    as_json: JsonOpt = False,
) -> None:
    """Check catalogue files: every problem with its code, file and line. Exit 1 if any."""
    problems = check_catalogue(*paths)
    if as_json:
        _print_json([{"code": p.code, "path": p.path, "line": p.line, "text": p.text} for p in problems])
    else:
        for p in problems:
            out.print(p.text, markup=False)
        if not problems:
            cat = load_catalogue(*paths)
            out.print(f"ok: {len(cat.actors)} actors, {len(cat.affiliations)} affiliations, "
                      f"{len(cat.coalitions)} coalitions in {', '.join(cat.names)}.")
    if problems:
        raise typer.Exit(1)


@app.command()
def demo(
    out_path: Annotated[Path, typer.Option("--out", help="Where to write the brief.")] = Path("faultlines-demo-brief.html"),
) -> None:
    """Run the main job on the bundled Syria 2017-2018 example: ingest, detect fractures, write the brief."""
    db = State.db or Path(DEMO_DB)
    with Store(db) as store:
        reports = ingest(store, [EXAMPLE])
        summary = store.summary()
        overall = store.dyad_scores(DyadParams(window="all", rollup=True))
        cat = store.catalogue()
        data = brief_data(store)
    _show_reports(reports, as_json=False)
    _show_summary(db, summary, sorted(overall, key=lambda d: d.score), cat)
    out.print("\n[bold]Headlines[/bold]")
    for line in data["headlines"]:
        out.print(f"- {line['text']}", markup=False)
    html_path = write_brief(data, out_path)
    md_path = write_brief(data, out_path.with_suffix(".md"))
    out.print(f"\nThe brief: {html_path.resolve()} (open it in a browser; it needs no network) and {md_path.resolve()}")


def _show_summary(db: Path, s: dict, dyads: list, cat) -> None:
    counts = s["counts"]
    out.print(f"\nStore {db}: {counts['claims']} claims among {s['n_actors_involved']} actors, "
              f"from {s['first']} to {s['last']}, reported by {s['n_outlets']} outlets; "
              f"{counts['actors']} actors in the catalogue.")
    out.print("Claims by relation: " + ", ".join(f"{k} {v}" for k, v in s["by_relation"].items()))
    for title, rows in (("Most hostile pairs", dyads[:8]), ("Most cooperative pairs", dyads[::-1][:8])):
        table = Table("pair", "score", "claims", "happenings", "outlets", title=title)
        for d in rows:
            table.add_row(f"{cat.actors[d.a].name} – {cat.actors[d.b].name}", f"{d.score:+.1f}", str(d.n_claims),
                          str(d.n_happenings), str(d.n_independent_sources))
        out.print(table)


@app.command("places")
def places_cmd(
    geojson_out: Annotated[Optional[Path], typer.Option("--geojson", help="Write places, control claims and located "
                                                        "claims as GeoJSON to this file.")] = None,
    map_out: Annotated[Optional[Path], typer.Option("--map", help="Write the static SVG map to this file.")] = None,
    since: Annotated[Optional[str], typer.Option(help="GeoJSON: only claims from this date.")] = None,
    until: Annotated[Optional[str], typer.Option(help="GeoJSON: only claims up to this date, inclusive.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the places the stored documents name, with coordinates (docs/places.md); --geojson, --map."""
    from faultlines.places import Gazetteer
    from faultlines.places.geojson import store_geojson
    from faultlines.places.mapplot import latest_holders, map_svg
    start, end = _day(since, "since") or dt.date.min, _day(until, "until", last=True) or dt.date(9999, 12, 30)
    with Store(_db(), read_only=True) as store:
        found, control = store.places(), store.control()
        collection = store_geojson(store, window=(start, end + dt.timedelta(days=1))) if geojson_out else None
    if geojson_out:
        _write_text(geojson_out, json.dumps(collection, ensure_ascii=False, default=str))
        out.print(f"Wrote {geojson_out}: {len(collection['features'])} features")
    if map_out:
        gaz = Gazetteer.bundled()  # the store keeps points; outlines and rivers come from the gazetteer
        map_svg([gaz.curated.get(p.id, p) for p in found], holders=latest_holders(control), out=map_out)
        out.print(f"Wrote {map_out}")
    if as_json:
        _print_json([{"id": p.id, "name": p.name, "kind": p.kind, "country": p.country, "parent": p.parent,
                      "lat": p.lat, "lon": p.lon, "source": p.source} for p in found])
    elif not (geojson_out or map_out):
        table = Table("id", "name", "kind", "country", "lat", "lon", "parent")
        for p in found:
            table.add_row(p.id, p.name, p.kind, p.country or "", f"{p.lat:.4f}", f"{p.lon:.4f}", p.parent or "")
        out.print(table)


def _write_text(path: Path, text: str) -> None:
    from faultlines.errors import GazetteerError
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise GazetteerError("E912", path=path, reason=str(e)) from e


@app.command("control")
def control_cmd(
    place: Annotated[str, typer.Argument(help="A place id or name (e.g. Manbij, \"Der Ez Zor\", nasib-crossing).")],
    at: Annotated[Optional[str], typer.Option("--at", help="Who held it on this date (YYYY[-MM[-DD]]: the end of "
                                              "that period); without it, the whole timeline.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Who held a place, according to which sources; conflicting claims side by side (docs/places.md)."""
    from faultlines.places import Gazetteer
    from faultlines.places.control import control_at, timeline
    gaz = Gazetteer.bundled()
    place_id = gaz.resolve_id(place)
    with Store(_db(), read_only=True) as store:
        claims = store.control(place_ids=[place_id])
        docs = store.documents(sorted({c.evidence.doc_id for c in claims}))
    def record(c):
        doc = docs.get(c.evidence.doc_id)
        return {"id": c.id, "actor": c.actor_id, "status": c.status, "modality": c.modality,
                "occurred_at": c.occurred_at.isoformat(), "source": c.attributed_to, "qualifier": c.qualifier,
                "evidence": {"doc_id": c.evidence.doc_id, "start": c.evidence.start, "end": c.evidence.end,
                             "text": doc.text[c.evidence.start:c.evidence.end] if doc else None}}
    if at is None:
        rows = [record(c) for c in timeline(claims, place_id)]
        result: dict = {"place": place_id, "timeline": rows}
    else:
        answer = control_at(claims, place_id, _day(at, "at", last=True))
        result = {"place": place_id, "at": answer["at"].isoformat(), "holders": answer["holders"],
                  "contested": answer["contested"],
                  "answers": [{**record(a["claim"]), "holding": a["holding"]} for a in answer["answers"]]}
        rows = result["answers"]
    if as_json:
        _print_json(result)
        return
    out.print(f"{gaz.describe(place_id)}" + (f" on {result['at']}: held by {', '.join(result['holders']) or 'no one'}"
                                              f"{' (contested)' if result['contested'] else ''}" if at else ""),
              markup=False)
    for r in rows:
        out.print(f"  {r['occurred_at']} {r['actor']} {r['status']} ({r['modality']}; source "
                  f"{r['source'] or 'the document'}): {r['evidence']['text']}", markup=False)


def main() -> None:
    """Entry point: exit 1 with the code and fix for user errors (bad options included), 2 for rejected rows."""
    try:
        code = app(standalone_mode=False)
    except FaultlinesError as e:
        err.print(f"Error {e}", markup=False)
        sys.exit(1)
    except typer.TyperException as e:  # bad options or arguments
        e.show()
        sys.exit(1)
    except typer.Abort:
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
