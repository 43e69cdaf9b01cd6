#!/usr/bin/env python3
"""Consistency check for the held-out annotations in this folder.

It does not run tiltaksgraf. It checks that every annotation points at the
right place in its .txt: line numbers are in range, the line of a chapter,
measure, status, role, amount, plan or report actually contains (the start
of) what is annotated there, URLs occur in the text (line breaks removed),
and series-changes.json agrees with the two series annotations.

    python3 tests/data/heldout/check_heldout.py
"""

import json
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
GAZ = HERE.parents[2] / "data" / "gazetteer" / "organisations.toml"

# surface forms the report text uses that are neither the gazetteer name,
# abbreviation nor alias (inflected, nynorsk, hyphen-split or shortened forms)
EXTRA = {
    "Nasjonalt senter for læringsmiljø og atferdsforskning": [
        "Nasjonalt senter for læringsmiljø",
        "Læringsmiljøsenteret",
    ],
    "NTNU Samfunnsforskning": ["NTNU Samfunnsforsking"],
    "Landsforeningen for etterlatte ved selvmord": ["LEVE"],
    "Hovedorganisasjonen Virke": ["Virke"],
    "BLD": ["BFD", "Barne- og familiedepartementet"],
    "Norges Røde Kors": ["Røde Kors"],
    "HiOA": ["OsloMet"],
    "Statsadvokatembetene": ["statsadvokatembetene"],
    "DMP": ["Statens legemiddelverk"],
    "Helse Stavanger": ["Stavanger universitetssjukehus"],
    "Helse Bergen": ["Haukeland universitetssjukehus"],
    "GRETA": ["GRETA"],
    "Koordineringsenheten for ofre for menneskehandel": ["KOM"],
    "Studentsamskipnaden i Oslo": ["Studentsamskipnaden"],
    "Norges forskningsråd": ["Forskningsrådet"],
}


def load_gazetteer():
    forms = {}
    for o in tomllib.loads(GAZ.read_text(encoding="utf-8"))["org"]:
        canon = o["abbreviation"] or o["name"]
        forms.setdefault(canon, set()).update(s for s in [o["abbreviation"], o["name"], *o["aliases"]] if s)
    return forms


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\f", " ")).strip().lower()


