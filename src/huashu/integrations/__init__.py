"""Integrations of huashu with other tools, each behind its own extra and importing only the
public API: :mod:`huashu.integrations.dask` (``pip install "huashu[dask]"``)."""
