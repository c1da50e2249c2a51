"""The statistics registry: what a figure, a period, a span of time and a report section are.

Domain apps register their figures (`figures_registry.py`) and report sections with it, as
Django apps register with the admin; the statistics pages, API and report (`shequ.stats`) read
only through it and never import a domain app (import contracts in pyproject.toml).
"""
