"""The coded error catalogue.

Every error a user can meet has a code, a message naming the values involved and a fix. Library
code raises the exception classes below with a code and the values; only ``cli.py`` turns them into
exit codes. Row-level problems in files are not raised: readers record them as :class:`Problem`
and go on with the next row.

>>> err = CatalogueError("E104", path="a.yaml", line=3, id="iran", first="b.yaml:9")
>>> err.code
'E104'
>>> print(err)
[E104] a.yaml:3: the id 'iran' is defined twice (first at b.yaml:9). Fix: give one of them another id, or merge the two entries.
"""

from __future__ import annotations

from dataclasses import dataclass

# code -> (message, fix). Messages and fixes are str.format templates over the error's values.
ERRORS: dict[str, tuple[str, str]] = {
    # store
    "E001": ("cannot open the store {path}: {reason}.",
             "check that the file is a Faultlines DuckDB store and that no other process is writing to it."),
    "E002": ("the store {path} has schema migrations this version does not know: {names}.",
             "upgrade Faultlines, or open a store made by this version."),
    "E003": ("there is no store at {path}.",
             "run `faultlines --db {path} init`, or ingest a file, which creates it."),
    "E004": ("the store {path} was opened read-only and cannot be written.",
             "open it without read_only to write."),
    "E005": ("the store {path} needs the schema migrations {names} and was opened read-only.",
             "run any write command on it once (e.g. `faultlines --db {path} init`) to upgrade it."),
    # ingest: files
    "E010": ("{path}: no such file or folder.", "check the path."),
    "E011": ("{path}: Faultlines cannot read files of this kind ({suffix}).",
             "give a claims file (.csv, .jsonl), a text (.txt, .md, .html), a feed (.xml, .rss, .atom) or a URL list (.urls)."),
    "E012": ("{path}: the file is not valid UTF-8 text ({reason}).",
             "save it as UTF-8 (most spreadsheet programs offer 'CSV UTF-8')."),
    "E013": ("{path}: the header lacks the required column(s) {missing}.",
             "add the column(s); required are {required} (see docs/claims-format.md)."),
    "E014": ("{path}: unknown column(s) {unknown} in the header.",
             "rename or remove them; the known columns are {known}."),
    "E015": ("{path}: the file is empty.", "give a file with a header row and claims."),
    "E016": ("{path}: the file is {size} bytes, over the cap of {limit} bytes for one document.",
             "split it, or pass a larger max_bytes (see docs/readers.md)."),
    "E017": ("{url}: cannot fetch it ({reason}).",
             "check the address in a browser; the other URLs were read, so retry only this one later."),
    "E018": ("{path}: the file is not an RSS or Atom feed ({reason}).",
             "check that it is a feed; save a single web page as .html instead (see docs/readers.md)."),
    "E019": ("{path}: there is no text to read ({reason}).",
             "check that the file or page has a body of text; pages that build their text with JavaScript "
             "cannot be read offline."),
    "E020": ("{path}: Faultlines reads no documents of this kind ({suffix}).",
             "give .txt, .md, .html, .htm, .xml, .rss, .atom or .urls files, or a folder of them "
             "(see docs/readers.md)."),
    "E021": ("text extraction is not installed ({reason}).",
             "install the nlp extra: pip install 'faultlines[nlp]' (scripts/run.py test installs it)."),
    # extraction backends (the LLM plugin, docs/extraction.md) and the evaluation harness
    "E030": ("the LLM server at {url} cannot be reached ({reason}).",
             "start the server, or check --llm-url (the base of an OpenAI-compatible API, e.g. "
             "http://127.0.0.1:8000/v1); a slow model needs a larger --llm-timeout."),
    "E031": ("the LLM server at {url} answered HTTP {status} ({reason}).",
             "4xx: check --llm-model and the key in $FAULTLINES_LLM_API_KEY; 5xx: the server failed, see its log."),
    "E032": ("the LLM server at {url} did not answer with a chat completion ({reason}).",
             "check that --llm-url is an OpenAI-compatible API that serves POST /chat/completions."),
    "E033": ("{path}:{line}: the model's answer for characters {start}-{end} is not the JSON asked for ({reason}); "
             "that part of the text yielded nothing.",
             "use a model or server that supports JSON output (response_format); the rest of the text was read."),
    "E034": ("{path}:{line}: the model's evidence {evidence!r} is not in the text; its claim {source} {relation} "
             "{target} was dropped.",
             "nothing to fix in the text: claims are kept only with evidence quoted exactly; a model that "
             "paraphrases yields fewer claims."),
    "E035": ("{path}:{line}: the model's {what} was dropped: {reason}.",
             "nothing to fix in the text; a model that follows the prompt's vocabulary and names yields more claims."),
    "E036": ("the extractor cannot be set up: {reason}.",
             "use --extractor rules (the default) or --extractor llm with --llm-url and --llm-model "
             "(or $FAULTLINES_LLM_URL and $FAULTLINES_LLM_MODEL)."),
    "E037": ("{path}:{line}: the document {doc} was not extracted and not stored: {reason}",
             "fix the cause and ingest the file again; --on-error raise stops at the first such failure."),
    "E038": ("{path}: no gold files ({reason}).",
             "give gold files (format faultlines.gold.v1, docs/extraction.md) or a folder of them."),
    "E039": ("{path}: not a usable gold file ({reason}).",
             "fix it as docs/extraction.md describes the format faultlines.gold.v1."),
    # catalogue
    "E025": ("{path}:{line}: {reason}.", "milestone files have the columns a,b,public,what with dates as YYYY-MM-DD."),
    "E101": ("{path}:{line}: {reason}.", "make the file a YAML mapping as described in docs/catalogue.md."),
    "E102": ("{path}:{line}: unknown key '{key}' in {where}.",
             "use one of: {allowed}; or remove it (see docs/catalogue.md)."),
    "E103": ("{path}:{line}: {where}: {reason}.", "see docs/catalogue.md for the form of each key."),
    "E104": ("{path}:{line}: the id '{id}' is defined twice (first at {first}).",
             "give one of them another id, or merge the two entries."),
    "E105": ("{path}:{line}: {where} names '{id}', which no loaded catalogue defines.",
             "define an actor with that id, fix the spelling, or add the catalogue that defines it to `requires`."),
    "E106": ("{path}:{line}: {what} overlaps {other} ({first}).",
             "correct the dates; intervals are half-open, so a handover day is `to` of one and `from` of the next."),
    "E107": ("{path}:{line}: {where}: {reason}.", "write dates as YYYY, YYYY-MM or YYYY-MM-DD with from <= to."),
    "E108": ("{path}:{line}: requires the catalogue '{name}', which is not known.",
             "use a bundled catalogue ({known}) or give its folder with --catalogue."),
    # actors
    "E120": ("no actor is known by the name '{name}'.",
             "check the spelling, use an id from `faultlines actors`, or add the actor to a catalogue."),
    "E121": ("the name '{name}' is ambiguous: it may be {candidates}.",
             "use one of those ids, or a longer name."),
    # analyst claims rows
    "E201": ("{path}:{line}: the row has {n_fields} fields, the header has {n_header}.",
             "check the row's quoting and commas; a row cut short or with an unquoted comma breaks the count."),
    "E202": ("{path}:{line}: the required value '{column}' is empty.", "fill it in."),
    "E203": ("{path}:{line}: {column} '{value}' is not a date.", "write YYYY-MM-DD, YYYY-MM or YYYY."),
    "E204": ("{path}:{line}: unknown relation '{value}'.", "use one of: {allowed}."),
    "E205": ("{path}:{line}: {column} '{value}' is not a number in [{low}, {high}].",
             "give a number from {low} to {high}, or leave it empty for the default."),
    "E206": ("{path}:{line}: unknown {column} '{value}'.", "use one of: {allowed}."),
    "E207": ("{path}:{line}: the line is not a JSON object ({reason}).",
             "write one JSON object per line with the claims-file field names."),
    "E208": ("{path}:{line}: the {column} name '{value}' is ambiguous: it may be {candidates}.",
             "use one of those ids instead of the name."),
    "E210": ("{path}:{line}: {reason}.",
             "close the quote or complete the row; the rows after it were read on their own."),
    "E220": ("{path}:{line}: the sign '{value}' is not 1 or -1.",
             "write 1 (or +) for a positive tie and -1 (or -) for a negative one; put strength in `weight`."),
    "E209": ("{path}:{line}: unknown field(s) {unknown}.", "use the claims-file field names: {known}."),
    # event datasets (docs/events.md)
    "E230": ("{path}:{line}: the row has {n_fields} fields, the {dataset} layout has {expected}.",
             "check the row for stray tabs or a cut line; the other rows were read."),
    "E231": ("{path}:{line}: the row cannot be read ({reason}).",
             "save the file as UTF-8 and close every quote; the other rows were read."),
    "E232": ("{path}:{line}: the date '{value}' is not a {dataset} date ({expected}).",
             "correct the date; the other rows were read."),
    "E233": ("{path}:{line}: the {dataset} event code '{value}' is not in the mapping {mapping}.",
             "correct the code, or add it to the mapping file named in docs/events.md."),
    "E234": ("{path}:{line}: the event id '{value}' is empty or not a plain id (letters, digits, . _ : -).",
             "correct the id; it is how the row is cited as evidence."),
    "E235": ("{path}: cannot read it as {dataset} ({reason}).",
             "check that the file is a whole {dataset} export (a .zip must hold exactly one data file)."),
    # model
    "E301": ("{cls}.{field}: {reason} (got {value!r}).", "pass a valid value; see the class docstring."),
    # analysis
    "E501": ("unknown scenario change '{kind}'.", "use one of: {allowed}."),
    "E502": ("the change '{kind}' needs two actors.", "give both ends of the tie."),
    "E503": ("adding the tie {u}–{v} needs a non-zero signed weight.", "give a weight such as -5 or 3."),
    "E504": ("the actor '{actor}' is not in the snapshot.", "check the id, the window, and the evidence thresholds."),
    "E505": ("there is no tie {u}–{v} in the snapshot to change.", "use add_edge to create it."),
    # detect
    "E601": ("the fracture parameter {name}={value!r} is out of range: {reason}.",
             "see docs/fractures.md for what each parameter means and its range."),
    "E602": ("unknown coalition source '{value}'.", "use one of: {allowed}."),
    "E603": ("the fracture weights are not usable: {reason}.",
             "give non-negative weights for {allowed}, at least one of them > 0."),
    "E520": ("no actor in the snapshot has foes that are hostile to each other, so there is no common enemy to remove.",
             "name the adversary with --enemy, or use a longer window with more evidence."),
    "E630": ("cannot write a brief to {path}: {reason}.",
             "give a path ending in .html, .htm or .md in a folder that exists."),
    "E510": ("the graph cannot be analysed as a signed network: {reason}.",
             "fix the graph as the message says; docs/scoring.md says what the network functions accept."),
    # report: plots
    "E640": ("{n_windows} window label(s) were given with {n_partitions} partition(s).",
             "give one list of groups per window label, in the same order."),
    "E641": ("the frustrated pair {u}–{v} is not a tie of the graph.",
             "mark only ties of the plotted graph (e.g. the frustrated_edges of its balance record)."),
    # CLI
    "E401": ("the --since date '{value}' is after the --until date '{until}'.", "swap them."),
    # places and territorial control (docs/places.md)
    "E900": ("{path}:{line}: {reason}.", "make the file a YAML mapping as described in docs/places.md."),
    "E901": ("{path}:{line}: unknown key '{key}' in {where}.", "use one of: {allowed}; or remove it (see docs/places.md)."),
    "E902": ("{path}:{line}: {where}: {reason}.", "see docs/places.md for the form of each key."),
    "E903": ("{path}:{line}: the place id '{id}' is defined twice (first at {first}).",
             "give one of them another id, or merge the two entries."),
    "E904": ("{path}:{line}: the place '{id}' names the parent '{parent}', which no loaded gazetteer defines.",
             "define a place with that id, or fix the spelling of `parent`."),
    "E905": ("{path}:{line}: {where}: {reason}.",
             "write coordinates as decimal degrees, lat in [-90, 90] and lon in [-180, 180]; shapes as [lon, lat] pairs."),
    "E910": ("no place is known by the name '{name}'.",
             "check the spelling, use an id from `faultlines places`, or add the place to a gazetteer (docs/places.md)."),
    "E911": ("the place name '{name}' is ambiguous: it may be {candidates}.", "use one of those ids, or a longer name."),
    "E912": ("cannot write {path}: {reason}.", "give a file path whose folder exists (mkdir -p FOLDER first)."),
    # exports
    "E620": ("unknown export format '{fmt}'.", "use one of: {allowed} (see docs/exports.md)."),
    "E621": ("cannot write the export to {path}: {reason}.",
             "give a file path whose folder exists; create a missing folder first (mkdir -p FOLDER)."),
    "E622": ("the {field} id {value!r} of the tie {u}–{v} is empty or contains whitespace, so it cannot be "
             "joined into a space-separated list.",
             "export as json, which keeps lists as lists, or give the claim or source an id without spaces."),
    "E623": ("the graphs are not a list of snapshots: {reason}.",
             "pass the list that faultlines.network.snapshots.snapshots returns: one graph per window, "
             "each with G.graph['window'] = (start, end), in order of start."),
    "E624": ("the attribute '{key}' of the actor '{actor}' is {type}, not a single value.",
             "give str, int, float, bool or None values (join lists into one string first)."),
    # runners (docs/runners.md)
    "E700": ("the ray runner needs Ray, which is not installed ({reason}).",
             "install the ray extra: pip install 'faultlines[ray]', or use --runner process."),
    "E701": ("cannot reach or start the Ray cluster at {address} ({reason}).",
             "on the cluster run `ray start --head`, then give --ray-address ray://HOST:10001 (or auto on a "
             "cluster node); without --ray-address and $RAY_ADDRESS a local Ray is started."),
    "E702": ("{path}:{line}: the worker extracting the document {doc} died ({reason}); the document was not "
             "stored.",
             "the other documents were stored; check the worker's memory and logs, then run the same command "
             "again: only the documents not yet stored are extracted."),
    "E703": ("the shard {shard} cannot be read ({reason}); nothing was merged, the store is as it was, and "
             "the shard was discarded.",
             "run the same command again: the documents of the shard are extracted again."),
    "E704": ("the runner cannot be set up: {reason}.",
             "use --runner serial, process or ray with --workers and --shard-size of at least 1 "
             "(docs/runners.md)."),
    # web app (docs/web.md)
    "E800": ("there is no window starting {value}; the store's windows run from {first} to {last}.",
             "pick a window listed at /api/windows (the start date, YYYY-MM-DD)."),
    "E801": ("there is no tie {a}–{b} in the window starting {window}.",
             "pick a tie drawn in that window (/api/graph?window={window} lists them)."),
    "E802": ("there is no page or API route at {path}.", "see /api for the routes and /openapi.json for their parameters."),
    "E803": ("the request is not valid: {reason}.", "see /openapi.json for the parameters each route takes."),
    "E804": ("the server failed on {path} ({reason}).", "see the server's log; the store was not changed."),
    "E805": ("the web app cannot start: {reason}.",
             "install the web extra (pip install 'faultlines[web]'), or pick a free --port."),
}

