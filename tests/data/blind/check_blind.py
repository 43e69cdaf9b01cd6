#!/usr/bin/env python3
"""Consistency check for the blind annotations in this folder.

It does not run tiltaksgraf. It checks that every annotation points at the
right place in its .txt and that the files are internally consistent:

- format, language, report kind and the keys of every record;
- line numbers are in range and every line of a measure (status, roles,
  amounts, plans, reports, external references) lies inside that measure,
  i.e. between its heading and the next measure or chapter heading;
- the line of a chapter, measure, status, role, amount, plan, report or
  external reference contains (the start of) what is annotated there;
- actor names are gazetteer canonical names (abbreviation, else name) or are
  listed in not_in_gazetteer, and names listed there are not in the gazetteer;
- responsible bodies carry the role responsible and vice versa;
- ids are unique, parents, chapters and internal references exist;
- pages agree with the printed page footers where the text has them;
- every URL occurs in its report once whitespace is removed;
- series-changes.json is exactly the difference between the two series
  annotations.

    python3 tests/data/blind/check_blind.py
"""

import json
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
GAZ = HERE.parents[2] / "data" / "gazetteer" / "organisations.toml"

ROLES = {"responsible", "commissions", "executes", "funds", "evaluates", "partner", "mentioned"}
STATUS = {"done", "ongoing", "not_started", "delayed", "continuous", "cancelled"}
FOOTER = re.compile(r"^\s*– (\d+) –\s*$")

