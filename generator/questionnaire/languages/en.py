"""English."""

from __future__ import annotations

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
    code="en",
    stemmer="english",
    hints=wordset("the a an of and or to in is are do does you your yours we our for with on at by be been "
                  "have has this that these those it its which what how when where who any all from not no "
                  "will would can should must may there their they company use used"),
    stop=wordset("a an the and or of to in on at by for from with into onto over as than then so such via "
                 "per about is are was were be been being am do does did done doing have has had having "
                 "will would shall should can could might you your yours yourself yourselves we our ours us "
                 "i me my it its this that these those there here their they them he she his her who whom "
                 "whose which what where when how why please provide describe explain confirm indicate "
                 "state specify list give outline detail name company companies organization organizations "
                 "organisation vendor's any all each every some other also both either if whether yes "
                 "including include includes e g eg etc ie currently current relevant appropriate "
                 "applicable regular regularly periodic periodically kind type types after once long within "
                 "inside among go goes through throughout while whilst left leave leaves remain remains"),
    light=wordset("use util leverag employ deploy perform conduct carri implement maintain run oper appli "
                  "build built make get put publish provid offer undertak execut adopt establish process "
                  "procedur follow"),
    markers=markers(
        **{NEG: "not no never none nor neither without non lack lacks lacking plaintext cleartext",
           FORBID: "forbid forbids forbidden forbidding prohibit prohibits prohibited prohibiting ban bans banned "
                   "disallow disallows disallowed refuse refuses refused",
           PERMIT: "allow allows allowed allowing permit permits permitted permitting may accept accepts accepted "
                   "accepting tolerate tolerated",
           OUTSIDE: "outside except excluding abroad elsewhere besides",
           EVER: "ever",
           ALONE: "alone only solely merely sufficient suffice suffices enough single",
           EXCESS: "beyond exceeding",
           OPTIONAL: "optional voluntary",
           DISABLE: "disable disables disabled disabling bypass bypassed bypasses circumvent circumvented "
                    "override overridden waive waived exempt exempted skip skipped"}),
    marker_pairs={("other", "than"): OUTSIDE, ("apart", "from"): OUTSIDE, ("aside", "from"): OUTSIDE,
                  ("in", "addition"): EXCESS, ("more", "than"): EXCESS, ("plain", "text"): NEG,
                  ("clear", "text"): NEG},
    open_start=wordset("what which where when who whom whose how why describe explain list provide specify name "
                       "outline identify give detail state indicate select choose tick enter attach"),
    prepositions=wordset("in for to at from by with on under of"),
    where=wordset("where"),
    what=wordset("what which"),
    list_words=wordset("list name"),
    degree=wordset("minimum maximum lowest highest least oldest latest newest current main primary default "
                   "typical"),
    relative=wordset("that which who"),
    buyer=wordset("we our ours us"),
    own=wordset("own owns owned in-house inhouse yourselves yourself"),
    neg_prefixes=("un", "non"),
    not_prefixed=wordset("under understand understanding unique uniquely union unit units united universal "
                         "university unix unless until unlike unlikely uniform unified unify unicode unsubscribe "
                         "unusual update updated updates unauthorized unauthorised unauthenticated unapproved "
                         "unwanted nonproduction nonprod nonpublic nonpersonal noncritical nonessential "
                         "nonstandard nonemployee nonemployees nondisclosure nonrepudiation noncompliance "
                         "nonconformity nonconforming"),
    please=wordset("please kindly"),
    politeness=wordset("please kindly"),
    can=wordset("can could"),
    be=wordset("be"),
    more_than=("more", "than"),
    cadence=wordset("hourly daily weekly monthly quarterly yearly annually annual biannually semiannually "
                    "continuously continuous nightly fortnightly"),
    headers={
        "id_strong": ("question id", "question #", "question no", "question number", "qid", "q id", "q #",
                      "frage id"),
        "id_plain": ("id", "#", "no", "nr", "ref", "reference", "ref #", "ref no", "number", "item", "item #",
                     "item no", "id #", "no #", "s no", "sl no", "sr no", "question ref"),
        "question_strong": ("question", "questions", "question text", "assessment question", "security question",
                            "control question"),
        "question_words": ("question", "requirement", "query"),
        "question_weak": ("control", "criteria", "criterion", "item description"),
        "answer_words": ("answer", "response", "reply"),
        "answer_weak": ("compliant", "compliance", "status", "selection"),
        "comment_strong": ("comment", "comments", "explanation", "notes", "note"),
        "comment_plain": ("additional info", "additional information", "details", "justification", "remarks",
                          "remark", "supporting information", "vendor notes", "implementation description"),
        "comment_weak": ("description", "evidence"),
        "not_a_column": ("guidance", "instruction", "example", "hint", "responsibilit", "ownership", "owner"),
        "csv_question": ("question", "questions", "question text", "question_text", "questiontext", "text",
                         "requirement", "control question", "query", "prompt"),
        "csv_id": ("id", "question id", "question_id", "questionid", "qid", "ref", "reference", "no", "no.", "nr",
                   "nr.", "#", "number", "item", "control id", "control_id"),
        "context": ("section", "category", "domain", "ccm_domain", "area", "topic", "heading", "control",
                    "control title", "ccm_control_title", "control_title"),
    },
    yes=wordset("yes y true"),
    no=wordset("no n false"),
    not_applicable=frozenset({"n/a", "na", "n.a", "n.a.", "not applicable", "not relevant"}),
    partial=("partial", "partly", "in progress"),
    yes_no=(("y", "n"), ("yes", "no")),
)
