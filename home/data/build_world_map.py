"""Build ``world_map.json`` from the ``@svg-maps/world`` npm package.

Usage (from the repository root)::

    mkdir mapwork && (cd mapwork && npm init -y && npm install @svg-maps/world)
    python home/data/build_world_map.py mapwork/node_modules/@svg-maps/world/index.js

The package (MapSVG's world map, republished by Victor Cazanave) is licensed
CC BY 4.0: the attribution string written to the JSON must stay visible
wherever the map is shown. We modify it (simplified outlines, merged
territories), which CC BY 4.0 also asks us to say.

What the script does to keep the file small for phones on little data:

* parses the source paths (only relative ``m`` / implicit ``l`` / ``z``);
* simplifies each ring with Douglas-Peucker (``TOLERANCE`` viewBox units);
* drops rings whose area is below ``MIN_RING_AREA`` unless it is the largest
  ring of its country, so no country disappears;
* snaps points to whole viewBox units (a third of a pixel on a phone), and
  the outline of a country too small for that (Singapore, the Maldives) to a
  1/10 unit grid, and writes them back as relative coordinates with the
  shortest number syntax (``-.3`` rather than ``-0.3``);
* maps the package ids onto upper-case ISO 3166-1 alpha-2 codes, merging the
  non-ISO pieces (US minor outlying islands, French scattered islands).

Plain Python on purpose (no Django, no third-party imports) so it runs anywhere.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

ATTRIBUTION = "Map: MapSVG via @svg-maps/world by Victor Cazanave, CC BY 4.0, simplified"

# Douglas-Peucker tolerance in viewBox units (the viewBox is 1010 wide, so one
# unit is about one CSS pixel when the map is shown at desktop width).
TOLERANCE = 0.8
# Rings smaller than this (in square viewBox units) are dropped, except the
# largest ring of each country.
MIN_RING_AREA = 1.5
# Coordinates are kept on a grid of 1/SCALE viewBox units (one decimal), and
# outlines snapped to GRID of those steps (whole units), which halves the
# compressed map; a country whose outline would vanish keeps the finer grid.
SCALE = 10
GRID = 10

# Package ids that are not ISO 3166-1 alpha-2 codes, merged into the territory
# ISO counts them in.
MERGE = {
    "um-dq": "UM",  # Jarvis Island
    "um-fq": "UM",  # Baker Island
    "um-hq": "UM",  # Howland Island
    "um-jq": "UM",  # Johnston Atoll
    "um-mq": "UM",  # Midway Islands
    "um-wq": "UM",  # Wake Island
    "go": "TF",  # Glorioso Islands (Îles Éparses)
    "ju": "TF",  # Juan de Nova Island (Îles Éparses)
}
# Names for codes django-countries does not know (user-assigned codes).
EXTRA_NAMES = {"XK": "Kosovo"}

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z]")

Point = tuple[float, float]


def load_package(path: Path) -> dict:
    """Read the package's ``index.js`` (``export default {...}``) or a JSON file."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("{") : text.rindex("}") + 1])


def parse_rings(d: str) -> list[list[Point]]:
    """Absolute point rings from a path using only m/l/z (relative or absolute)."""
    rings: list[list[Point]] = []
    ring: list[Point] = []
    x = y = 0.0
    start = (0.0, 0.0)
    command = "l"
    pending: list[float] = []
    for part in NUMBER.findall(d):
        if part.isalpha():
            if part not in "mMlLzZ":
                raise ValueError(f"unsupported path command {part!r}")
            if part in "zZ":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start
                command = "l"
            else:
                command = part
            continue
        pending.append(float(part))
        if len(pending) < 2:
            continue
        dx, dy = pending
        pending = []
        if command in "ml":
            x, y = x + dx, y + dy
        else:
            x, y = dx, dy
        if command in "mM":
            if ring:
                rings.append(ring)
            ring = []
            start = (x, y)
            # Further pairs after a moveto are linetos of the same kind.
            command = "l" if command == "m" else "L"
        ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def ring_area(ring: list[Point]) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Simplify an open polyline, keeping both ends (iterative, no recursion)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, 0
        for i in range(first + 1, last):
            dist = _distance(points[i], points[first], points[last])
            if dist > best:
                best, index = dist, i
        if best > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list[Point], tolerance: float) -> list[Point]:
    """Simplify a closed ring: split it at the point farthest from its start."""
    if len(ring) < 4:
        return list(ring)
    start = ring[0]
    far = max(range(len(ring)), key=lambda i: math.dist(start, ring[i]))
    first = douglas_peucker(ring[: far + 1], tolerance)
    second = douglas_peucker([*ring[far:], start], tolerance)
    return first + second[1:-1]


def snap(ring: list[Point], step: int = GRID) -> list[tuple[int, int]]:
    """Round to multiples of step/SCALE units, dropping repeated points."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x * SCALE / step) * step, round(y * SCALE / step) * step)
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def fmt(value: int) -> str:
    """Shortest decimal for value / SCALE: 12 -> '1.2', -3 -> '-.3', 20 -> '2'."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), SCALE)
    if tenth == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{tenth}"


def join_numbers(numbers: list[str]) -> str:
    """Join numbers, omitting the separator where the syntax allows it."""
    out = ""
    previous = ""
    for n in numbers:
        if out and not n.startswith("-") and not (n.startswith(".") and "." in previous):
            out += " "
        out += n
        previous = n
    return out


def encode(rings: list[list[tuple[int, int]]]) -> str:
    """Relative path data: ``m`` + implicit linetos + ``z`` per ring."""
    parts = []
    cx = cy = 0
    for ring in rings:
        numbers = []
        for x, y in ring:
            numbers += [fmt(x - cx), fmt(y - cy)]
            cx, cy = x, y
        parts.append("m" + join_numbers(numbers) + "z")
        # After z the current point is the start of the ring.
        cx, cy = ring[0]
    return "".join(parts)


def country_rings(paths: list[str]) -> list[list[tuple[int, int]]]:
    rings = [ring for d in paths for ring in parse_rings(d)]
    largest = max(rings, key=ring_area)
    out = []
    for ring in rings:
        if ring is not largest and ring_area(ring) < MIN_RING_AREA:
            continue
        simple = snap(simplify_ring(ring, TOLERANCE))
        if len(simple) < 3:
            # Simplification flattened a small ring: keep its snapped outline.
            simple = snap(ring)
        if len(simple) < 3 and ring is largest:
            # A small country: its outline on the finer grid, so it stays on the map.
            simple = snap(ring, step=1)
        if len(simple) >= 3:
            out.append(simple)
    return out


def build(package: dict) -> dict:
    by_code: dict[str, list[str]] = {}
    for location in package["locations"]:
        code = MERGE.get(location["id"], location["id"].upper())
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise ValueError(f"unexpected id {location['id']!r}")
        by_code.setdefault(code, []).append(location["path"])
    return {
        "viewBox": package["viewBox"],
        "attribution": ATTRIBUTION,
        "names": EXTRA_NAMES,
        "paths": {code: encode(country_rings(paths)) for code, paths in sorted(by_code.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="@svg-maps/world index.js")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path(__file__).with_name("world_map.json"),
        help="output JSON (default: world_map.json next to this script)",
    )
    args = parser.parse_args(argv)
    data = build(load_package(args.source))
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{args.output}: {len(data['paths'])} countries, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
