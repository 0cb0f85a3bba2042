"""Norwegian (bokmål)."""

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

PACK = LanguagePack(
    code="nb",
    stemmer="norwegian",
    hints=wordset("og å det som en et ei er på for med av til har ikke den de om dere deres vi vår våre vårt "
                  "hvordan hva hvilke hvilken hvilket når hvor finnes kan skal får eller fra alle noen samt "
                  "disse denne dette gjennom hos også brukes kreves ifølge innen uten skjer ved slike hele blir "
                  "deg dere jeg"),
    letters="æøÆØ",
    stop=wordset("og eller å at som en et ei den det de dem denne dette disse av på i til fra med for om hos "
                 "ved under over gjennom mot etter før er var være vært blir bli ble har hadde hatt ha kan "
                 "kunne skal skulle bør vil dere deres vi vår våre vårt oss man seg sin sitt sine dens hvilken "
                 "hvilket hvilke hva hvor hvordan når hvorfor hvem beskriv oppgi forklar bekreft list redegjør "
                 "selskap selskapet organisasjon organisasjonen leverandøren alle hver noen noe også både samt "
                 "hvorvidt ja f eks osv dvs nåværende aktuell aktuelle relevante egnede regelmessig type typer "
                 "finnes skjer får igjen lenge siden"),
    light=wordset("bruk benytt gjennomfør utfør driv bygg kjør tar gjør ha tilby oppretthold innfør lever "
                  "prosess rutin"),
    markers=markers(
        **{NEG: "ikke ingen intet aldri uten verken mangler klartekst",
           FORBID: "forbyr forby forbudt forbys forbud nekter",
           PERMIT: "tillater tillate tillatt tillates får aksepterer aksepteres godtar godtas",
           OUTSIDE: "utenfor utenlands unntatt bortsett",
           EVER: "noensinne",
           ALONE: "bare kun utelukkende alene tilstrekkelig eneste",
           EXCESS: "utover",
           OPTIONAL: "frivillig frivillige valgfri valgfritt valgfrie",
           DISABLE: "deaktivere deaktiveres deaktivert omgå omgås overstyre unnta unntas unntatt"}),
    marker_pairs={("annen", "enn"): OUTSIDE, ("andre", "enn"): OUTSIDE, ("annet", "enn"): OUTSIDE,
                  ("mer", "enn"): EXCESS},
    open_start=wordset("hva hvilken hvilket hvilke hvor hvordan hvorfor når hvem beskriv forklar oppgi list nevn "
                       "spesifiser velg redegjør legg"),
    prepositions=wordset("i for til på fra av med under om hos"),
    where=wordset("hvor"),
    what=wordset("hva hvilken hvilket hvilke"),
    list_words=wordset("list oppgi nevn"),
    degree=wordset("laveste høyeste minste største eldste siste nyeste nåværende"),
    relative=wordset("som"),
    buyer=wordset("vi vår våre vårt oss"),
    own=wordset("egen eget egne selv"),
    neg_prefixes=("u",),
    not_prefixed=wordset("under undersøke undersøkelse ut uten utenfor utover utført utføre utstyr utvikling "
                         "utvikler utviklere uke uker ulike universitet"),
    please=wordset("vennligst"),
    politeness=wordset("vennligst"),
    can=wordset("kan"),
    # "Kan X lagres", "Får X brukes": a passive verb after the modal asks for permission.
    passive=re.compile(r"[a-zæøå]{3,}(?:es|s)$"),
    conditional_permit=wordset("får"),  # "Får de ansatte opplæring?" is "do staff get", not "may"
    actors=wordset("vi jeg man dere kunder kunden brukere brukerne"),
    more_than=("mer", "enn"),
    compounds=True,
    cadence=wordset("daglig ukentlig månedlig kvartalsvis årlig årlige kontinuerlig løpende"),
    headers={
        "id_strong": ("spørsmål nr", "spørsmålsnummer"),
        "id_plain": ("nummer",),
        "question_strong": ("spørsmål", "spørsmålstekst"),
        "question_words": ("spørsmål", "krav"),
        "question_weak": ("kontroll",),
        "answer_words": ("svar",),
        "answer_weak": ("etterlevelse",),
        "comment_strong": ("kommentar", "kommentarer", "forklaring", "begrunnelse", "merknad", "merknader"),
        "comment_plain": ("ytterligere informasjon", "tilleggsinformasjon"),
        "comment_weak": ("beskrivelse",),
        "not_a_column": ("veiledning", "instruksjon", "eksempel"),
        "csv_question": ("spørsmål", "spørsmålstekst"),
        "csv_id": ("spørsmål nr", "spørsmålsnummer", "nummer"),
        "context": ("seksjon", "avsnitt", "område", "kategori", "kontroll"),
    },
    yes=wordset("ja j"),
    no=wordset("nei"),
    not_applicable=frozenset({"ikke relevant", "ikke aktuelt", "ikke anvendelig", "i/a"}),
    partial=("delvis",),
    yes_no=(("ja", "nei"),),
)