def amount_forms(nok):
    f = [f"{nok:,}".replace(",", " "), str(nok)]
    if nok % 1000 == 0:
        f.append(str(nok // 1000))
    m = nok / 1_000_000
    if m >= 1:
        f.append(f"{m:g}".replace(".", ","))
    return f


def main():
    forms = load_gazetteer()
    errors = 0

    def err(msg):
        nonlocal errors
        errors += 1
        print("ERROR", msg)

    docs = {}
    for jp in sorted(HERE.glob("*.json")):
        doc = json.loads(jp.read_text(encoding="utf-8"))
        if "source" not in doc:
            continue
        docs[doc["source"]] = doc
        lines = (HERE / doc["source"]).read_text(encoding="utf-8").split("\n")
        flat = re.sub(r"\s+", "", "\n".join(lines))
        n = len(lines)
        where = doc["source"]

        def line_at(k, lines=lines):
            return norm(lines[k - 1]) if 1 <= k <= len(lines) else None

        def has(k, text, what, prefix=6, lines=lines, n=n, where=where, line_at=line_at):
            line = line_at(k)
            if line is None:
                err(f"{where}: {what}: line {k} out of range 1..{n}")
                return
            t = norm(text)
            if t[:prefix] not in line and t.split("-")[0][:prefix] not in line:
                err(f"{where}: {what}: line {k} {lines[k - 1][:70]!r} lacks {text[:30]!r}")

        for c in doc["chapters"]:
            has(c["line"], c["title"], f"chapter {c['number']}", 12)
        for m in doc["measures"]:
            w = f"m{m['id']}"
            has(m["line"], m["title"], f"{w} heading", 12)
            has(m["line"], m["id"], f"{w} heading id", 9)
            if m["status"]:
                s = m["status"]
                assert s["value"] in {
                    "done",
                    "ongoing",
                    "not_started",
                    "delayed",
                    "continuous",
                    "cancelled",
                }, s
                has(s["line"], s["label"], f"{w} status", 10)
            for a in m["actors"]:
                cands = {a["name"], *forms.get(a["name"], ()), *EXTRA.get(a["name"], [])}
                for role, lns in a["roles"].items():
                    assert role in {
                        "responsible",
                        "commissions",
                        "executes",
                        "funds",
                        "evaluates",
                        "partner",
                        "mentioned",
                    }, role
                    for k in lns:
                        line = line_at(k)
                        if line is None:
                            err(f"{where}: {w} {a['name']}/{role}: line {k} out of range")
                            continue
                        ok = any(re.split(r"[ -]", norm(c))[0][:6] in line for c in cands if len(c) >= 2)
                        if not ok:
                            err(f"{where}: {w} {a['name']}/{role}: line {k} {lines[k - 1][:70]!r}")
            for r in m["responsible"]:
                if not any(a["name"] == r and "responsible" in a["roles"] for a in m["actors"]):
                    err(f"{where}: {w}: responsible {r} has no responsible role")
            for am in m["amounts"]:
                line = (line_at(am["line"]) or "").replace("\u00a0", " ")
                if not any(f in line for f in amount_forms(am["nok"])):
                    err(f"{where}: {w}: amount {am['nok']} not on line {am['line']} {line[:70]!r}")
                assert am["funder_basis"] in {"stated", "inherited", "unknown"}
                assert (am["funder"] is None) == (am["funder_basis"] == "unknown"), am
            for u in m["urls"]:
                if re.sub(r"\s+", "", u) not in flat:
                    err(f"{where}: {w}: url not in text: {u}")
            for p in m["plans"]:
                has(p["line"], p["name"], f"{w} plan {p['name'][:20]}", 8)
            for r in m["reports"]:
                has(r["line"], r["title"], f"{w} report", 5)
            for r in m["refs_external"]:
                has(r["line"], "tiltak " + r["measure"], f"{w} ref_ext", 9)
        print(f"{where}: {n} lines, {len(doc['measures'])} measures checked")

    # series changes
    chg = json.loads((HERE / "series-changes.json").read_text(encoding="utf-8"))
    a, b = (docs[s] for s in chg["series"])
    A = {m["id"]: m for m in a["measures"]}
    B = {m["id"]: m for m in b["measures"]}
    if sorted(chg["measures_added"]) != sorted(set(B) - set(A)):
        err("series: measures_added mismatch")
    if sorted(chg["measures_dropped"] + list(chg["measures_merged"])) != sorted(set(A) - set(B)):
        err("series: dropped + merged != measures missing from B")
    for mid, c in chg["measures"].items():
        if "status" in c and c["status"] != [A[mid]["status"]["value"], B[mid]["status"]["value"]]:
            err(f"series m{mid}: status mismatch")
        if "title_changed" in c and c["title_changed"] != [A[mid]["title"], B[mid]["title"]]:
            err(f"series m{mid}: title mismatch")
        for o in c.get("organisations_added", []):
            if not any(x["name"] == o["name"] and o["role"] in x["roles"] for x in B[mid]["actors"]):
                err(f"series m{mid}: added {o} not in B")
        for o in c.get("organisations_removed", []):
            if any(x["name"] == o["name"] and o["role"] in x["roles"] for x in B[mid]["actors"]):
                err(f"series m{mid}: removed {o} still in B")
        for nok in c.get("amounts_added", []):
            if nok not in [x["nok"] for x in B[mid]["amounts"]]:
                err(f"series m{mid}: amount {nok} not in B")
    print("series-changes.json checked")
    print("OK" if not errors else f"{errors} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
