"""Rolling actors up to the state or group they belong to, by date."""

from __future__ import annotations

import datetime as dt

from faultlines.catalogue.rollup import principal, rollup_table
from faultlines.ingest import ingest
from faultlines.model.dyads import DyadParams


def test_principals_follow_parts_offices_and_leaders_but_not_patrons(syria):
    day = dt.date(2018, 5, 17)
    assert principal(syria, "turkish-armed-forces", day) == "turkey"
    assert principal(syria, "recep-tayyip-erdogan", day) == "turkey"
    assert principal(syria, "manbij-military-council", day) == "sdf"
    assert principal(syria, "hassan-nasrallah", day) == "hezbollah"
    assert principal(syria, "hezbollah", day) == "hezbollah"  # backed by Iran, but its own actor
    # office holders stand for the state only while in office
    assert principal(syria, "donald-trump", dt.date(2016, 1, 1)) == "donald-trump"
    assert principal(syria, "donald-trump", day) == "united-states"


def test_rollup_rows_are_half_open_intervals(syria):
    rows = {(a, p, f, t) for a, p, f, t in rollup_table(syria, ["donald-trump"])}
    assert ("donald-trump", "united-states", dt.date(2017, 1, 20), dt.date(2021, 1, 20)) in rows


def test_rolled_up_dyads_merge_forces_and_leaders_into_states(store, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("date,source,target,relation,evidence\n"
                    "2018-01-20,Turkish Armed Forces,YPG,assault,The army attacked the YPG.\n"
                    "2018-03-20,Erdogan,Manbij Military Council,threaten,He threatened Manbij.\n"
                    "2018-03-21,Turkey,Turkish Armed Forces,support,Praise for the army.\n", encoding="utf-8")
    ingest(store, [path])
    plain = {(d.a, d.b) for d in store.dyad_scores(DyadParams(window="all"))}
    assert ("turkish-armed-forces", "ypg") in plain
    [rolled] = store.dyad_scores(DyadParams(window="all", rollup=True))
    assert (rolled.a, rolled.b, rolled.n_claims) == ("sdf", "turkey", 2)  # the self-tie Turkey-army is gone
