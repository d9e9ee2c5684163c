"""Fracture detection on dyad scores built by hand: planted souring found, steady pairs left alone."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faultlines.detect import FractureDetector, FractureParams, cusum_down, detect_fractures
from faultlines.errors import AnalysisError
from faultlines.model import Coalition, CoalitionMember
from faultlines.model.dyads import DyadScore


def months(n: int, start=(2018, 1)) -> list[tuple[dt.date, dt.date]]:
    y, m = start
    out = []
    for _ in range(n):
        a = dt.date(y, m, 1)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append((a, dt.date(y, m, 1)))
    return out


def score(window, a, b, value, n=2, sources=("reuters", "afp")) -> DyadScore:
    a, b = sorted((a, b))
    ids = tuple(f"clm_{a}_{b}_{window[0]:%Y%m}_{i}" for i in range(n))
    return DyadScore(*window, a, b, value, n, n, len(sources), ids, tuple(sources))


CAMP = Coalition("camp", "The camp", leader="russia", members=(CoalitionMember("russia"), CoalitionMember("iran"),
                                                                CoalitionMember("syria")))


def planted(n_windows=12, onset=7, seed=0) -> list[DyadScore]:
    """Three allies cooperating; Russia–Iran turns hostile from window ``onset``; noise elsewhere."""
    rng = random.Random(seed)
    out = []
    for t, w in enumerate(months(n_windows)):
        out.append(score(w, "iran", "russia", rng.uniform(2, 4) if t < onset else -rng.uniform(4, 6)))
        out.append(score(w, "russia", "syria", rng.uniform(2, 5)))
        out.append(score(w, "iran", "syria", rng.uniform(1, 4)))
        out.append(score(w, "isis", "syria", -rng.uniform(3, 6)))
    return out


def test_a_planted_souring_inside_a_declared_coalition_is_found_with_its_onset():
    found = detect_fractures(planted(onset=5), coalitions=[CAMP])
    assert [f.pair for f in found] == [("iran", "russia")]
    [f] = found
    assert f.coalition == "camp" and f.onset == months(12)[5][0] and f.alarm > f.onset
    assert f.status == "deepening" and 0 < f.score <= 1
    assert set(f.claim_ids) == {i for s in planted(onset=5) if (s.a, s.b) == ("iran", "russia") and s.start >= f.onset
                                for i in s.claim_ids}


def test_enemies_outside_any_coalition_are_not_fractures():
    found = detect_fractures(planted(), coalitions=[CAMP])
    assert all("isis" not in f.pair for f in found)


def test_a_recent_alarm_is_emerging_and_a_recovery_is_easing():
    emerging = detect_fractures(planted(12, onset=9), coalitions=[CAMP])
    assert [f.status for f in emerging] == ["emerging"]
    recovered = planted(12, onset=4)
    recovered = [s if (s.a, s.b) != ("iran", "russia") or s.start < months(12)[7][0]
                 else score((s.start, s.end), "iran", "russia", 5.0) for s in recovered]
    [f] = detect_fractures(recovered, coalitions=[CAMP])
    assert f.status == "easing" and f.onset == months(12)[4][0]


def test_as_of_replays_the_past():
    scores = planted(12, onset=7)
    assert detect_fractures(scores, coalitions=[CAMP], as_of=months(12)[6][0]) == []
    [f] = detect_fractures(scores, coalitions=[CAMP], as_of=months(12)[9][0])
    assert f.status == "emerging"


def test_opposite_sides_of_a_third_actor_sours_allies_without_direct_hostility():
    """The US backs the SDF, Turkey fights it: the allies' own tie stays mildly positive."""
    out = []
    for t, w in enumerate(months(10)):
        out.append(score(w, "turkey", "united-states", 1.0))
        out.append(score(w, "sdf", "united-states", 6.0))
        if t >= 5:
            out.append(score(w, "sdf", "turkey", -8.0))
    alliance = Coalition("nato", "NATO", members=(CoalitionMember("turkey"), CoalitionMember("united-states")))
    found = {f.pair: f for f in detect_fractures(out, coalitions=[alliance], scale=2.0)}
    f = found[("turkey", "united-states")]
    assert f.onset == months(10)[5][0]
    assert [t.actor for t in f.third_parties] == ["sdf"]
    third = f.third_parties[0]
    assert third.actor_a == "turkey" and third.flow < 0 < third.standing
    assert detect_fractures(out, coalitions=[alliance], scale=2.0, pressure=0.0) == []


def test_partisan_sources_are_flagged_and_halve_independence():
    scores = [s if (s.a, s.b) != ("iran", "russia") else
              DyadScore(s.start, s.end, s.a, s.b, s.score, 2, 2, 1, s.claim_ids, ("tass",)) for s in planted()]
    [f] = detect_fractures(scores, coalitions=[CAMP], outlet_sides={"tass": "russia"})
    [g] = detect_fractures(scores, coalitions=[CAMP], outlet_sides={"tass": "china"})
    assert f.partisan_side == "russia" and g.partisan_side is None
    assert f.parts["independence"] == pytest.approx(g.parts["independence"] / 2, abs=1e-5)


def test_inferred_partners_need_a_positive_tie_before():
    found = FractureDetector(coalitions="inferred").fit(planted()).fractures_
    assert [f.pair for f in found] == [("iran", "russia")] and found[0].coalition == "inferred"
    hostile_from_start = planted(12, onset=0)
    assert FractureDetector(coalitions="inferred").fit(hostile_from_start).fractures_ == []


def test_the_detector_keeps_its_parameters_and_fitted_state():
    detector = FractureDetector(threshold=3.0, drift=0.25)
    assert detector.get_params()["threshold"] == 3.0 and detector.get_params()["drift"] == 0.25
    detector.fit(planted(), coalitions=[CAMP])
    assert len(detector.windows_) == 12 and len(detector.standing_) == 12 and len(detector.frustrated_) == 12
    assert detector.scale_ > 0


@pytest.mark.parametrize("params", [{"drift": -0.1}, {"threshold": 0}, {"memory_days": -5}, {"alpha": 2},
                                    {"recent_windows": 0}, {"scale": 0}, {"time_limit": 0}])
def test_out_of_range_parameters_raise_e601(params):
    with pytest.raises(AnalysisError) as e:
        FractureParams(**params)
    assert e.value.code == "E601" and next(iter(params)) in str(e.value)


def test_unknown_coalition_source_and_bad_weights_are_coded():
    with pytest.raises(AnalysisError) as e:
        FractureParams(coalitions="friends")
    assert e.value.code == "E602"
    with pytest.raises(AnalysisError) as e:
        FractureParams(weights=(("trend", 1.0),))
    assert e.value.code == "E603"


def test_no_scores_no_fractures():
    assert detect_fractures([], coalitions=[CAMP]) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-10, 10), max_size=30), st.floats(0, 2), st.floats(0.1, 5))
def test_cusum_onset_precedes_alarm_and_alarm_reaches_the_threshold(values, drift, threshold):
    c = cusum_down(values, drift=drift, threshold=threshold)
    assert len(c.stats) == len(values) and all(s >= 0 for s in c.stats)
    if c.alarm is None:
        assert all(s < threshold for s in c.stats)
    else:
        assert c.onset <= c.alarm and c.stats[c.alarm] >= threshold
        assert all(s < threshold for s in c.stats[:c.alarm])
        assert c.onset == 0 or c.stats[c.onset - 1] == 0.0
