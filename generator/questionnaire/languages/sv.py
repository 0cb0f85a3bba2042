"""Swedish."""

from __future__ import annotations

import re

from . import (
    ALONE,
    DISABLE,
    EVER,
    EXCESS,
    FORBID,
    NEG,
    OPTIONAL,
    OUTSIDE,
    PERMIT,
    LanguagePack,
    markers,
    wordset,
)

_ENDINGS = ("ningen", "ningar", "ning", "ingen", "ingar", "ing")


def fold(s: str) -> str:
    """Snowball's Swedish stem with a few derivational endings folded: Snowball keeps "kryptering" and
    "krypterar", or "lagring" and "lagras", apart."""
    if s.endswith(_ENDINGS):  # one test for all of them: most stems have none
        for ending in _ENDINGS:
            if s.endswith(ending) and len(s) - len(ending) >= 4:
                s = s[: -len(ending)]
                break
    if s.endswith("er") and len(s) >= 6:
        s = s[:-2]
    elif s.endswith("et") and len(s) >= 7:
        s = s[:-2]  # definite neuter: "nätverket", "abonnemanget", "skyddet"
    return s


PACK = LanguagePack(
    code="sv",
    stemmer="swedish",
    hints=wordset("och att det som en ett är på för med av till har inte den de om ni er era ert vi vår "
                  "våra vårt hur vad vilka vilken vilket när var finns kan ska får eller från alla någon "
                  "några samt dessa denna detta genom hos också används krävs enligt inom utan sker i vid "
                  "så sådana hela vilket"),
    letters="åäöÅÄÖ",
    stop=wordset("och eller att som en ett den det de dem denna detta dessa av på i till från med för om "
                 "hos vid under över genom mot efter före är var vara varit blir bli blev har hade haft ha "
                 "kan kunde ska skulle bör vill ni er era ert vi vår våra vårt oss man sig sin sitt sina "
                 "dess deras vilken vilket vilka vad var hur när varför vem vars beskriv ange förklara "
                 "bekräfta lista redogör företag företaget organisation organisationen leverantören ni alla "
                 "varje någon något några också både även samt eller om huruvida ja t ex etc dvs nuvarande "
                 "aktuell aktuella relevanta lämpliga regelbundet typ typer finns finnas sker ske får kvar "
                 "länge efter sedan lämnas lämnad lämnat"),
    light=wordset("använd tillämp genomför utför driv bygg kör nyttj tar gör ha erbjud upprätthål inför "
                  "tillhandahål process rutin förfarand"),
    markers=markers(
        **{NEG: "inte ej icke aldrig ingen inget inga utan varken saknar saknas klartext",
           FORBID: "förbjuder förbjuda förbjuden förbjudet förbjudna förbjuds förbud nekar vägrar",
           PERMIT: "tillåter tillåta tillåten tillåtet tillåtna tillåts får accepterar accepteras godtar godtas",
           OUTSIDE: "utanför utomlands förutom utom",
           EVER: "någonsin",
           ALONE: "enbart endast bara ensamt ensam räcker tillräckligt tillräcklig enda",
           EXCESS: "utöver",
           OPTIONAL: "frivillig frivilligt frivilliga valfri valfritt valfria",
           DISABLE: "inaktivera inaktiveras inaktiverad inaktiverat kringgå kringgås åsidosätta undanta "
                    "undantas undantagen"}),
    marker_pairs={("annan", "än"): OUTSIDE, ("andra", "än"): OUTSIDE, ("annat", "än"): OUTSIDE,
                  ("mer", "än"): EXCESS},
    open_start=wordset("vad vilken vilket vilka var varifrån vart när vem vems hur varför beskriv förklara ange "
                       "lista redogör specificera nämn välj markera bifoga"),
    prepositions=wordset("i för till på från av med under om hos"),
    where=wordset("var varifrån vart"),
    what=wordset("vilken vilket vilka"),
    list_words=wordset("lista ange nämn"),
    degree=wordset("lägsta högsta minsta största äldsta senaste nuvarande aktuella vanligaste"),
    relative=wordset("som vilka vilken"),
    buyer=wordset("vi vår våra vårt oss"),
    own=wordset("egen eget egna själva själv"),
    neg_prefixes=("o",),
    not_prefixed=wordset("oberoende oberoendet område områden ofta om omfattar omfattas omfattning oss också "
                         "ordning organisation order öppen öppet"),
    please=wordset("vänligen"),
    politeness=wordset("vänligen var god"),
    not_open=frozenset({("var", "det"), ("var", "ni"), ("var", "de"), ("var", "den")}),  # "was", not "where"
    can=wordset("kan"),
    # "Kan X lagras", "Får X lagras": a passive verb after the modal asks for permission.
    passive=re.compile(r"[a-zåäö]{3,}(?:as|s)$"),
    conditional_permit=wordset("får"),  # "Får personalen utbildning?" is "do staff get", not "may"
    actors=wordset("vi jag man ni kunder kunden användare användarna"),
    more_than=("mer", "än"),
    compounds=True,
    fold=fold,
    cadence=wordset("timvis dagligen dagliga veckovis månadsvis kvartalsvis årligen årliga årlig löpande "
                    "kontinuerligt"),
    headers={
        "id_strong": ("fråga nr", "frågenummer", "fråge id"),
        "id_plain": ("nummer",),
        "question_strong": ("fråga", "frågor", "frågetext", "frågeställning"),
        "question_words": ("fråga", "frågor", "krav"),
        "question_weak": ("kontroll",),
        "answer_words": ("svar",),
        "answer_weak": ("efterlevnad",),
        "comment_strong": ("kommentar", "kommentarer", "förklaring", "motivering", "anmärkning", "anmärkningar"),
        "comment_plain": ("ytterligare information", "beskrivning av genomförande"),
        "comment_weak": ("beskrivning",),
        "not_a_column": ("vägledning", "instruktion", "exempel"),
        "csv_question": ("fråga", "frågor", "frågetext"),
        "csv_id": ("fråga nr", "frågenummer", "nummer"),
        "context": ("sektion", "avsnitt", "område", "kategori", "kontroll"),
    },
    yes=wordset("ja j sant"),
    no=wordset("nej falskt"),
    not_applicable=frozenset({"ej tillämpligt", "ej tillämplig", "inte tillämpligt", "e/t", "ej aktuellt"}),
    partial=("delvis",),
    yes_no=(("ja", "nej"),),
)
