"""Signed-network algorithms: balance, frustration, coalitions, strain."""
from .frustration import (
    FrustrationResult,
    frustration_heuristic,
    frustration_index,
    frustration_lower_bound,
    frustration_of,
)
from ._signed import SignedGraphError, symmetrize
from .balance import local_balance, triangle_balance, triangle_census, walk_balance
from .coalitions import (
    CoalitionResult,
    coalitions_exact,
    coalitions_heuristic,
    partition_criterion,
)
from .strain import (
    Cohesion,
    EdgeStrain,
    NodeStrain,
    coalition_cohesion,
    edge_strain,
    node_strain,
)

__all__ = [
    "Cohesion",
    "CoalitionResult",
    "EdgeStrain",
    "FrustrationResult",
    "NodeStrain",
    "SignedGraphError",
    "coalition_cohesion",
    "coalitions_exact",
    "coalitions_heuristic",
    "edge_strain",
    "frustration_heuristic",
    "frustration_index",
    "frustration_lower_bound",
    "frustration_of",
    "local_balance",
    "node_strain",
    "partition_criterion",
    "symmetrize",
    "triangle_balance",
    "triangle_census",
    "walk_balance",
]
