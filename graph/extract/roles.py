"""Typed roles of organisations in a measure, read from the wording of each sentence.

Each organisation mention is replaced by a mark (see actors.MENTION) and the sentence is matched
against Norwegian patterns such as "på oppdrag fra {commissions}" or "evaluert av {evaluates}",
where {role} stands for one mention or a list of them ("X, Y og Z"); {M} stands for the marks. A
group named `at` marks where in the match the role stands (for the overrides between roles).
"""

from __future__ import annotations

import re

from graph.extract.actors import FIRST_MARK, MARKS, MENTION, Mention, Passage
from graph.model import Evidence, Involvement, Measure, Organisation
from graph.vocabulary import ROLE_KEYS

SEPARATOR = rf"(?:\s*\([^(){MARKS}]*\))?(?:\s*,\s*|\s+og\s+|\s+samt\s+|\s+eller\s+|\s*/\s*)(?:(?:de|det|den)\s+(?:[a-zæøå]+\s+)?|stiftelsen\s+)?"
LIST = rf"{MENTION}(?:{SEPARATOR}{MENTION})*"


def words(count: int) -> str:
    """Up to `count` words, none of them a mention or a word that starts a new clause."""
    return rf"(?:(?!(?:som|at|og|men|der|hvor|mens)\s)[^\s{MARKS}]+\s+){{0,{count}}}?"


ALONGSIDE = (
    rf"(?:,?\s*(?:i\s+samarbeid\s+med|i\s+dialog\s+med|sammen\s+med)\s+{LIST}\s*,?)?"  # "i samarbeid med X"
)

EXECUTE_VERBS = (
    r"(?:gjennomført|gjennomførte|gjennomfører|gjennomføre|utarbeidet|utarbeider|utarbeide|utviklet|"
    r"utvikler|utvikle|laget|lager|lage|lanserte|lansert|lanserer|publiserte|publisert|publisere|"
    r"presenterte|presenterer|etablert|etablerte|etablerer|etablere|arrangerte|arrangert|arrangerer|"
    r"arrangere|drifter|driver|drifte|leder|ledet|forvalter|forvaltet|distribuerte|distribuerer|"
    r"igangsatt|igangsatte|igangsetter|startet|innhentet|innhenter|kartlagt|kartla|kartlegger|"
    r"kartlegge|utreder|utredet|utrede|videreutvikler|videreutviklet|viderefører|videreførte|iverksatt|"
    r"iverksetter|forestår|står\s+for|sto\s+for|tilbyr|holdt|avholdt|innledet|"
    # entering an agreement is doing the work; entering a collaboration is taking part (partner)
    r"inngått(?!\s+(?:et\s+)?samarbeid)|inngikk(?!\s+(?:et\s+)?samarbeid)|opprettet|"
    r"ferdigstilt|produsert|produserte|gjennomgått|arbeider\s+med|arbeidet\s+med|jobber\s+med|"
    r"tatt\s+initiativ|tok\s+initiativ|bistår|bistått|utga|utgir|oversendte|levert|leverte|revidert|"
    r"oppdatert|foretatt|utført|utfører|innførte|innføre|innfører|åpnet|overtatt|overtok|informerte|"
    r"forbereder|jobber|arbeider|sendte|bistå|foreta|justert|oppgradert|følger|stå\s+for|er\s+aktive?\s+i|fremmet|utformet|bidra\s+til|bidrar\s+til|har\s+ansvar(?:et)?\s+for|er\s+ansvarlig\s+for|"
    r"gjort|gjorde|sett\s+på|så\s+på|ser\s+på|undersøkt|undersøkte|undersøker|identifisert|identifiserte|"
    r"sørge\s+for(?!\s+ansvar)|sørger\s+for|sørget\s+for)"
)
FINITE = (  # verbs that may come before their subject ("I 2014 gjennomførte X ...")
    r"(?:gjennomførte|gjennomfører|utarbeidet|utarbeider|lanserte|lanserer|publiserte|publiserer|presenterte|"
    r"presenterer|etablerte|etablerer|arrangerte|arrangerer|innledet|startet|distribuerte|inngikk|opprettet|"
    r"informerte|utga|leverte|drifter|utvikler|kartlegger)"
)
NOT_AFTER_PREPOSITION = "".join(
    rf"(?<!\b{word}\s)" for word in "fra av til med hos for ved i mot på om under".split()
)
PASSIVE = (
    r"(?:gjennomført|gjennomføres|utarbeidet|utarbeides|utviklet|utvikles|driftet|driftes|drevet|drives|kartlagt|"
    r"kartlegges|utredet|utredes|undersøkt|gjennomgått|gjennomgås|"
    r"ledet|ledes|arrangert|arrangeres|utført|utføres|laget|lages|utgitt|publisert|levert|forvaltes|"
    r"forvaltet|koordinert|koordineres|produsert|avholdt|holdt)"
)
FUND_VERBS = (
    r"(?:avsatt|avsetter|bevilget|bevilger|tildelt|tildeler|finansiert|finansierer|satt\s+av|setter\s+av|"
    r"gir\s+tilskudd|gitt\s+tilskudd|støttet|støtter|delfinansiert|viderefører\s+ordningen\s+med\s+tilskudd|"
    r"videreført\s+ordning(?:en)?\s+med\s+tilskudd)"
)