# surface forms the report text uses that are neither the gazetteer name,
# abbreviation nor alias (inflected, nynorsk, hyphen-split or shortened forms)
EXTRA = {
    "NTNU Samfunnsforskning": ["NTNU Samfunnsforsking"],
    "HiOA": ["OsloMet"],
    "Norges forskningsråd": ["Forskningsrådet", "Forskingsrådet"],
    "Blå Kors Norge": ["Blå Kors"],
    "Actis – Rusfeltets samarbeidsorgan": ["Actis"],
    "RVTS": ["RVTS-ene"],
    "Nasjonal kompetansetjeneste for aldring og helse": ["Aldring og helse"],
    "Senter for studier av Holocaust og livssynsminoriteter": ["HL-senteret"],
    "Lotteri- og stiftelsestilsynet": ["Lotteritilsynet"],
    "Norsk senter for informasjonssikring": ["NorSIS"],
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
    if m >= 0.1:
        f.append(f"{m:g}".replace(".", ","))
        f.append(f"{m:.1f}".replace(".", ","))
    return f


class Checker:
    def __init__(self):
        self.errors = 0
        self.forms = load_gazetteer()
        self.all_forms = {norm(s) for v in self.forms.values() for s in v}

    def err(self, msg):
        self.errors += 1
        print("ERROR", msg)

    def check_doc(self, doc):
        where = doc["source"]
        lines = (HERE / where).read_text(encoding="utf-8").split("\n")
        n = len(lines)
        flat = re.sub(r"\s+", "", "\n".join(lines))

        def line_at(k):
            return norm(lines[k - 1]) if isinstance(k, int) and 1 <= k <= n else None

        def has(k, text, what, prefix=6):
            line = line_at(k)
            if line is None:
                self.err(f"{where}: {what}: line {k} out of range 1..{n}")
                return
            t = norm(text)
            if t[:prefix] not in line and t.split("-")[0][:prefix] not in line:
                self.err(f"{where}: {what}: line {k} {lines[k - 1][:70]!r} lacks {text[:30]!r}")

        for key in ("source", "format", "language", "plan", "report", "chapters", "measures"):
            if key not in doc:
                self.err(f"{where}: missing key {key}")
        for key in ("annotator_notes", "not_in_gazetteer"):
            if key not in doc:
                self.err(f"{where}: missing key {key}")
        if doc["format"] != 2:
            self.err(f"{where}: format is not 2")
        if doc["language"] not in {"nb", "nn"}:
            self.err(f"{where}: language {doc['language']}")
        if doc["report"]["kind"] not in {"status", "final"}:
            self.err(f"{where}: report kind {doc['report']['kind']}")
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", doc["report"]["date"]):
            self.err(f"{where}: report date {doc['report']['date']}")

        chapter_nums = set()
        for c in doc["chapters"]:
            chapter_nums.add(c["number"])
            has(c["line"], c["title"], f"chapter {c['number']}", 12)
            if "label" in c:
                has(c["line"], c["label"], f"chapter {c['number']} label", 1)

        # printed page footers: a line belongs to the page of the next footer
        footers = [(k, int(mt.group(1))) for k, ln in enumerate(lines, 1) if (mt := FOOTER.match(ln))]

        def page_of(k):
            for fk, p in footers:
                if fk >= k:
                    return p
            return None

        ms = doc["measures"]
        ids = [m["id"] for m in ms]
        if len(ids) != len(set(ids)):
            self.err(f"{where}: duplicate measure ids")
        heads = [m["line"] for m in ms]
        if heads != sorted(heads) or len(set(heads)) != len(heads):
            self.err(f"{where}: measure lines not strictly increasing")
        bounds = sorted({*heads, *(c["line"] for c in doc["chapters"])})
        names = set()
        mkeys = [
            "id", "parent", "title", "chapter", "line", "page", "responsible", "period", "status",
            "actors", "refs_internal", "refs_external", "plans", "urls", "amounts", "reports",
        ]  # fmt: skip
        for m in ms:
            w = f"m{m['id']}"
            if list(m) != mkeys:
                self.err(f"{where}: {w}: keys {list(m)}")
            later = [b for b in bounds if b > m["line"]]
            lo, hi = m["line"], (later[0] - 1 if later else n)

            def inside(k, what, lo=lo, hi=hi, w=w):
                if not (isinstance(k, int) and lo <= k <= hi):
                    self.err(f"{where}: {w}: {what} line {k} outside the measure ({lo}..{hi})")

            # heading: id on the line, title on it or on the next non-empty line
            has(m["line"], m["id"], f"{w} heading id", 9)
            nxt = next((k for k in range(m["line"] + 1, n + 1) if lines[k - 1].strip()), m["line"])
            t12 = norm(m["title"])[:12]
            if t12 not in (line_at(m["line"]) or "") and t12 not in (line_at(nxt) or ""):
                self.err(f"{where}: {w}: title {m['title'][:30]!r} not on heading line {m['line']} or next")
            if m["parent"] is not None and m["parent"] not in ids:
                self.err(f"{where}: {w}: parent {m['parent']} unknown")
            if m["chapter"] is not None and m["chapter"] not in chapter_nums:
                self.err(f"{where}: {w}: chapter {m['chapter']} unknown")
            if footers:
                if m["page"] != page_of(m["line"]):
                    self.err(f"{where}: {w}: page {m['page']} but footer says {page_of(m['line'])}")
            elif m["page"] is not None:
                self.err(f"{where}: {w}: page given but the text has no page footers")
            if m["status"]:
                s = m["status"]
                if s["value"] not in STATUS:
                    self.err(f"{where}: {w}: status value {s['value']}")
                has(s["line"], s["label"], f"{w} status", 10)
                inside(s["line"], "status")
            resp_roles = set()
            for a in m["actors"]:
                names.add(a["name"])
                cands = {a["name"], *self.forms.get(a["name"], ()), *EXTRA.get(a["name"], [])}
                if not a["roles"]:
                    self.err(f"{where}: {w} {a['name']}: no roles")
                for role, lns in a["roles"].items():
                    if role not in ROLES:
                        self.err(f"{where}: {w} {a['name']}: role {role}")
                    if role == "responsible":
                        resp_roles.add(a["name"])
                    if lns != sorted(set(lns)) or not lns:
                        self.err(f"{where}: {w} {a['name']}/{role}: lines not sorted/unique")
                    for k in lns:
                        line = line_at(k)
                        if line is None:
                            self.err(f"{where}: {w} {a['name']}/{role}: line {k} out of range")
                            continue
                        inside(k, f"{a['name']}/{role}")
                        ok = any(re.split(r"[ -]", norm(c))[0][:6] in line for c in cands if len(c) >= 2)
                        if not ok:
                            self.err(f"{where}: {w} {a['name']}/{role}: line {k} {lines[k - 1][:70]!r}")
            if len({a["name"] for a in m["actors"]}) != len(m["actors"]):
                self.err(f"{where}: {w}: an actor is listed twice")
            if set(m["responsible"]) != resp_roles:
                self.err(f"{where}: {w}: responsible {m['responsible']} vs roles {sorted(resp_roles)}")
            for r in m["refs_internal"]:
                if r not in ids or r == m["id"]:
                    self.err(f"{where}: {w}: internal ref {r} is not another measure of this report")
            for am in m["amounts"]:
                if set(am) != {"nok", "line", "year", "funder", "funder_basis", "recipient"}:
                    self.err(f"{where}: {w}: amount keys {sorted(am)}")
                line = (line_at(am["line"]) or "").replace("\u00a0", " ")
                if not any(f in line for f in amount_forms(am["nok"])):
                    self.err(f"{where}: {w}: amount {am['nok']} not on line {am['line']} {line[:70]!r}")
                inside(am["line"], f"amount {am['nok']}")
                if am["funder_basis"] not in {"stated", "inherited", "unknown"}:
                    self.err(f"{where}: {w}: funder_basis {am['funder_basis']}")
                if (am["funder"] is None) != (am["funder_basis"] == "unknown"):
                    self.err(f"{where}: {w}: funder/funder_basis mismatch {am}")
                if am["year"] is not None and not isinstance(am["year"], int):
                    self.err(f"{where}: {w}: amount year {am['year']!r}")
                for x in (am["funder"], am["recipient"]):
                    if x and x not in self.forms and x not in doc["not_in_gazetteer"]:
                        self.err(f"{where}: {w}: amount party {x} neither canonical nor listed")
            for u in m["urls"]:
                if re.sub(r"\s+", "", u) not in flat:
                    self.err(f"{where}: {w}: url not in text: {u}")
            for p in m["plans"]:
                has(p["line"], p["name"], f"{w} plan {p['name'][:20]}", 8)
                inside(p["line"], "plan")
            for r in m["reports"]:
                has(r["line"], r["title"], f"{w} report", 5)
                inside(r["line"], "report")
                if r["url"] and r["url"] not in m["urls"]:
                    self.err(f"{where}: {w}: report url not among the measure's urls")
            for r in m["refs_external"]:
                has(r["line"], "tiltak " + r["measure"], f"{w} ref_ext", 9)
                inside(r["line"], "ref_ext")
                if not any(p["name"] == r["plan"] for p in m["plans"]):
                    self.err(f"{where}: {w}: ref_ext plan {r['plan'][:30]} not among the measure's plans")
        for x in names:
            if x not in self.forms and x not in doc["not_in_gazetteer"]:
                self.err(f"{where}: actor {x!r} is neither a canonical gazetteer name nor listed")
        for x in doc["not_in_gazetteer"]:
            if norm(x) in self.all_forms:
                self.err(f"{where}: {x!r} is listed as not in gazetteer but is a gazetteer form")
        print(f"{where}: {n} lines, {len(ms)} measures checked")


def diff(a, b):
    """The changes from report a to report b, in the format of series-changes.json."""
    A = {m["id"]: m for m in a["measures"]}
    B = {m["id"]: m for m in b["measures"]}
    out = {}
    for mid in [i for i in A if i in B]:
        ma, mb = A[mid], B[mid]
        c = {}
        sa = ma["status"]["value"] if ma["status"] else None
        sb = mb["status"]["value"] if mb["status"] else None
        if sa != sb:
            c["status"] = [sa, sb]
        ra, rb = set(ma["responsible"]), set(mb["responsible"])
        if rb - ra:
            c["responsible_added"] = sorted(rb - ra)
        if ra - rb:
            c["responsible_removed"] = sorted(ra - rb)
        oa = {(x["name"], r) for x in ma["actors"] for r in x["roles"] if r != "responsible"}
        ob = {(x["name"], r) for x in mb["actors"] for r in x["roles"] if r != "responsible"}
        if ob - oa:
            c["organisations_added"] = [{"name": x, "role": r} for x, r in sorted(ob - oa)]
        if oa - ob:
            c["organisations_removed"] = [{"name": x, "role": r} for x, r in sorted(oa - ob)]
        na = [x["nok"] for x in ma["amounts"]]
        added = [x["nok"] for x in mb["amounts"] if x["nok"] not in na]
        if added:
            c["amounts_added"] = added
        if ma["title"] != mb["title"]:
            c["title_changed"] = [ma["title"], mb["title"]]
        if c:
            out[mid] = c
    return out


def main():
    ch = Checker()
    docs = {}
    for jp in sorted(HERE.glob("*.json")):
        doc = json.loads(jp.read_text(encoding="utf-8"))
        if "source" not in doc:
            continue
        if jp.name != doc["source"].replace(".txt", ".json"):
            ch.err(f"{jp.name}: source {doc['source']} does not match the file name")
        docs[doc["source"]] = doc
        ch.check_doc(doc)

    chg = json.loads((HERE / "series-changes.json").read_text(encoding="utf-8"))
    a, b = (docs[s] for s in chg["series"])
    A = {m["id"] for m in a["measures"]}
    B = {m["id"] for m in b["measures"]}
    if sorted(chg["measures_added"]) != sorted(B - A):
        ch.err("series: measures_added mismatch")
    if sorted(chg["measures_dropped"] + list(chg["measures_merged"])) != sorted(A - B):
        ch.err("series: dropped + merged != measures missing from B")
    for src, dst in chg["measures_merged"].items():
        if dst not in B:
            ch.err(f"series: m{src} merged into unknown m{dst}")
    want = diff(a, b)
    if chg["measures"] != want:
        for mid in sorted(set(want) | set(chg["measures"])):
            if want.get(mid) != chg["measures"].get(mid):
                ch.err(
                    f"series m{mid}: recorded {chg['measures'].get(mid)} but annotations give {want.get(mid)}"
                )
    print("series-changes.json checked")
    print("OK" if not ch.errors else f"{ch.errors} error(s)")
    return 1 if ch.errors else 0


if __name__ == "__main__":
    sys.exit(main())
