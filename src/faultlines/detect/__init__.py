"""Fractures: souring relations inside coalitions, and the common-enemy test.

Pure functions over dyad scores and graphs; the store supplies the scores (docs/fractures.md).
"""

from faultlines.detect.common_enemy import CommonEnemyResult, common_enemy_test, enemy_candidates
from faultlines.detect.cusum import Cusum, cusum_down
from faultlines.detect.fractures import FractureDetector, detect_fractures
from faultlines.detect.params import FractureParams

__all__ = ["CommonEnemyResult", "Cusum", "FractureDetector", "FractureParams", "common_enemy_test", "cusum_down", "detect_fractures",
           "enemy_candidates"]
