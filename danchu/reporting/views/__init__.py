"""Pages of reporting: dashboards, completeness, data entry, drafted reports, open data."""

from .dashboards import catalogue, completeness_page, dashboard, export_table, home, refresh
from .entry import entry
from .history import history_page
from .opendata import open_data, open_data_file
from .pivot import pivot
from .reports import report, report_download, report_new

__all__ = [
    "catalogue",
    "completeness_page",
    "dashboard",
    "entry",
    "export_table",
    "history_page",
    "home",
    "open_data",
    "open_data_file",
    "pivot",
    "refresh",
    "report",
    "report_download",
    "report_new",
]