# Warnings are reported, not raised: the work went on.
WARNINGS: dict[str, str] = {
    "W221": "{path}:{line}: a self-loop on '{value}' was dropped: a tie of an actor with itself has no sign.",
    "W222": "{path}:{line}: the tie {u}–{v} appears again with the other sign; the values were summed.",
    "W201": "{path}:{line}: '{value}' is not in the catalogue; stored as the provisional actor '{actor_id}'.",
    "W230": "{path}:{line}: {dataset} actor(s) not in the catalogue, first met on this row, stored as "
            "provisional actors: {actors}.",
    "W231": "{path}:{line}: {n} {dataset} row(s), the first on this line, name no actor on one side and give no "
            "claim.",
    "W232": "{path}:{line}: {n} {dataset} row(s), the first on this line, have event codes that carry no relation "
            "in {mapping} ({codes}) and give no claim.",
    "W012": "{path}: the text is not UTF-8; it was read as {encoding}, the encoding that fits it best.",
    "W013": "{path}: the date '{value}' is not understood; the document has no publication date.",
    "W016": "{path}: the main text could not be extracted ({reason}); all the page's text was kept, "
            "boilerplate included.",
    "W901": "{dataset} row {row}: the nearest place {place} ({km} km) is not in the row's admin area {admin}; "
            "the place is kept, check the coordinates.",
}


