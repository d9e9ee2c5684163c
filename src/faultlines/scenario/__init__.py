"""What-if scenarios over signed snapshots: remove actors, flip, add or drop ties, re-partition."""

from faultlines.scenario.whatif import (CHANGE_KINDS, Change, Move, Outcome, ScenarioResult, apply_changes,
                                        match_groups, outcome, what_if)

__all__ = ["CHANGE_KINDS", "Change", "Move", "Outcome", "ScenarioResult", "apply_changes", "match_groups",
           "outcome", "what_if"]
