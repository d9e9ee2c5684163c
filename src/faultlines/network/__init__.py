"""Signed-network algorithms: balance, frustration, coalitions, strain."""
from .frustration import (
    FrustrationResult,
    frustration_heuristic,
    frustration_index,
    frustration_lower_bound,
    frustration_of,
)
from ._signed import SignedGraphError, symmetrize
