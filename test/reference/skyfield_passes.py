#!/usr/bin/env python3
"""Independent pass oracle for qkdsim: rise / culmination / set times from Skyfield, refined.

Provenance: Debian packages python3-skyfield 1.45, python3-sgp4 2.15 (the Vallado C++ SGP4 with
WGS-72 constants, "improved" mode, as satellite.js), Python 3.11. Skyfield's own find_events is used
only to locate candidates: before 1.51 it can report rise/set seconds late (Skyfield issue #1000), so
every event is refined here with Skyfield's altitude function: rise/set by bisection to 0.1 ms
(bracketed by a 0.5 s scan within 30 s of Skyfield's time),
culmination by golden-section search to 1 ms.

Conventions matched to qkdsim / satellite.js: UT1 = UTC (a timescale with constant delta-T =
32.184 s + TAI-UTC of the date), geometric altitude above the WGS-84 normal (wgs84.latlon), no
refraction, no polar motion.

Run: /usr/bin/python3 test/reference/skyfield_passes.py > test/reference/skyfield-passes.json
"""
import json, math, sys
import skyfield
from skyfield.api import EarthSatellite, load, wgs84
import sgp4

STATIONS = {
    'xinglong': (40.393333, 117.577222, 900),
    'nanshan': (43.475461, 87.176686, 2028),
    'delingha': (37.379008, 97.726947, 3153),
    'lijiang': (26.693931, 100.029319, 3193),
    'ngari': (32.325019, 80.026161, 5047),
    'graz': (47.0671, 15.4933, 539),
}

def read_tle(path, index):
    lines = [l.rstrip() for l in open(path) if l.strip()]
    sets = [(lines[i], lines[i + 1], lines[i + 2]) for i in range(0, len(lines), 3)]
    return sets[index]

CASES = [
    # id, tle file, set index, stations, start (UTC), days, mask deg, TAI-UTC s, search half-width s
    ('micius-2016-all', 'scenarios/tle/micius.tle', 0, list(STATIONS), (2016, 12, 18), 3, 10.0, 36, 120),
    ('micius-2018-mask10', 'scenarios/tle/micius.tle', 1, ['xinglong', 'nanshan', 'graz'], (2018, 9, 15), 2, 10.0, 37, 120),
    ('micius-2018-mask60', 'scenarios/tle/micius.tle', 1, ['xinglong', 'nanshan', 'graz', 'lijiang', 'delingha', 'ngari'], (2018, 9, 15), 4, 60.0, 37, 120),
    ('micius-2021-mask20', 'scenarios/tle/micius.tle', 2, list(STATIONS), (2021, 4, 27), 2, 20.0, 37, 120),
    ('micius-2025-all', 'scenarios/tle/micius.tle', 4, list(STATIONS), (2025, 9, 22), 1, 10.0, 37, 120),
    ('molniya-synthetic', 'test/fixtures/tle/molniya-synthetic.tle', 0, ['xinglong', 'lijiang', 'graz'], (2016, 12, 19), 2, 10.0, 36, 2400),
]

def refine_crossing(f, t, rising, half=30.0, step=0.5):
    """Bisection on the sign change of the right direction nearest t (sampled every 0.5 s)."""
    n = int(2 * half / step)
    grid = [t - half + i * step for i in range(n + 1)]
    vals = [f(x) for x in grid]
    best = None
    for i in range(n):
        if rising and vals[i] < 0 <= vals[i + 1] or (not rising) and vals[i] >= 0 > vals[i + 1]:
            if best is None or abs(grid[i] - t) < abs(grid[best] - t):
                best = i
    if best is None:
        return None
    a, b, fa = grid[best], grid[best + 1], vals[best]
    while b - a > 1e-4:
        m = 0.5 * (a + b)
        fm = f(m)
        if (fm < 0) == (fa < 0):
            a, fa = m, fm
        else:
            b = m
    return 0.5 * (a + b)

def refine_max(f, t, half):
    g = (math.sqrt(5) - 1) / 2
    a, b = t - half, t + half
    x1, x2 = b - g * (b - a), a + g * (b - a)
    f1, f2 = f(x1), f(x2)
    while b - a > 1e-3:
        if f1 < f2:
            a, x1, f1 = x1, x2, f2
            x2 = a + g * (b - a); f2 = f(x2)
        else:
            b, x2, f2 = x2, x1, f1
            x1 = b - g * (b - a); f1 = f(x1)
    return 0.5 * (a + b)

def main():
    root = __file__.rsplit('/test/reference/', 1)[0]
    out = {
        'provenance': {
            'tool': f'skyfield {skyfield.__version__} + sgp4 (python3-sgp4 2.15, Debian) on Python {sys.version.split()[0]}',
            'script': 'test/reference/skyfield_passes.py',
            'method': 'Skyfield find_events candidates, each refined with Skyfield altaz(): crossings by bisection to 0.1 ms, culminations by golden section to 1 ms',
            'conventions': 'UT1 = UTC (constant delta-T = 32.184 + TAI-UTC), geometric altitude above the WGS-84 normal, no refraction, no polar motion',
        },
        'stations': {k: {'latDeg': v[0], 'lonDeg': v[1], 'altM': v[2]} for k, v in STATIONS.items()},
        'cases': [],
    }
    for cid, path, index, stations, start, days, mask, tai_utc, half in CASES:
        name, l1, l2 = read_tle(f'{root}/{path}', index)
        ts = load.timescale(delta_t=32.184 + tai_utc)
        sat = EarthSatellite(l1, l2, name, ts)
        t0 = ts.utc(*start)
        t1 = ts.utc(start[0], start[1], start[2] + days)
        t0s = t0.utc_datetime().timestamp()
        events = []
        for sid in stations:
            lat, lon, alt = STATIONS[sid]
            topo = wgs84.latlon(lat, lon, elevation_m=alt)
            diff = sat - topo
            def alt_at(sec):
                t = ts.utc(start[0], start[1], start[2], 0, 0, sec)
                return diff.at(t).altaz()[0].degrees
            times, codes = sat.find_events(topo, t0, t1, altitude_degrees=mask)
            for t, code in zip(times, codes):
                sec = (t.utc_datetime().timestamp() - t0s)
                kind = ['rise', 'culmination', 'set'][code]
                if kind == 'culmination':
                    ref = refine_max(alt_at, sec, half)
                else:
                    ref = refine_crossing(lambda s: alt_at(s) - mask, sec, kind == 'rise')
                    if ref is None:
                        continue  # an event at the window edge: qkdsim reports those as clipped
                if ref <= 0 or ref >= days * 86400:
                    continue
                events.append({'station': sid, 'kind': kind, 'secondsFromStart': round(ref, 4),
                               'altitudeDeg': round(alt_at(ref), 6), 'skyfieldSeconds': round(sec, 3)})
        events.sort(key=lambda e: (e['station'], e['secondsFromStart']))
        out['cases'].append({'id': cid, 'tleFile': path, 'setIndex': index, 'tle': [l1, l2], 'stations': stations,
                             'start': '%04d-%02d-%02dT00:00:00Z' % start, 'days': days, 'minElevationDeg': mask,
                             'events': events})
    json.dump(out, sys.stdout, indent=1)
    print()

main()
