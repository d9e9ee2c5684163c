"""The event-dataset formats Faultlines reads, and how each is recognised from its first line.

A format pairs a :class:`~faultlines.store.events.Layout` (which columns give what) with how its
actor keys resolve and how its event codes are scored. Files with a header are recognised by the
names in it; GDELT's headerless files by their width (57, 58, 61 or 16 tab-separated fields) and a
numeric first field.

>>> [f.name for f in FORMATS]
['gdelt1', 'gdelt1-historical', 'gdelt2', 'gdelt2-mentions', 'icews', 'polecat', 'acled', 'ucdp-ged']
>>> sniff_format("ARG10607,2022-06-30" , ["event_id_cnty", "event_date", "actor1", "actor2", "event_type"]).name
'acled'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from faultlines.ingest.events import mappings
from faultlines.store.events import Layout

_GDELT_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_EVENT = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone")


def _gdelt_columns(geo: tuple[str, ...]) -> tuple[str, ...]:
    return ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
            *(f"Actor1{c}" for c in _GDELT_ACTOR), *(f"Actor2{c}" for c in _GDELT_ACTOR), *_EVENT,
            *(f"Actor1Geo_{c}" for c in geo), *(f"Actor2Geo_{c}" for c in geo), *(f"ActionGeo_{c}" for c in geo),
            "DATEADDED", "SOURCEURL")


GDELT1_COLUMNS = _gdelt_columns(_GEO)
# GDELT 1.0's backfiles (1979 to March 2013) have no SOURCEURL: it starts with the daily files
GDELT1_HISTORICAL_COLUMNS = GDELT1_COLUMNS[:-1]
GDELT2_COLUMNS = _gdelt_columns(_GEO2)
MENTIONS_COLUMNS = ("GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
                    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
                    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo",
                    "Extras")
ICEWS_COLUMNS = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                 "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                 "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude")
POLECAT_COLUMNS = ("Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Contexts",
                   "Actor Name", "Actor Country", "Recipient Name", "Recipient Country", "Source")
ACLED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
                 "actor2", "assoc_actor_2", "inter2", "interaction", "iso", "country", "source", "fatalities")
UCDP_COLUMNS = ("id", "type_of_violence", "conflict_new_id", "dyad_new_id", "side_a_new_id", "side_a",
                "side_b_new_id", "side_b", "date_start", "date_prec", "where_prec", "country", "best")

_GDELT_CODES = (("cameo_event", "EventCode"), ("cameo_base", "EventBaseCode"), ("cameo_root", "EventRootCode"),
                ("quad_class", "QuadClass"), ("goldstein", "GoldsteinScale"), ("actor1_code", "Actor1Code"),
                ("actor2_code", "Actor2Code"), ("num_mentions", "NumMentions"), ("num_sources", "NumSources"),
                ("avg_tone", "AvgTone"), ("action_country", "ActionGeo_CountryCode"), ("url", "SOURCEURL"))


def _gdelt_layout(dataset: str, columns: tuple[str, ...]) -> Layout:
    return Layout(dataset, columns, row_id="GLOBALEVENTID", day="SQLDATE", day_format="%Y%m%d",
                  source=("Actor1Code", "Actor1CountryCode", "Actor1Type1Code"), source_name="Actor1Name",
                  target=("Actor2Code", "Actor2CountryCode", "Actor2Type1Code"), target_name="Actor2Name",
                  event=("EventCode",), codes=tuple((k, c) for k, c in _GDELT_CODES if c in columns))


@dataclass(frozen=True)
class EventFormat:
    """One dataset format: its layout, how its actor keys resolve and its events are scored.

    ``confidence`` is given to each of its claims (GDELT's machine coding is noisier than ICEWS's,
    ACLED and UCDP are coded by hand); ``required`` are the header names that identify it.
    """

    name: str
    layout: Layout
    extractor: str
    confidence: float
    resolver: str  # the ActorKeys method for its actor keys
    score: Callable[[str], mappings.Scored | None]
    required: frozenset[str]  # header names (lower case) that identify it; empty for headerless files
    mentions: bool = False

def _cameo(column: str) -> Callable[[str], mappings.Scored | None]:
    return lambda code: mappings.cameo_event(code, column)


FORMATS: tuple[EventFormat, ...] = (
    EventFormat("gdelt1", _gdelt_layout("gdelt1", GDELT1_COLUMNS), "events.gdelt1@1", 0.5, "cameo",
                _cameo("goldstein_gdelt"), frozenset()),
    # the same dataset and event ids as the daily files: an event in both is one claim
    EventFormat("gdelt1-historical", _gdelt_layout("gdelt1", GDELT1_HISTORICAL_COLUMNS), "events.gdelt1@1", 0.5,
                "cameo", _cameo("goldstein_gdelt"), frozenset()),
    EventFormat("gdelt2", _gdelt_layout("gdelt2", GDELT2_COLUMNS), "events.gdelt2@1", 0.5, "cameo",
                _cameo("goldstein_gdelt"), frozenset()),
    EventFormat("gdelt2-mentions", Layout(
        "gdelt2", MENTIONS_COLUMNS, row_id="GLOBALEVENTID", day="MentionTimeDate", day_format="%Y%m%d%H%M%S",
        source=("MentionSourceName",), target=("MentionSourceName",), event=("MentionType",),
        codes=(("url", "MentionIdentifier"), ("confidence", "Confidence"))),
        "events.gdelt2-mentions@1", 0.5, "name", lambda _: None, frozenset(), mentions=True),
    EventFormat("icews", Layout(
        "icews", ICEWS_COLUMNS, row_id="Event ID", day="Event Date", day_format="%Y-%m-%d",
        source=("Source Name", "Source Sectors", "Source Country"), target=("Target Name", "Target Sectors",
                                                                           "Target Country"),
        event=("CAMEO Code",), na="NA",
        codes=(("cameo_event", "CAMEO Code"), ("intensity", "Intensity"), ("source_name", "Source Name"),
               ("source_sectors", "Source Sectors"), ("source_country", "Source Country"),
               ("target_name", "Target Name"), ("target_sectors", "Target Sectors"),
               ("target_country", "Target Country"), ("story_id", "Story ID"), ("sentence", "Sentence Number"),
               ("publisher", "Publisher"), ("country", "Country"))),
        "events.icews@1", 0.7, "icews", _cameo("goldstein_icews"),
        frozenset({"event id", "event date", "source name", "cameo code", "target name"})),
    EventFormat("polecat", Layout(
        "polecat", POLECAT_COLUMNS, row_id="Event ID", day="Event Date", day_format="%Y-%m-%d",
        source=("Actor Name", "Actor Country"), target=("Recipient Name", "Recipient Country"),
        event=("Event Type",), codes=(("plover_event", "Event Type"), ("mode", "Event Mode"),
                                     ("intensity", "Event Intensity"), ("contexts", "Contexts"),
                                     ("source", "Source"))),
        "events.polecat@1", 0.6, "name", mappings.plover_event,
        frozenset({"event id", "event date", "event type", "actor name", "recipient name"})),
    EventFormat("acled", Layout(
        "acled", ACLED_COLUMNS, row_id="event_id_cnty", day="event_date", day_format="%Y-%m-%d",
        source=("actor1",), target=("actor2",), event=("event_type", "sub_event_type"),
        codes=(("event_type", "event_type"), ("sub_event_type", "sub_event_type"), ("inter1", "inter1"),
               ("inter2", "inter2"), ("interaction", "interaction"), ("fatalities", "fatalities"),
               ("iso", "iso"), ("source", "source")),
        associates=(("actor1", "assoc_actor_1"), ("actor2", "assoc_actor_2"))),
        "events.acled@1", 0.8, "acled", mappings.acled_event,
        frozenset({"event_id_cnty", "event_date", "actor1", "actor2", "event_type"})),
    EventFormat("ucdp-ged", Layout(
        "ucdp-ged", UCDP_COLUMNS, row_id="id", day="date_start", day_format="%Y-%m-%d",
        source=("side_a_new_id", "side_a"), source_name="side_a", target=("side_b_new_id", "side_b"),
        target_name="side_b", event=("type_of_violence",),
        codes=(("type_of_violence", "type_of_violence"), ("conflict_new_id", "conflict_new_id"),
               ("dyad_new_id", "dyad_new_id"), ("side_a_new_id", "side_a_new_id"),
               ("side_b_new_id", "side_b_new_id"), ("best", "best"), ("date_prec", "date_prec"),
               ("where_prec", "where_prec"), ("country", "country"))),
        "events.ucdp-ged@1", 0.8, "ucdp", mappings.ucdp_event,
        frozenset({"id", "side_a", "side_b", "type_of_violence", "date_start"})),
)
BY_NAME = {f.name: f for f in FORMATS}
_HEADERLESS = {57: "gdelt1-historical", 58: "gdelt1", 61: "gdelt2", 16: "gdelt2-mentions"}


def sniff_format(first_line: str, fields: list[str]) -> EventFormat | None:
    """The format whose header (or, for GDELT, whose headerless first row) ``fields`` match."""
    names = {f.strip().lower() for f in fields}
    for fmt in FORMATS:
        if fmt.required and fmt.required <= names:
            return fmt
    if {"globaleventid", "mentionidentifier"} <= names:
        return BY_NAME["gdelt2-mentions"]
    if {"globaleventid", "sqldate", "actor1code"} <= names:
        return BY_NAME.get(_HEADERLESS.get(len(fields), ""))
    if "\t" in first_line and len(fields) in _HEADERLESS and re.fullmatch(r"\d+", fields[0].strip()):
        return BY_NAME[_HEADERLESS[len(fields)]]
    return None