TEMPLATES = [
    # commissions (often together with the one who carries the assignment out)
    r"(?:på|etter)\s+oppdrag\s+(?:fra|av)\s+{commissions}",
    r"i\s+oppdrag\s+fra\s+{commissions}",
    r"(?:tildelingsbrev|oppdragsbrev|disponeringsskriv)\w*\s+fra\s+{commissions}",
    r"{commissions}\s+(?:har\s+|hadde\s+)?(?:gitt|ga|gav|gir)\s+"
    + words(3)
    + r"{executes}\s+"
    + words(3)
    + r"i\s+oppdrag",
    r"(?:gitt|ga|gav)\s+{commissions}\s+{executes}\s+i\s+oppdrag",
    r"{commissions}\s+(?:har\s+|hadde\s+)?(?:gitt|ga|gav)\s+(?:et\s+)?\w*oppdrag\s+til\s+{executes}",
    r"{commissions}\s+ga\b[^{M}]{0,80}?oppdraget\s+til\s+{executes}",
    r"\bba\s+{commissions}\s+{executes}\s+om\b",
    r"{commissions}\s+ba\s+{executes}\s+om\b",
    r"bestilt\s+av\s+{commissions}",
    r"{commissions}\s+(?:stilte|stiller|har\s+stilt)\s+[^{M}]{0,40}?oppdragsdokument\w*\s+til\s+{executes}",
    r"{commissions}\s+(?:har\s+)?(?:bedt|ber)\s+{executes}",
    # executes
    r"{executes}" + ALONGSIDE + r"\s+" + words(4) + r"(?:fått|fikk|får|få)\s+" + words(4) + r"i\s+oppdrag",
    r"\b(?:fikk|får|fått)\s+{executes}\s+" + words(3) + r"i\s+oppdrag",
    r"\b(?:ble|er|blir)\s+{executes}\s+" + words(3) + r"(?:gitt|tildelt)\s+" + words(2) + r"i\s+oppdrag",
    r"[Oo]ppdraget\s+(?:[^{M}.]{0,90}?\s)?(?:ble\s+|er\s+)?(?:gitt|gis|gikk)\s+(?:til\s+)?{executes}",
    r"\b\w*oppdrag(?:et)?\s+til\s+{executes}",
    r"oppdragsdokument\w*\s+til\s+{executes}",
    r"\b" + PASSIVE + r"\s+" + words(2) + r"av\s+(?:henholdsvis\s+)?{executes}",
    r"\b(?:utarbeidet|utviklet|laget|skrevet|produsert)\s+ved\s+{executes}",
    r"i\s+regi\s+av\s+{executes}",
    rf"(?=[{MARKS}])"  # fail fast where no mention starts
    + NOT_AFTER_PREPOSITION
    + r"{executes}(?:s|’|')?"
    + ALONGSIDE
    + r"\s+(?:har\s*|hadde\s*|vil\s*|skal\s*|kan\s*|er\s+|ble\s+)?"
    + ALONGSIDE
    + r"\s*"
    + words(5)
    + r"(?<!\bfor\s)(?<!\bi\s)"
    + EXECUTE_VERBS
    + r"\b",
    r"{executes}\s+som\s+(?:nå\s+)?" + EXECUTE_VERBS + r"\b",
    r"(?<!\bble\s)(?<!\ber\s)\b(?!inngikk\s+\S+\s+(?:et\s+)?samarbeid)" + FINITE + r"\s+{executes}",
    # "X støttet konferansen og arrangerte ...": X is the subject of the second verb too (the role
    # stands at that verb, so that the first verb's own role does not override it)
    r"{executes}\s+(?:har\s+|hadde\s+)?" + words(5) + r"og\s+(?:har\s+)?(?P<at>" + FINITE + r")\b",
    r"\b(?:har|hadde|vil|skal)\s+{executes}" + ALONGSIDE + r"\s+" + words(3) + EXECUTE_VERBS + r"\b",
    r"{executes}\s+(?:vil\s+)?(?:være|er|var)\s+ansvarlig\b",
    r"[Aa]nsvarlige\s+for\s+gjennomføringen\s+" + words(4) + r"(?:vil\s+)?(?:være|er)\s+{executes}",
    r"{executes}\s+(?:har\s+|hadde\s+)?(?:fått|fikk|får)\s+" + words(2) + r"midler\s+til\s+å",
    r"{executes}\s+(?:ble|er)\s+"
    + words(3)
    + r"tildelt\s+[\d ,]+\s*(?:millioner|mill\.)?\s*kroner\s+til\s+å",
    r"{executes}\s+(?:er|ble)\s+" + words(5) + r"bedt\s+om",
    # funds
    r"{funds}\s+(?!ble\b|er\b|blir\b|var\b)(?:har\s+|hadde\s+)?" + words(3) + FUND_VERBS,
    r"\bhar\s+{funds}\s+" + words(2) + r"(?:finansiert|avsatt|bevilget|tildelt)",
    r"(?:finansiert|finansieres|bekostet|betalt|dekket)\s+" + words(2) + r"av\s+{funds}",
    r"(?:midler|kroner)\s+(?:fra|over)\s+{funds}",
    r"tilskudd\w*\s+fra\s+{funds}",
    # evaluates
    r"(?:evaluert|evalueres|evaluerte|følgeevaluert|følgeevalueres)\s+"
    + words(3)
    + r"(?:av|ved)\s+(?:[a-zæøå]+\s+)?{evaluates}",  # "av forskningsinstituttet NOVA"
    r"{evaluates}\s+(?:har\s+|skal\s+|vil\s+)?"
    + words(2)
    + r"(?:evaluerer|evaluerte|følgeevaluerer|evaluere)\b",
    r"{evaluates}(?:s|’|')?\s+(?:ekstern\w*\s+)?evaluering\b",
    r"[Ee]valuering\w*\s+" + words(6) + r"gjennomføres\s+av\s+{evaluates}",
    r"[Ee]valuering\w*\s+(?:av\s+[^{M}()]{0,40}?)?\(\s*{evaluates}\s+\d{4}\)",
    r"{evaluates}\s+forestår\s+evalueringen",
    # partner
    r"\binngikk\s+{partner}\s+(?:et\s+)?samarbeid",
    r"{partner}\s+(?:har\s+|hadde\s+)?" + words(2) + r"(?:inngått|inngikk)\s+(?:et\s+)?samarbeid",
    r"samarbeid\w*\s+(?:tett\s+)?(?:med|mellom)\s+(?:forskere\s+fra\s+)?{partner}",
    r"med\s+deltakelse\s+fra\s+{partner}",
    r"(?:bestått|består|bestod)\s+av\s+{partner}",
    r"sammen\s+med\s+{partner}",
    r"dialog\s+med\s+{partner}",
    r"{partner}\s+(?:har\s+)?(?:gitt|gir|ga)\s+innspill",
    r"{partner}\s+(?:"
    + words(2)
    + r")?(?:har\s+vært|er|var|skal\s+være|vil\s+være)\s+(?:programpartner|donor\s+program\s+partner)",
    r"\b(?:var|er)\s+{partner}\s+(?:programpartner|donor\s+program\s+partner)",
]
# After one of these words, an organisation without another role in the sentence is a partner.
COLLABORATION = re.compile(
    r"\b(?:samarbeid(?:et)?|samarbeide[rt]?|samarbeidspartner\w*|samarbeidsavtale\w*|samhandling\w*|dialog|"
    r"avstemming|opp\s+mot|programpartner|Program\s+Partner)\b",
    re.IGNORECASE,
)
COLLABORATION_REACH = 160  # characters after the cue, up to the next ", og" or ";"
# At a meeting, forum or conference, those who present take part: partners, not executors.
EVENT = re.compile(r"\b(?:møte\w*|forum\w*|seminar\w*|konferanse\w*|fagdag\w*)\b", re.IGNORECASE)
PRESENTING = re.compile(
    r"\b(?:presenterte|presenterer|innledet|innledere|informerte|innlegg(?:et|ene)?)\b", re.IGNORECASE
)
PRESENTED_BY = re.compile(r"\(ved\s+$")  # "innleggene omhandlet X (ved Y)"
GAPPED_TOPIC = re.compile(r"^\s+om\b")  # "X informerte om A og Y om B": Y presents B
INTRODUCERS = re.compile(r"\binnledere\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"[;.]|\b(?:mens|som|men|at)\b")
# A role that a more specific one in the same sentence overrides.
OVERRIDES = (
    ("evaluates", "executes"),
    ("funds", "executes"),
    ("commissions", "executes"),
    ("commissions", "partner"),
    ("executes", "partner"),
)


def _compile(template: str) -> re.Pattern[str]:
    """Expand {role} into a named group matching a list of mentions, {M} into the marks."""
    counter = iter(range(100))

    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        return MARKS if name == "M" else f"(?P<{name}_{next(counter)}>{LIST})"

    return re.compile(re.sub(r"\{(M|" + "|".join(ROLE_KEYS) + r")\}", expand, template), re.IGNORECASE)


PATTERNS = [_compile(template) for template in TEMPLATES]


def sentence_roles(passage: Passage) -> dict[int, set[str]]:
    """Roles found in one sentence, by mention index (computed once per sentence)."""
    if passage.roles is None:
        passage.roles = _roles(passage) if passage.mentions else {}
    return passage.roles


def _roles(passage: Passage) -> dict[int, set[str]]:
    placeholder = passage.placeholder
    spans: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for pattern in PATTERNS:
        for match in pattern.finditer(placeholder):
            for group, value in match.groupdict().items():
                if value is None:
                    continue
                if group == "at":
                    continue
                role = group.rsplit("_", 1)[0]
                span = match.span("at") if "at" in pattern.groupindex else match.span()
                for mark in re.findall(f"[{MARKS}]", value):
                    found = spans.setdefault(ord(mark) - FIRST_MARK, {})
                    found.setdefault(role, []).append(span)
    if EVENT.search(passage.context) and PRESENTING.search(placeholder):
        _presenters_are_partners(placeholder, spans, passage)
    cue = COLLABORATION.search(placeholder)
    if cue:
        reach = placeholder[cue.start() : cue.start() + COLLABORATION_REACH]
        end = cue.start() + min(
            (reach.find(stop) % (len(reach) + 1) for stop in (", og ", ";")), default=len(reach)
        )
        for index, mention in enumerate(passage.mentions):
            if cue.start() < mention.start < end and not spans.get(index):
                spans[index] = {"partner": [(cue.start(), end)]}
    for found in spans.values():
        for stronger, weaker in OVERRIDES:
            if stronger in found and weaker in found and _overlap(found[stronger], found[weaker]):
                del found[weaker]
    return {index: set(found) for index, found in spans.items()}


def _presenters_are_partners(placeholder: str, spans: dict, passage: Passage) -> None:
    """At a meeting or conference, those who present or introduce a topic take part in it: the
    subjects of "presenterte", "innledet", "holdt et innlegg" ... (also where the verb is left out:
    "X informerte om A og Y om B"), the listed "innledere", and those a talk is given by
    ("innleggene omhandlet … (ved X)")."""
    for index, mention in enumerate(passage.mentions):
        found = spans.setdefault(index, {})
        executes = found.get("executes", [])
        if executes and all(PRESENTING.search(placeholder[start : end + 20]) for start, end in executes):
            found["partner"] = found.pop("executes")
        if found:
            continue
        after = placeholder[mention.end : mention.end + 80]
        verb = PRESENTING.search(after)
        presents = verb is not None and not CLAUSE_BREAK.search(after[: verb.start()])
        before = placeholder[: mention.start]
        gapped = GAPPED_TOPIC.match(after) and PRESENTING.search(before)
        if presents or gapped or INTRODUCERS.search(before) or PRESENTED_BY.search(before):
            found["partner"] = [(mention.start, mention.end)]


def _overlap(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in first for c, d in second)


def involvements(
    measure: Measure, passages: list[Passage], organisations: dict[str, Organisation]
) -> list[Involvement]:
    """Every (organisation, role) of the measure with its evidence; "mentioned" only where the measure
    gives the organisation no other role."""
    found: dict[tuple[str, str], list[Evidence]] = {}
    codes = {organisation.abbreviation: organisation.id for organisation in organisations.values()}
    if measure.responsible_line is not None:
        evidence = Evidence(measure.responsible_line, "Ansvarlig: " + ", ".join(measure.responsible))
        for code in measure.responsible:
            if code in codes:
                found.setdefault((codes[code], "responsible"), []).append(evidence)
    named: dict[str, list[Evidence]] = {}
    for passage in passages:
        roles = sentence_roles(passage)
        for index, mention in enumerate(passage.mentions):
            evidence = _evidence(passage, mention)
            named.setdefault(mention.actor, []).append(evidence)
            for role in sorted(roles.get(index, ())):
                found.setdefault((mention.actor, role), []).append(evidence)
    with_role = {actor for actor, _ in found}
    for actor, evidence in named.items():
        if actor not in with_role:
            found[(actor, "mentioned")] = evidence
    return [
        Involvement(measure.id, actor, role, _unique(evidence)) for (actor, role), evidence in found.items()
    ]


def _evidence(passage: Passage, mention: Mention) -> Evidence:
    return Evidence(passage.sentence.line_at(mention.start), passage.sentence.text)


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    return list(dict.fromkeys(evidence))
