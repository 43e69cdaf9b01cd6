"""Web addresses of a measure, and the publications it names by title (with publisher, year, URL)."""

from __future__ import annotations

import re
from dataclasses import replace

from graph.extract.actors import URL_TOKEN, Passage
from graph.extract.roles import sentence_roles
from graph.model import Evidence, HiddenLink, Link, Measure, Organisation, Publication
from graph.read.breaks import trim_url
from graph.read.clean import MONTHS
from graph.text import MARKS, MENTION, slug

QUOTED = re.compile(r"«(?P<a>[^«»]{3,250})»|“(?P<b>[^“”]{3,250})”|\"(?P<c>[^\"]{3,250})\"")
NOUNS = {
    "rapport": "report",
    "prosjektrapport": "report",
    "studie": "report",
    "kartlegging": "report",
    "utredning": "report",
    "publikasjon": "report",
    "veileder": "guideline",
    "retningslinje": "guideline",
    "håndbok": "guideline",
    "artikkel": "article",
    "brosjyre": "brochure",
    "tittel": "report",
}
# A publication noun in the singular (rapport, rapporten, veilederen, ...).
NOUN = re.compile(r"^(?P<noun>" + "|".join(NOUNS) + r")(?:en|a|er)?$", re.I)
TITLE_LED = re.compile(r"^(?:Veileder|Rapport|Håndbok|Retningslinje|Nasjonal faglig retningslinje)\b")
PUBLISHED_AFTER = re.compile(r"^\s*(?:\(Rapport\b|kan\s+lastes\s+ned|utarbeidet\s+(?:ved|av))")
GUIDELINE = re.compile(
    r"\b(?P<title>Nasjonale? faglige? retningslinjer? for [a-zæøå]+(?:\s[a-zæøå-]+){0,6}?)(?=\s*[(.,:]|$)"
)
DOWNLOADABLE = re.compile(
    rf"^(?P<title>(?!(?:Rapport|Studie|Veileder|Artikkel|Brosjyre|Forskrift|Lenke|Informasjon|Mer|Her|Se|Det|Den|Dette|Disse|De|Vi|Man)\w*\b)[A-ZÆØÅ][^.:{MARKS}]{{5,140}}?)"
    r"\s+kan\s+lastes\s+ned"
)
CITED = re.compile(
    rf"^(?P<title>[A-ZÆØÅ][^.:(){MARKS}]{{5,100}}?)\s*\((?P<mark>[{MARKS}])\u2063*\s+(?P<year>\d{{4}})\)"
)
PUBLISHED = r"\s+(?:ble|er|har\s+blitt)\s+(?:utgitt|publisert|lansert|ferdigstilt)\b"
# "Veileder for psykososiale tiltak ved kriser ... ble utgitt i 2011": a title that opens the sentence
TITLE_PUBLISHED = re.compile(
    rf"^(?P<title>(?:Veileder|Rapport|Håndbok|Retningslinje|Nasjonal faglig retningslinje)\b"
    rf"[^.:«{MARKS}]{{5,140}}?){PUBLISHED}"
)
# "Den reviderte veilederen for psykososiale tiltak ... Mestring, samhørighet og håp ble utgitt"
NAMED_AFTER_NOUN = re.compile(
    rf"\b(?:rapport|veileder|håndbok|studie|brosjyre)(?:en|a)\s+(?:for|om|til)\s+[a-zæøå][a-zæøå ,-]*?\s+"
    rf"(?P<title>[A-ZÆØÅ][^.:«{MARKS}]{{3,100}}?){PUBLISHED}"
)
LINK_TITLE = re.compile(r"(?:lastes\s+ned|tilgjengelig)\s+her:\s+(?P<title>[A-ZÆØÅ][^.:]{3,150})$")
UNQUOTED = re.compile(rf"\b[Rr]apport(?:en)?\s+(?:om\s+)?(?:fra\s+{MENTION}\s+)?(?=[A-ZÆØÅ][a-zæøå])")
TITLE_END = re.compile(
    r"\s+(?:kan\s+lastes|er\s+tilgjengelig|ble\s|følges\s+opp|anbefaler|ovenfor|nedenfor)|\s*\(\d{4}:\d+\)"
)
DOWNLOAD = re.compile(
    r"^(?:\S+\s+)?(?P<noun>[Rr]apport(?:en)?|[Ss]tudien|[Vv]eilederen|[Bb]rosjyren|[Aa]rtikkelen)\s+"
    r"(?:kan\s+lastes\s+ned|er\s+tilgjengelig|finnes)"
)
YEAR = r"((?:19|20)\d{2})"
DATE = rf"(?:\d{{1,2}}\.\s+)?(?:(?:{'|'.join(MONTHS)})\s+)?{YEAR}"
YEAR_AFTER = re.compile(
    rf"^.*?(?:\(Rapport\s+\d+/{YEAR}\)|\({YEAR}:\d+\)|(?:lansert|publisert|presentert|offentliggjort|utgitt|"
    rf"ferdigstilt)\b.{{0,90}}?{DATE}|^\s*fra\s+{DATE}|utarbeidet\s+(?:ved|av)\s+{MENTION}\s+i\s+{YEAR})"
)
YEAR_BEFORE = re.compile(
    rf"(?:publiserte|publisert|lanserte|presenterte|utga)\s+(?:i\s+)?{DATE}\W+[^.]{{0,40}}$"
)
PUBLISHER_BEFORE = re.compile(
    rf"([{MARKS}])\u2063*(?:(?:s|’|')\s+(?:\w+\s+)?(?:rapport|studie|veileder|evaluering)\w*|\s+(?:har\s+)?"
    rf"(?:\S+\s+){{0,3}}?(?:presenterte|lanserte|publiserte|utarbeidet|utga|laget))[^{MARKS}]*$"
    rf"|rapport\w*\s+fra\s+([{MARKS}])[^{MARKS}]*$"
)
PUBLISHER_AFTER = re.compile(
    rf"^[^{MARKS}.]*?(?:(?:utarbeidet|laget)\s+(?:ved|av)|\b(?:anbefaler|konkluderer|skriver|påpeker))\s+([{MARKS}])"
)


