"""Report outputs of the later pages."""
from __future__ import annotations

import pandas as pd

from .context import ReportContext

OUTPUTS = []


def build(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """Every output of this module, by written name."""
    return {}