class FaultlinesError(Exception):
    """Base class: an error with a code from :data:`ERRORS`, its values and a fix."""

    def __init__(self, code: str, **values: object) -> None:
        message, fix = ERRORS[code]
        self.code = code
        self.values = values
        self.message = message.format(**values)
        self.fix = fix.format(**values)
        super().__init__(f"[{code}] {self.message} Fix: {self.fix}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return f"[{self.code}] {self.message} Fix: {self.fix}"

    def to_problem(self) -> "Problem":
        """This error as a :class:`Problem` of the file and line it names."""
        return Problem(self.code, str(self.values.get("path", "")), int(self.values.get("line", 0)), str(self))

    @classmethod
    def from_problem(cls, problem: "Problem", *, more: int = 0) -> "FaultlinesError":
        """Raise a recorded problem; ``more`` says how many others were found with it."""
        err = cls.__new__(cls)
        err.code, err.values = problem.code, {"path": problem.path, "line": problem.line}
        text = problem.text.split("] ", 1)[-1]
        err.message, _, err.fix = text.partition(" Fix: ")
        if more:
            err.fix += f" ({more} more problem(s): run `faultlines catalogue check` to see all.)"
        Exception.__init__(err, str(err))
        return err


class IngestError(FaultlinesError, ValueError):
    """A file cannot be ingested at all (rows with problems are :class:`Problem`, not errors)."""


class CatalogueError(FaultlinesError, ValueError):
    """A catalogue file is invalid."""


class StoreError(FaultlinesError, RuntimeError):
    """The store cannot be opened or written."""


class ExtractorError(FaultlinesError, RuntimeError):
    """An extraction backend failed as a whole (the LLM server is unreachable or answers garbage)."""


class AnalysisError(FaultlinesError, ValueError):
    """An analysis was asked something it cannot answer."""


class ModelError(FaultlinesError, ValueError):
    """A data-model object was built with an invalid value."""


class UnknownActor(FaultlinesError, KeyError):
    """A name resolves to no actor."""


class AmbiguousActor(FaultlinesError, KeyError):
    """A name resolves to several actors; ``values['candidates']`` lists them."""


class UsageError(FaultlinesError, ValueError):
    """A command was called with options that do not fit together."""


class GazetteerError(FaultlinesError, ValueError):
    """A gazetteer file is invalid, or a place name is unknown or ambiguous (docs/places.md)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found while reading a file: a rejected row (``E…``) or a warning (``W…``).

    >>> p = Problem.error("E202", path="c.csv", line=4, column="date")
    >>> p.text
    "[E202] c.csv:4: the required value 'date' is empty. Fix: fill it in."
    """

    code: str
    path: str
    line: int
    text: str

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")

    @classmethod
    def error(cls, code: str, *, path: str, line: int, **values: object) -> "Problem":
        message, fix = ERRORS[code]
        values = {"path": path, "line": line, **values}
        return cls(code, path, line, f"[{code}] {message.format(**values)} Fix: {fix.format(**values)}")

    @classmethod
    def warning(cls, code: str, *, path: str, line: int, **values: object) -> "Problem":
        values = {"path": path, "line": line, **values}
        return cls(code, path, line, f"[{code}] {WARNINGS[code].format(**values)}")