def links(measure: Measure, passages: list[Passage], hidden: list[HiddenLink]) -> list[Link]:
    """Every web address of the measure, whole, de-duplicated, in document order."""
    found: list[Link] = []
    for passage in passages:
        for match in URL_TOKEN.finditer(passage.sentence.text):
            evidence = Evidence(passage.sentence.line_at(match.start()), passage.sentence.text)
            found.append(Link(measure.id, trim_url(match.group(0)), False, evidence))
    for link in hidden:
        passage = _passage_at(passages, link.anchor)
        if passage is not None:
            found.append(Link(measure.id, link.url, True, Evidence(link.anchor, passage.sentence.text)))
    found.sort(key=lambda link: link.evidence.line)
    unique: dict[str, Link] = {}
    for link in found:
        unique.setdefault(link.url, link)
    return list(unique.values())


def _passage_at(passages: list[Passage], line: int) -> Passage | None:
    for passage in passages:
        numbers = [number for _, number in passage.sentence.starts]
        if line in numbers:
            return passage
    return None


def publications(
    measure: Measure,
    passages: list[Passage],
    measure_links: list[Link],
    organisations: dict[str, Organisation],
) -> list[Publication]:
    """Publications named by title, merged when the measure names one twice."""
    found: list[Publication] = []
    for position, passage in enumerate(passages):
        placeholder = passage.placeholder
        titles = [*_quoted(placeholder), *_unquoted(placeholder), *_guidelines(placeholder)]
        for start, end, title, kind in sorted(titles):
            publication = Publication(
                id=slug(title)[:72].rstrip("-"),
                title=title,
                kind=kind,
                measure=measure.id,
                publisher=_publisher(passage, placeholder, start, end, organisations),
                year=_year(placeholder, start, end),
                url=_url_after(passage, end) or _hidden_here(passage, measure_links),
                evidence=Evidence(passage.sentence.line_at(start), passage.sentence.text),
            )
            found = _merge_into(found, publication)
        download = DOWNLOAD.match(passage.sentence.text)
        if not titles and download:
            url = _url_after(passage, 0) or _hidden_here(passage, measure_links)
            if url is None and position + 1 < len(passages):
                url = _bare_url(passages[position + 1])
            kind = NOUNS.get(download["noun"].lower().removesuffix("en"), "report")
            pending = [p for p in found if p.url is None and p.kind == kind]
            if url and pending:
                found[found.index(pending[-1])] = replace(pending[-1], url=url)
    found = [_with_similar_url(publication, measure_links) for publication in found]
    if any(publication.publisher is None for publication in found):
        names = _one_word_names(organisations)
        found = [_with_publisher_from_url(publication, names) for publication in found]
    return found


