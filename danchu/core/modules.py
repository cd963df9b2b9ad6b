"""The module manifest: what an app plugs into the kernel, declared once in its `apps.py`.

    class MeetingsConfig(ModuleConfig):
        name = "danchu.meetings"
        label = "meetings"
        verbose_name = _("Village meetings")
        manifest = Manifest(
            permissions="permissions",   # register(): rule(...) for every named permission
            indicators="indicators",     # register_computed(...) / register_ratio(...) for reports
            report_sections="sections",  # report_section(...) builders and XLSX annex sections
            case_types="",               # case types and their deadline rules (cases' registry)
            categories="",               # disclosure categories
            notifications="notifications",  # notification kinds (subjects, templates, channels)
            links="links",               # OFFICE_LINKS (back office menu) and PLACE_LINKS entries
            home="home",                 # office to-dos and "my page" sections (core/home.py)
            demo="demo",                 # @demo_step(...) for `danchu demo`
            tasks="tasks",               # Huey tasks and periodic jobs
            clocks="clocks",             # register_clock(...): move stored deadlines on a calendar change
            discussions="",              # register_provider(...): run other modules' discussions (core/discussions.py)
        )

Each entry names a module of the app (relative to it), or is empty. In `ready()` the kernel imports
each named module in the order above and calls its `register()` when it has one, so every
registration of an app is listed in one place (Decidim's component manifest). A name that does not
import is an error at start-up, not a silently missing feature. `docs/new-module.md` is the checklist.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from importlib import import_module

from django.apps import AppConfig, apps


@dataclass(frozen=True)
class Manifest:
    permissions: str = ""
    indicators: str = ""
    report_sections: str = ""
    case_types: str = ""
    categories: str = ""
    notifications: str = ""
    links: str = ""
    home: str = ""
    demo: str = ""
    tasks: str = ""
    clocks: str = ""
    discussions: str = ""

    def entries(self) -> list[tuple[str, str]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)]


class ModuleConfig(AppConfig):
    """An app of danchu: its ready() plugs in what its manifest names."""

    manifest: Manifest = Manifest()
    # Django picks an apps.py's config automatically only when it is the one AppConfig subclass there
    # that does not say default = False; importing ModuleConfig puts a second one in the module, and
    # Django would then silently use a plain AppConfig (nothing registered). So ModuleConfig itself is
    # never a default, and every subclass is.
    default = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def ready(self) -> None:
        for kind, module in self.manifest.entries():
            try:
                loaded = import_module(f"{self.name}.{module}")
            except ImportError as e:
                raise ImportError(
                    f"{self.label}: manifest entry {kind}={module!r} does not import: {e}"
                ) from e
            register = getattr(loaded, "register", None)
            if callable(register):
                register()


def manifests() -> dict[str, Manifest]:
    """Every installed module's manifest, by app label."""
    return {
        config.label: config.manifest for config in apps.get_app_configs() if isinstance(config, ModuleConfig)
    }
