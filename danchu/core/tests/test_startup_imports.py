"""Starting a worker loads the URL map and every module's views and API, but not the heavy document
and number libraries: they are imported where a file is written or a map is computed (#17: a worker's
memory and start time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("docx", "weasyprint")


def test_url_map_loads_without_heavy_libraries(tmp_path: object) -> None:
    code = (
        "import json, sys, django; django.setup(); import danchu.urls; "
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danchu.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert not loaded, f"imported at start-up: {loaded}"
