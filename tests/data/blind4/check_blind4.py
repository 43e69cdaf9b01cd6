#!/usr/bin/env python3
# ruff: noqa: B023  -- the helpers defined in the loop are called within the same iteration
"""Consistency check for the blind4 evaluation data in this folder.

It does not run tiltaksgraf. It checks that every annotation points at the
right place in its .txt and that the files agree with each other:

- top-level keys, format 2, language, report kind and date form; the keys of
  every measure, in order;
- ids are unique, measure lines increase, parents, chapters and internal
  references exist (an internal reference is another measure of the report);
- every line number is in range, and every status, role, amount, plan, report
  and external-reference line lies inside its measure (from its heading to the
  line before the next measure or chapter heading, or inside the listed
  'spans' where a measure is split into pieces, as in the table layout);
- the line of a chapter ends with its title (and contains its label), the heading line
  contains the measure id and the title starts there (a wrapped title may go
  on over the next two lines), the status line contains the status label, a
  role line contains a surface form of the body (gazetteer forms, genitive -s
  allowed, or the first part of a name that is wrapped or hyphenated at the
  line end), an amount line contains the amount (kroner, 'kr', 'mill.',
  'millioner', decimal comma), plan/report/ref lines contain their name,
  title or 'tiltak N';
- actor names, funders and recipients are canonical gazetteer names or are
  listed in not_in_gazetteer (which must not hold gazetteer forms);
  responsible is exactly the set of actors with the role responsible;
- every URL occurs in the text once whitespace is removed; a report's url is
  among its measure's urls; every external reference's plan is among the
  measure's plans;
- 'page' agrees with the form feeds and the printed 'Side N av M' footers
  where a text has form feeds, and is null where it has none;
- 8 to 14 measures per report, and the counts in README.md agree with the data;
- series-changes.json is exactly the difference between the two series
  annotations.

    python3 tests/data/blind4/check_blind4.py
"""

import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
GAZ = HERE.parents[2] / "data" / "gazetteer" / "organisations.toml"

TOP_KEYS = [
    "source",
    "format",
    "language",
    "plan",
    "report",
    "chapters",
    "annotator_notes",
    "not_in_gazetteer",
    "measures",
]
M_KEYS = [
    "id",
    "parent",
    "title",
    "chapter",
    "line",
    "page",
    "responsible",
    "period",
    "status",
    "actors",
    "refs_internal",
    "refs_external",
    "plans",
    "urls",
    "amounts",
    "reports",
]
STATUSES = {"done", "ongoing", "not_started", "delayed", "continuous", "cancelled"}
ROLES = {"responsible", "commissions", "executes", "funds", "evaluates", "partner", "mentioned"}
BASES = {"stated", "inherited", "unknown"}

# surface forms used in the texts that are not a gazetteer name, abbreviation or alias
# (none are needed at present: every form used is a gazetteer form or the listed name itself)
EXTRA = {}


def load_gazetteer():
    forms = {}
    for o in tomllib.loads(GAZ.read_text(encoding="utf-8"))["org"]:
        canon = o["abbreviation"] or o["name"]
        forms.setdefault(canon, set()).update(s for s in [o["abbreviation"], o["name"], *o["aliases"]] if s)
    return forms


def norm(s):
    s = s.replace("\f", " ").replace("\u00a0", " ")
    s = re.sub(r"[*#`\\]", "", s)  # markdown markup
    return re.sub(r"\s+", " ", s).strip().lower()


def has_form(line, form):
    """line (normalised) names the body by this form, or starts a wrapped/hyphenated form at its end."""
    f = norm(form)
    if len(f) <= 6:
        pat = r"(?<![\wæøå])" + re.escape(f) + r"(?:s|'s|’s)?(?![\wæøåÆØÅ])"
        if re.search(pat, line):
            return True
    elif f in line or (f + "s") in line:
        return True
    # wrapped or hyphenated at the line end: the line ends with a prefix of the form
    for k in range(len(line)):
        rest = line[k:].rstrip()
        if len(rest) < 4 or not rest[0].isalpha() or (k and line[k - 1].isalnum()):
            continue
        cut = rest[:-1] if rest.endswith("-") else rest
        if len(cut) >= 4 and f.startswith(cut) and len(cut) < len(f):
            return True
    return False


