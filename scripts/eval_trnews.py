#!/usr/bin/env python
"""Held-out check for place extraction: TR-News (Kamalloo & Rafiei 2018).

Reads the corpus in place (never copied into the repository), runs eventwire's
place extraction over each article text and aligns our place mentions with the
gold toponyms by character span (overlap), falling back to the phrase near the
offset where the corpus offsets drifted.  Prints ``name: value`` lines:

- toponym_recall: gold toponyms one of our place spans covers;
- toponym_recall_names: the same, leaving out adjectival gold toponyms
  ("Turkish"), which eventwire treats as context, not places, by design;
- precision: our place mentions that overlap a gold toponym;
- acc161: of matched toponyms with gold coordinates, share within 161 km;
- mean_error_km / median_error_km over the same.

Usage: scripts/eval_trnews.py [--xml PATH] [--limit N] [--errors] [--model NAME]
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

DEFAULT_XML = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tr-news" / "TR-News.xml"


def km(lat1, lon1, lat2, lon2):
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


def read_corpus(path: Path):
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        date = (art.findtext("dltime") or "").strip()[:10] or "2017-01-01"
        tops = []
        for t in art.iter("toponym"):
            phrase = (t.findtext("phrase") or "").strip()
            start, end = int(t.findtext("start")), int(t.findtext("end"))
            if text[start:end] != phrase:  # drifted offsets: the phrase nearest the offset
                cands = [i for i in range(max(0, start - 10), min(len(text), start + 10)) if text.startswith(phrase, i)]
                if cands:
                    start = min(cands, key=lambda i: abs(i - start))
                    end = start + len(phrase)
            g = t.find("gaztag")
            lat = lon = None
            if g is not None and g.findtext("lat"):
                lat, lon = float(g.findtext("lat")), float(g.findtext("lon"))
            tops.append({"phrase": phrase, "start": start, "end": end, "lat": lat, "lon": lon,
                         "name": g.findtext("name") if g is not None else None})
        yield art.get("docid"), date, text, tops


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xml", type=Path, default=DEFAULT_XML)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", action="store_true", help="list misses, false positives and far resolutions")
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)

    from eventwire.extract.gazetteer import get_gazetteer
    from eventwire.extract.places import _demonyms, extract_places
    from eventwire.nlp import load_nlp, parse
    from eventwire.records import Article

    nlp = load_nlp(args.model)
    get_gazetteer()
    demonyms = _demonyms()
    n_gold = n_found = n_gold_nd = n_found_nd = n_sys = n_sys_ok = 0
    errors: list[float] = []
    misses, fps, far = [], [], []
    t_parse = t_places = 0.0
    n_docs = 0
    for docid, date, text, tops in read_corpus(args.xml):
        if args.limit and n_docs >= args.limit:
            break
        n_docs += 1
        t0 = time.perf_counter()
        parsed = parse(Article(text=text, date=date), nlp)
        t1 = time.perf_counter()
        places = extract_places(parsed)
        t_places += time.perf_counter() - t1
        t_parse += t1 - t0
        spans = [(s, e, p) for p in places for s, e in p.spans]
        used = set()
        for g in tops:
            adjectival = g["phrase"].lower() in demonyms
            n_gold += 1
            n_gold_nd += not adjectival
            hit = [(s, e, p) for s, e, p in spans if s < g["end"] and g["start"] < e]
            if not hit:
                if not adjectival:
                    misses.append(f"{docid}:{g['phrase']} @{g['start']} {text[max(0, g['start'] - 40):g['start']]!r}")
                continue
            n_found += 1
            n_found_nd += not adjectival
            s, e, p = hit[0]
            used.add((s, e))
            if g["lat"] is not None and p.lat is not None:
                d = km(p.lat, p.lon, g["lat"], g["lon"])
                errors.append(d)
                if d > 161:
                    far.append(f"{docid}:{g['phrase']} -> {p.name} ({p.country_code}, {p.gazetteer_source}) "
                               f"gold {g['name']} {d:.0f} km")
            elif g["lat"] is not None:
                errors.append(20038.0)  # no coordinates: the worst case
        gold_spans = [(g["start"], g["end"]) for g in tops]
        for s, e, p in spans:
            n_sys += 1
            if any(s < ge and gs < e for gs, ge in gold_spans):
                n_sys_ok += 1
            else:
                fps.append(f"{docid}:{text[s:e]} -> {p.name} ({p.country_code})")

    def r(x):
        return round(x, 3)
    print(f"articles: {n_docs}")
    print(f"gold_toponyms: {n_gold}")
    print(f"toponym_recall: {r(n_found / n_gold) if n_gold else 0}")
    print(f"toponym_recall_names: {r(n_found_nd / n_gold_nd) if n_gold_nd else 0}")
    print(f"precision: {r(n_sys_ok / n_sys) if n_sys else 0}")
    print(f"matched_with_coords: {len(errors)}")
    print(f"acc161: {r(sum(d <= 161 for d in errors) / len(errors)) if errors else 0}")
    print(f"mean_error_km: {round(statistics.mean(errors), 1) if errors else 0}")
    print(f"median_error_km: {round(statistics.median(errors), 1) if errors else 0}")
    print(f"parse_s_per_article: {r(t_parse / max(1, n_docs))}")
    print(f"places_s_per_article: {r(t_places / max(1, n_docs))}")
    if args.errors:
        for title, rows in (("far", far), ("misses", misses), ("false_positives", fps)):
            print(f"--- {title} ({len(rows)})")
            for row in rows:
                print("  " + row)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
