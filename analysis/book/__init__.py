"""The book layer: page execution, formatting, figures, the build command and the what-if pages.

May import every layer below it: `analysis.report`, `analysis.stats` and `analysis.data`.
"""
