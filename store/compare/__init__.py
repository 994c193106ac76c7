"""The comparison engine: pure polars functions, DataFrames in and out, no I/O, no Textual."""

from store.compare.common import OBS_SCHEMA, empty_obs, members_at, obs_frame
from store.compare.matrix import discussion_candidates, indicator_matrix
from store.compare.positions import (
    REFERENCES,
    distribution,
    member_positions,
    reference_distributions,
)
from store.compare.practice import practice_effect
from store.compare.series import figures_for, time_series, to_quarterly

__all__ = [
    "OBS_SCHEMA", "REFERENCES", "discussion_candidates", "distribution",
    "empty_obs", "figures_for", "indicator_matrix", "member_positions", "members_at",
    "obs_frame", "practice_effect", "reference_distributions", "time_series", "to_quarterly",
]