def consolidate(found: list[Publication]) -> list[Publication]:
    """One description per publication: where several measures name the same title, each gets the
    publisher, year, URL and kind that the first one to give them gives."""
    best: dict[str, dict] = {}
    for publication in found:
        known = best.setdefault(publication.id, {})
        for field in ("publisher", "year", "url", "kind"):
            if known.get(field) is None and getattr(publication, field) is not None:
                known[field] = getattr(publication, field)
    return [replace(publication, **best[publication.id]) for publication in found]


def _quoted(placeholder: str):
    for match in QUOTED.finditer(placeholder):
        title = " ".join((match["a"] or match["b"] or match["c"]).split()).strip(" ,")
        if re.search(f"[{MARKS}]", title):
            continue
        before = re.sub(r"[,:/]", " ", placeholder[: match.start()]).split()[-6:]
        nouns = [NOUN.match(word) for word in before]
        noun = next((n["noun"].lower() for n in reversed(nouns) if n), None)
        if noun is None and TITLE_LED.match(title):
            noun = "veileder" if not title.startswith("Rapport") else "rapport"
        if noun is None and re.search(
            r"\b(?:publiserte|publisert|utga|utgitt)\s+(?:\S+\s+){0,3}$", placeholder[: match.start()]
        ):
            noun = "publikasjon"
        if noun is None and PUBLISHED_AFTER.match(placeholder[match.end() :]):
            noun = "rapport"
        if noun is not None and len(title.split()) >= 2:
            yield match.start(), match.end(), title, NOUNS[noun]


def _unquoted(placeholder: str):
    if link := LINK_TITLE.search(placeholder):  # "Rapporten kan lastes ned her: Title" (a hyperlink)
        yield link.start("title"), link.end("title"), link["title"].strip(), "report"
    if download := DOWNLOADABLE.match(placeholder):  # "Title kan lastes ned her: URL"
        yield download.start("title"), download.end("title"), download["title"].strip(), "report"
    if cited := CITED.match(placeholder):  # "Evalueringen av politirådene (Rambøll 2014)"
        yield cited.start("title"), cited.end("title"), cited["title"].strip(), "report"
    for match in (TITLE_PUBLISHED.match(placeholder), NAMED_AFTER_NOUN.search(placeholder)):
        if match and len(match["title"].split()) >= 2:
            kind = (
                "guideline"
                if re.match(r"(?i)veileder|håndbok|retningslinje|nasjonal", match[0])
                else "report"
            )
            yield match.start("title"), match.end("title"), match["title"].strip(), kind
    for match in UNQUOTED.finditer(placeholder):
        rest = placeholder[match.end() :]
        end = TITLE_END.search(rest)
        title = rest[: end.start()] if end else rest
        title = title.strip().rstrip(".:").strip()
        if re.search(f"[{MARKS}«]", title) or not (2 <= len(title.split()) <= 30):
            continue
        yield match.end(), match.end() + len(title), title, "report"


def _guidelines(placeholder: str):
    for match in GUIDELINE.finditer(placeholder):
        yield match.start(), match.end(), match["title"], "guideline"