def amount_patterns(nok):
    pats = [re.escape(f"{nok:,}".replace(",", " ")), re.escape(str(nok))]
    m = nok / 1_000_000
    if m >= 0.1:
        s = f"{m:g}".replace(".", ",")
        pats.append(re.escape(s) + r" (?:mill|millioner|millionar|mnok)")
    return [r"(?<![\d,])" + p + r"(?![\d])" for p in pats]


def tokens(s):
    return [t for t in re.split(r"[^\wæøåÆØÅéá§-]+", norm(s)) if t]


def main():
    forms = load_gazetteer()
    gaz_forms = {f for fs in forms.values() for f in fs}
    errors = 0
    counts = {}

    def err(msg):
        nonlocal errors
        errors += 1
        print("ERROR", msg)

    docs = {}
    for jp in sorted(HERE.glob("*.json")):
        doc = json.loads(jp.read_text(encoding="utf-8"))
        if "source" not in doc:
            continue
        where = doc["source"]
        docs[where] = doc
        if list(doc) != TOP_KEYS:
            err(f"{where}: top-level keys {list(doc)}")
        if doc["format"] != 2 or doc["language"] not in {"nb", "nn"}:
            err(f"{where}: format/language")
        if doc["report"]["kind"] not in {"status", "final"} or not re.fullmatch(
            r"\d{4}(-\d{2}(-\d{2})?)?", doc["report"]["date"]
        ):
            err(f"{where}: report {doc['report']}")
        pp = doc["plan"]["period"]
        if not (isinstance(pp, dict) and set(pp) == {"start", "end"}):
            err(f"{where}: plan period {pp}")
        if jp.stem + ".txt" != where:
            err(f"{where}: json file name {jp.name}")
        raw = (HERE / where).read_bytes().decode("utf-8")
        if not raw.endswith("\n"):
            err(f"{where}: text does not end with a newline")
        lines = raw.split("\n")
        nl = [norm(x) for x in lines]
        flat = re.sub(r"\s+", "", raw)
        n = len(lines)
        has_ff = "\f" in raw

        # physical pages and footers
        phys, _pages, cur = [None], 1, 1
        for i, ln in enumerate(lines, 1):
            if ln.startswith("\f"):
                cur += 1
            phys.append(cur)
            m = re.search(r"Side (\d+) av (\d+)", ln)
            if m and int(m.group(1)) != cur:
                err(f"{where}: footer on line {i} says page {m.group(1)}, physical page {cur}")

        chapters = {c["number"]: c for c in doc["chapters"]}
        chap_lines = sorted(c["line"] for c in doc["chapters"])
        for c in doc["chapters"]:
            k = c["line"]
            if not 1 <= k <= n:
                err(f"{where}: chapter {c['number']} line {k} out of range")
                continue
            if not nl[k - 1].endswith(norm(c["title"])):
                err(
                    f"{where}: chapter {c['number']}: line {k} {lines[k - 1][:60]!r} lacks title {c['title']!r}"
                )
            if "label" in c and norm(c["label"]) not in nl[k - 1]:
                err(f"{where}: chapter {c['number']}: label {c['label']!r} not on line {k}")
        for name in doc["not_in_gazetteer"]:
            if name in gaz_forms:
                err(f"{where}: not_in_gazetteer lists a gazetteer form: {name}")
        known = set(forms) | set(doc["not_in_gazetteer"])

        ms = doc["measures"]
        ids = [m["id"] for m in ms]
        if len(ids) != len(set(ids)):
            err(f"{where}: duplicate ids {[i for i, c in Counter(ids).items() if c > 1]}")
        heads = [m["line"] for m in ms]
        if heads != sorted(heads) or len(set(heads)) != len(heads):
            err(f"{where}: measure lines do not increase")
        if not 8 <= len(ms) <= 14:
            err(f"{where}: {len(ms)} measures (expected 8–14)")
        used_names = set()
        for idx, m in enumerate(ms):
            w = f"{where} m{m['id']}"
            keys = list(m)
            if keys[: len(M_KEYS)] != M_KEYS or any(k != "spans" for k in keys[len(M_KEYS) :]):
                err(f"{w}: keys {keys}")
            h = m["line"]
            if not 1 <= h <= n:
                err(f"{w}: heading line {h} out of range")
                continue
            # span
            if "spans" in m:
                spans = [tuple(s) for s in m["spans"]]
                if spans[0][0] != h:
                    err(f"{w}: first span does not start at the heading")
            else:
                nxt = [x for x in heads[idx + 1 :] + chap_lines if x > h]
                spans = [(h, (min(nxt) - 1) if nxt else n)]

            def inside(k):
                return any(a <= k <= b for a, b in spans)

            def at(k, what):
                if not isinstance(k, int) or not 1 <= k <= n:
                    err(f"{w}: {what}: line {k} out of range")
                    return None
                if not inside(k):
                    err(f"{w}: {what}: line {k} outside the measure {spans}")
                return nl[k - 1]

            def starts_here(k, text, size):
                """text starts on line k (it may wrap onto the next line)"""
                two = nl[k - 1] + " " + (nl[k] if k < n else "")
                first = tokens(text)[0]
                return norm(text)[:size] in two and first in tokens(nl[k - 1])

            # heading: id and title
            hl = nl[h - 1]
            if not re.search(r"(?<![\w.])" + re.escape(m["id"].lower()) + r"(?![\w])", hl):
                err(f"{w}: id not on heading line {h} {lines[h - 1][:60]!r}")
            near = " ".join(nl[h - 1 : h + 2])
            if norm(m["title"])[:12] not in hl:
                err(f"{w}: title does not start on heading line {h}: {m['title'][:30]!r}")
            tt, nt = tokens(m["title"]), tokens(near)
            pos = 0
            for t in tt:
                try:
                    pos = nt.index(t, pos) + 1
                except ValueError:
                    err(f"{w}: title word {t!r} not found in order on lines {h}–{h + 2}")
                    break
            if m["parent"] is not None and m["parent"] not in ids:
                err(f"{w}: parent {m['parent']} unknown")
            if m["chapter"] is not None and m["chapter"] not in chapters:
                err(f"{w}: chapter {m['chapter']} unknown")
            if m["chapter"] is not None and m["chapter"] in chapters and chapters[m["chapter"]]["line"] > h:
                err(f"{w}: chapter heading comes after the measure")
            if has_ff:
                if m["page"] != phys[h]:
                    err(f"{w}: page {m['page']} but heading is on page {phys[h]}")
            elif m["page"] is not None:
                err(f"{w}: page {m['page']} in a text without pages")
            if m["period"] is not None and (set(m["period"]) != {"start", "end"}):
                err(f"{w}: period {m['period']}")
            s = m["status"]
            if s is not None:
                if s["value"] not in STATUSES:
                    err(f"{w}: status value {s['value']}")
                line = at(s["line"], "status")
                if line is not None and norm(s["label"]) not in line:
                    err(
                        f"{w}: status label {s['label']!r} not on line {s['line']} {lines[s['line'] - 1][:60]!r}"
                    )
            names = [a["name"] for a in m["actors"]]
            if len(names) != len(set(names)):
                err(f"{w}: actor listed twice")
            for a in m["actors"]:
                used_names.add(a["name"])
                if a["name"] not in known:
                    err(f"{w}: actor {a['name']!r} neither canonical nor in not_in_gazetteer")
                cands = {a["name"], *forms.get(a["name"], ()), *EXTRA.get(a["name"], [])}
                for role, lns in a["roles"].items():
                    if role not in ROLES:
                        err(f"{w}: role {role}")
                    if not lns or lns != sorted(set(lns)):
                        err(f"{w}: {a['name']}/{role}: lines {lns} empty, unsorted or repeated")
                    for k in lns:
                        line = at(k, f"{a['name']}/{role}")
                        if line is not None and not any(has_form(line, c) for c in cands):
                            err(f"{w}: {a['name']}/{role}: line {k} {lines[k - 1][:70]!r} does not name it")
            resp = {a["name"] for a in m["actors"] if "responsible" in a["roles"]}
            if set(m["responsible"]) != resp or len(m["responsible"]) != len(set(m["responsible"])):
                err(f"{w}: responsible {m['responsible']} != actors with role responsible {sorted(resp)}")
            for r in m["refs_internal"]:
                if r not in ids or r == m["id"]:
                    err(f"{w}: internal reference {r} is not another measure of this report")
            plan_names = {p["name"] for p in m["plans"]}
            for p in m["plans"]:
                line = at(p["line"], f"plan {p['name'][:20]}")
                if line is not None and not starts_here(p["line"], p["name"], 8):
                    err(f"{w}: plan {p['name'][:30]!r} not on line {p['line']}")
            for r in m["refs_external"]:
                line = at(r["line"], "ref_ext")
                if line is not None and f"tiltak {r['measure']}" not in line:
                    err(f"{w}: 'tiltak {r['measure']}' not on line {r['line']}")
                if r["plan"] not in plan_names:
                    err(f"{w}: external reference plan not among plans: {r['plan'][:40]}")
            for u in m["urls"]:
                if re.sub(r"\s+", "", u) not in flat:
                    err(f"{w}: url not in text: {u}")
            for am in m["amounts"]:
                line = at(am["line"], f"amount {am['nok']}")
                if line is not None and not any(re.search(p, line) for p in amount_patterns(am["nok"])):
                    err(f"{w}: amount {am['nok']} not on line {am['line']} {lines[am['line'] - 1][:70]!r}")
                if am["funder_basis"] not in BASES or (am["funder"] is None) != (
                    am["funder_basis"] == "unknown"
                ):
                    err(f"{w}: amount {am['nok']}: funder {am['funder']} / basis {am['funder_basis']}")
                if am["year"] is not None and not (
                    isinstance(am["year"], int) and 1990 <= am["year"] <= 2030
                ):
                    err(f"{w}: amount year {am['year']}")
                for x in (am["funder"], am["recipient"]):
                    if x is not None:
                        used_names.add(x)
                        if x not in known:
                            err(f"{w}: funder/recipient {x!r} unknown")
            for r in m["reports"]:
                line = at(r["line"], "report")
                if line is not None and not starts_here(r["line"], r["title"], 10):
                    err(f"{w}: report title {r['title'][:30]!r} not on line {r['line']}")
                if r["url"] is not None and r["url"] not in m["urls"]:
                    err(f"{w}: report url not among the measure's urls")
                if r["publisher"] is not None and r["publisher"] not in known:
                    err(f"{w}: publisher {r['publisher']!r} unknown")
                if r["publisher"] is not None:
                    used_names.add(r["publisher"])
        for name in doc["not_in_gazetteer"]:
            if name not in used_names:
                err(f"{where}: not_in_gazetteer lists {name!r}, which no annotation uses")

        st = Counter(m["status"]["value"] for m in ms if m["status"])
        counts[where] = dict(
            lines=n,
            measures=len(ms),
            actors=sum(len(m["actors"]) for m in ms),
            distinct=len({a["name"] for m in ms for a in m["actors"]}),
            amounts=sum(len(m["amounts"]) for m in ms),
            statuses=sum(st.values()),
            chapters=len(doc["chapters"]),
            status_values=st,
        )
        print(f"{where}: {n} lines, {len(ms)} measures checked")

    # series changes
    chg = json.loads((HERE / "series-changes.json").read_text(encoding="utf-8"))
    a, b = (docs[s] for s in chg["series"])
    A = {m["id"]: m for m in a["measures"]}
    B = {m["id"]: m for m in b["measures"]}

    def key(i):
        return [int(x) for x in i.split(".")]

    if chg["measures_added"] != sorted(set(B) - set(A), key=key):
        err("series: measures_added mismatch")
    if sorted(chg["measures_dropped"] + list(chg["measures_merged"]), key=key) != sorted(
        set(A) - set(B), key=key
    ):
        err("series: dropped + merged != measures missing from B")
    for old, new in chg["measures_merged"].items():
        if new not in B:
            err(f"series: {old} merged into {new}, which is not in B")
    if sorted(chg["measures"], key=key) != sorted(set(A) & set(B), key=key):
        err("series: 'measures' must list exactly the ids in both reports")

    def pairs(m):
        return {(x["name"], r) for x in m["actors"] for r in x["roles"] if r != "responsible"}

    for mid in sorted(set(A) & set(B), key=key):
        ma, mb = A[mid], B[mid]
        exp = {}
        sa = ma["status"]["value"] if ma["status"] else None
        sb = mb["status"]["value"] if mb["status"] else None
        if sa != sb:
            exp["status"] = [sa, sb]
        ra, rb = set(ma["responsible"]), set(mb["responsible"])
        if rb - ra:
            exp["responsible_added"] = sorted(rb - ra)
        if ra - rb:
            exp["responsible_removed"] = sorted(ra - rb)
        pa, pb = pairs(ma), pairs(mb)
        if pb - pa:
            exp["organisations_added"] = [{"name": x, "role": r} for x, r in sorted(pb - pa)]
        if pa - pb:
            exp["organisations_removed"] = [{"name": x, "role": r} for x, r in sorted(pa - pb)]
        add = Counter(x["nok"] for x in mb["amounts"]) - Counter(x["nok"] for x in ma["amounts"])
        if add:
            exp["amounts_added"] = sorted(add.elements())
        if ma["title"] != mb["title"]:
            exp["title_changed"] = [ma["title"], mb["title"]]
        if chg["measures"].get(mid) != exp:
            err(f"series m{mid}: changes {chg['measures'].get(mid)} != computed {exp}")
    print("series-changes.json checked")

    # README counts
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    for src, c in counts.items():
        stem = src[:-4]
        row = [r for r in readme.split("\n") if r.startswith(f"| `{stem}`")]
        if len(row) != 1:
            err(f"README: no single table row for {stem}")
            continue
        cells = [x.strip() for x in row[0].split("|")[2:9]]
        want = [
            str(c["lines"]),
            str(c["measures"]),
            f"{c['actors']} ({c['distinct']})",
            str(c["amounts"]),
            str(c["statuses"]),
            str(c["chapters"]),
        ]
        if cells[:6] != want:
            err(f"README: row for {stem} says {cells[:6]}, data gives {want}")
    tot = Counter()
    for c in counts.values():
        tot.update(c["status_values"])
    total_line = (
        f"Totals: {sum(c['measures'] for c in counts.values())} measures, "
        f"{sum(c['actors'] for c in counts.values())} actor entries, "
        f"{sum(c['amounts'] for c in counts.values())} amounts. Statuses: "
        + ", ".join(
            f"{tot[s]} {s}" for s in ["done", "ongoing", "continuous", "not_started", "delayed", "cancelled"]
        )
        + "."
    )
    print(total_line)
    if total_line not in readme:
        err("README: totals line differs from the data (expected the line printed above)")
    print("OK" if not errors else f"{errors} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
