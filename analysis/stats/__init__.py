"""The statistics layer: hardware burden, samples, fits, extrapolations, bootstrap, back-test, costs, reconciliation,
the reproduction scale, trends, sensitivity and the judgement rules.

Pure functions on data frames; may import `analysis.data` (the data and its contract) and nothing above it.
"""
