"""Re-derivation of "The Computational Limits of Deep Learning" (Thompson et al. 2020), in four layers.

Each layer imports only the layers below it (checked by tests/test_layers.py):

- `analysis.data`: the data and its contract: load and validate `data/` (`analysis.data`), the benchmarks
  (`registry`), the values the paper published (`paper`), conversion factors (`constants`), paths (`paths`);
- `analysis.stats`: hardware burden, samples, fits, extrapolations, bootstrap, back-test, costs, reconciliation,
  the reproduction scale, trends, sensitivity and the judgement rules (`rules`);
- `analysis.report`: the build's context, the key numbers and every declared output of the pages, with the
  sentences they show (`prose`, `answer`);
- `analysis.book`: page execution, formatting, figures, the build command (`build`) and the what-if pages (`whatif`).

Nothing here reads a file at import time.
"""
