"""Build danchu/places/data/provinces-2025.geojson: the 34 provinces of 1 July 2025 as simplified polygons.

The 2025 provinces are unions of whole former provinces, so the public-domain Natural Earth admin-1
boundaries (the 63 former provinces) dissolved by the merger list give them. Run once, commit the
output (a few hundred KB):

    .venv/bin/python tools/build_provinces_geojson.py ne_10m_admin_1_states_provinces.geojson

Input: Natural Earth 1:10m "Admin 1 – States, Provinces" as GeoJSON (naturalearthdata.com, or the
geojson/ folder of the natural-earth-vector repository). The merger list is the one of the
`vietnamadminunits` package (converter_2025.json), which the product already depends on; shapely
comes with it. Without Django: this is a build step, not part of the product.

A former province that cannot be matched by name stops the build with the list of names, so a new
Natural Earth spelling is noticed rather than leaving a hole in the map.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "danchu" / "places" / "data" / "provinces-2025.geojson"
# Natural Earth's spellings that differ from the official ones (folded, letters only).
ALIASES = {
    "hochiminh": "thanhphohochiminh",
    "hochiminhcity": "thanhphohochiminh",
    "thuathienhue": "thanhphohue",
    "hue": "thanhphohue",
    "baria": "tinhbariavungtau",
    "bariavungtau": "tinhbariavungtau",
    "daclac": "tinhdaklak",
    "daklak": "tinhdaklak",
    "dacnong": "tinhdaknong",
    "daknong": "tinhdaknong",
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def package_data() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("vietnamadminunits is not installed (pip install -r requirements.lock)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def merger_list() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(old province key → new province key, new province key → (code, name))."""
    data = package_data()
    with (data / "converter_2025.json").open(encoding="utf-8") as f:
        converter = json.load(f)
    old_to_new = {old: new for new, olds in converter["DICT_PROVINCE"].items() for old in olds}
    with sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT DISTINCT provinceKey, provinceCode, province FROM admin_units").fetchall()
    return old_to_new, {key: (code, name) for key, code, name in rows}


def old_key(props: dict[str, Any], keys: set[str]) -> str | None:
    for field in ("name", "name_vi", "gn_name", "woe_name", "name_alt", "name_en"):
        for value in str(props.get(field) or "").split("|"):
            folded = fold(value)
            for candidate in (folded, ALIASES.get(folded, ""), f"tinh{folded}", f"thanhpho{folded}"):
                if candidate in keys:
                    return candidate
    return None


def build(source: Path, tolerance: float) -> dict[str, Any]:
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    old_to_new, new_provinces = merger_list()
    with source.open(encoding="utf-8") as f:
        features = [f for f in json.load(f)["features"] if f["properties"].get("adm0_a3") in ("VNM", "VN1")]
    groups: dict[str, list[Any]] = {}
    unmatched = []
    for feature in features:
        key = old_key(feature["properties"], set(old_to_new))
        if key is None:
            unmatched.append(feature["properties"].get("name"))
            continue
        groups.setdefault(old_to_new[key], []).append(shape(feature["geometry"]))
    if unmatched:
        sys.exit(f"Former provinces not matched (add them to ALIASES): {unmatched}")
    out = []
    for new_key, shapes in sorted(groups.items(), key=lambda kv: new_provinces[kv[0]][0]):
        code, name = new_provinces[new_key]
        geometry = unary_union(shapes).simplify(tolerance, preserve_topology=True)
        rounded = json.loads(json.dumps(mapping(geometry)), parse_float=lambda x: round(float(x), 3))
        out.append({"type": "Feature", "properties": {"code": code, "name": name}, "geometry": rounded})
    if len(out) != 34:
        sys.exit(f"Expected 34 provinces, got {len(out)}")
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m admin-1 (public domain), dissolved by the 2025 merger list "
        "(Resolution 202/2025/QH15, via vietnamadminunits)",
        "features": out,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="ne_10m_admin_1_states_provinces.geojson")
    parser.add_argument("--tolerance", type=float, default=0.01, help="simplification, degrees")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = build(args.source, args.tolerance)
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{args.out}: {len(data['features'])} provinces, {args.out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
