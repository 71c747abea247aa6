"""The HTML report: plain data from a run (tested without a browser), then a Jinja2 page."""

from __future__ import annotations

from typing import Any

from .._errors import HuashuError

__all__ = ["ReportError", "render_html", "report_data"]


class ReportError(HuashuError, RuntimeError):
    """The HTML report cannot be made (its optional dependencies are not installed)."""


def report_data(*args: Any, **kwargs: Any) -> dict[str, Any]:
    raise NotImplementedError


def render_html(data: dict[str, Any]) -> str:
    raise NotImplementedError


def require() -> None:
    pass
