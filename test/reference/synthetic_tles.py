#!/usr/bin/env python3
"""Writes synthetic (invented, not real) element sets used by qkdsim's pass-finder edge-case tests:
a geostationary satellite over 100 E and a Molniya-type orbit. They are valid TLEs (column layout,
checksums) whose orbits are chosen to create the situations that break pass finders: a satellite
always visible from one station and never from another, and passes with two culminations.

Run: /usr/bin/python3 test/reference/synthetic_tles.py  (writes test/fixtures/tle/*.tle)
Needs python3-sgp4 (Debian) only to report where the GEO sits.
"""
import math, os
from sgp4.api import Satrec, jday

def checksum(line):
    s = 0
    for c in line[:68]:
        if c.isdigit(): s += int(c)
        elif c == '-': s += 1
    return s % 10

def tle(catnum, epoch_yyddd, incl, raan, ecc, argp, ma, n, name):
    l1 = f"1 {catnum:05d}U 99999A   {epoch_yyddd:14.8f}  .00000000  00000-0  00000-0 0  999"
    l2 = f"2 {catnum:05d} {incl:8.4f} {raan:8.4f} {int(round(ecc*1e7)):07d} {argp:8.4f} {ma:8.4f} {n:11.8f}    1"
    l1 += str(checksum(l1)); l2 += str(checksum(l2))
    assert len(l1) == 69 and len(l2) == 69, (len(l1), len(l2))
    return f"{name}\n{l1}\n{l2}\n"

# Epoch 2016-12-19 00:00 UTC = day 354 of 2016.
EPOCH = 16354.0
# GEO: mean longitude (raan + argp + M) = GMST(epoch) + 100 deg puts it over 100 E.
jd, fr = jday(2016, 12, 19, 0, 0, 0)
t = (jd + fr - 2451545.0) / 36525.0
gmst_deg = ((67310.54841 + (876600 * 3600 + 8640184.812866) * t + 0.093104 * t * t) / 240.0) % 360.0
mean_lon = (gmst_deg + 100.0) % 360.0
geo = tle(90001, EPOCH, 0.0500, 0.0000, 0.0002, 0.0000, mean_lon, 1.00273791, "SYNTHETIC GEO 100E")
# Molniya: e = 0.72, i = 63.4 deg (critical inclination), perigee in the south (argp 270), 2 rev/day.
molniya = tle(90002, EPOCH, 63.4000, 40.0000, 0.7200, 270.0000, 0.0000, 2.00600000, "SYNTHETIC MOLNIYA")

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'fixtures', 'tle')
os.makedirs(out, exist_ok=True)
open(os.path.join(out, 'geo-synthetic.tle'), 'w').write(geo)
open(os.path.join(out, 'molniya-synthetic.tle'), 'w').write(molniya)

s = Satrec.twoline2rv(*geo.splitlines()[1:3])
e, r, v = s.sgp4(jd, fr)
print('GEO TEME at epoch', r, 'longitude check', (math.degrees(math.atan2(r[1], r[0])) - gmst_deg) % 360)
print(geo + molniya)