def _publisher(passage, placeholder, start, end, organisations) -> str | None:
    if cited := CITED.match(placeholder[start:]):
        return passage.mention_of(cited["mark"]).actor
    before = PUBLISHER_BEFORE.search(placeholder[:start])
    after = PUBLISHER_AFTER.search(placeholder[end:])
    mark = None
    if before:
        mark = before.group(1) or before.group(2)
    elif after:
        mark = after.group(1)
    else:
        roles = sentence_roles(passage)
        doers = {
            passage.mentions[i].actor
            for i, found in roles.items()
            if found.keys() & {"executes", "evaluates"}
            and organisations[passage.mentions[i].actor].kind != "ministry"
        }
        if len(doers) == 1:
            return doers.pop()
    return passage.mention_of(mark).actor if mark else None


def _year(placeholder: str, start: int, end: int) -> int | None:
    if cited := CITED.match(placeholder[start:]):
        return int(cited["year"])
    if in_title := re.search(rf"\b{YEAR}$", placeholder[start:end].strip()):
        return int(in_title.group(1))  # "Rapportering fra krisesentertilbudet 2017"
    after = YEAR_AFTER.search(placeholder[end:])
    if after:
        return int(next(group for group in after.groups() if group))
    before = YEAR_BEFORE.search(placeholder[:start])
    return int(before.group(1)) if before else None


def _url_after(passage: Passage, end: int) -> str | None:
    match = URL_TOKEN.search(passage.sentence.text, end)
    return trim_url(match.group(0)) if match else None


def _bare_url(passage: Passage) -> str | None:
    """The URL of a sentence that is nothing but a URL (a link on a line of its own)."""
    text = passage.sentence.text
    return trim_url(text) if URL_TOKEN.fullmatch(text) else None


def _hidden_here(passage: Passage, measure_links: list[Link]) -> str | None:
    lines = {number for _, number in passage.sentence.starts}
    return next((link.url for link in measure_links if link.hidden and link.evidence.line in lines), None)


def _merge_into(found: list[Publication], new: Publication) -> list[Publication]:
    """Add a publication, or fill in one already named with (nearly) the same title."""
    stems = title_stems(new.title)
    for index, old in enumerate(found):
        other = title_stems(old.title)
        if old.id == new.id or (stems and len(stems & other) / len(stems | other) >= 0.75):
            found[index] = replace(
                old,
                publisher=old.publisher or new.publisher,
                year=old.year or new.year,
                url=old.url or new.url,
            )
            return found
    return [*found, new]


def _with_similar_url(publication: Publication, measure_links: list[Link]) -> Publication:
    """A URL of the measure whose path spells the title ("Vett_pa_nett" for "Vett på nett")."""
    if publication.url:
        return publication
    words = set(slug(publication.title).split("-"))
    for link in measure_links:
        path = set(slug(link.url).split("-"))
        if len(words) >= 2 and len(words & path) >= max(3, round(0.7 * len(words))):
            return replace(publication, url=link.url)
    return publication


def _one_word_names(organisations: dict[str, Organisation]) -> dict[str, str]:
    """Lower-cased one-word ids, abbreviations and names of organisations -> their ids."""
    names: dict[str, str] = {}
    for organisation in organisations.values():
        for form in (organisation.id, organisation.abbreviation, organisation.name):
            if form and " " not in form:
                names.setdefault(form.lower(), organisation.id)
    return names


def _with_publisher_from_url(publication: Publication, names: dict[str, str]) -> Publication:
    """Where the text names no publisher: the organisation whose web site serves the publication
    (a path segment such as /NOVA/ before the host, as in hioa.no/.../NOVA/...)."""
    if publication.publisher or not publication.url:
        return publication
    address = re.sub(r"^(?:https?://)?(?:www\.)?", "", publication.url)
    host, _, path = address.partition("/")
    for part in [*path.split("/")[:-1], *host.split(".")[:-1]]:
        if part.lower() in names:
            return replace(publication, publisher=names[part.lower()])
    return publication


def title_stems(title: str) -> frozenset[str]:
    """The title's longer words, cut to six letters: "krisesentre" and "krisesenter" agree."""
    return frozenset(word[:6] for word in slug(title).split("-") if len(word) > 2)
