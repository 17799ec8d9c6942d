"""Re-derivation of "The Computational Limits of Deep Learning" (Thompson et al. 2020).

Modules, in the order data flows through them:
`registry` (the six benchmarks), `data` (load and validate `data/`), `compute` (hardware burden and
computation per pass), `samples` (which points a fit uses), `models` (the paper's two regressions),
`extrapolate` (computation needed for a target error), `costs` (energy, CO2 and dollars),
`keynumbers` (the flat table of every key number), `backtest` and `bootstrap` (the 2020 projections
against what came later). `paper` holds the values the paper published; `constants` the conversion factors.
Nothing here reads a file at import time.
"""
