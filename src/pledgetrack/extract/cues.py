"""The words that make a sentence a pledge, a past report, a condition or a vague wish.

Hand-written: these are the field's own conventions ("is ready to", "stands ready to",
"will provide", "pledges"), not general language.
"""

from __future__ import annotations

import re

import attrs

__all__ = [
    "ACTION_NOUNS",
    "Cue",
    "actor_before",
    "commitment_cues",
    "conditional_cue",
    "cue_agent",
    "exhortation",
    "governing_verb",
    "is_concrete",
    "is_event",
    "is_person",
    "passive_agent",
    "past_marked",
    "principle_cue",
    "sentence_subject",
    "vague_cue",
]


@attrs.frozen
class Cue:
    """A commitment cue found in a sentence: its words, where they stand, and their weight."""

    text: str
    start: int
    end: int
    weight: float
    proposal: bool = False
    reported: bool = False  # "would" in reported speech ("Xi announced China would …")


_STEMS_EARLY = (
    r"provid|offer|contribut|giv|donat|grant|invest|mobili[sz]|allocat|fund|financ|build|"
    r"establish|creat|launch|open|train|host|hold|deliver|suppl|send|deploy|increas|doubl|"
    r"tripl|reduc|cut|halv|phas|reach|achiev|set up|mak"
)
_CONCRETE = re.compile(
    r"\b(?:establish|build|hold|set up|create|launch|host|designate|sign|adopt|scale up|formulate"
    r"|draw up|convene|organi[sz]e|open(?!ness)|use|participat|provid|offer|contribut"
    r"|fund(?!amental)|financ|train|increase|declare|conclude|found(?!ation)|elevat|upgrad)\w*",
    re.I,
)
_PAST_MARK = re.compile(
    # "earlier this year" or "earlier in 2022" said in 2022 is a pledge of the same year, which
    # the year rule below judges
    r"\b(?:\d+ years ago|\w+ years ago|for the first time|last year"
    r"|earlier(?!\s+(?:this\s+(?:year|month|week)|in\s+(?:19|20)\d\d))|recall(?:ed|s|ing)"
    r"|(?:over|in|during) the past|previously|at the previous)\b"
    r"|\b(?:had|has|have)\s+(?:\w+\s+){0,3}$",
    re.I,
)
_YEAR_MENTION = re.compile(r"\bin ((?:19|20)\d\d)\b", re.I)


_ABSTRACT_OBJECT = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,3}?(?:community|communities|world|order|home|future|consensus|trust"
    r"|understanding|friendship|partnership|spirit|bonds?|atmosphere|momentum|synergy"
    r"|prospects?)\b(?!\s+(?:funds?|facilit|cent|mechanism|platform|office|bank))",
    re.I,
)


def is_concrete(text: str) -> bool:
    """True when a clause names a concrete deliverable ("establish", "hold", "provide").

    A verb whose object is an abstraction ("build a community of shared future", "increase
    mutual understanding") and "open" as an adjective ("an open economy") do not count.
    """
    for m in _CONCRETE.finditer(text):
        if _ABSTRACT_OBJECT.match(text, m.end()):
            continue
        if m[0].lower() == "open" and not re.match(
            r"\s+(?:a|an|the|its|their|our|new|\d)", text[m.end() :], re.I
        ):
            continue
        return True
    return False


_REPORTED_PLEDGE = re.compile(
    r"^(?:pledg|commit|promis|vow|undert|decid|agree|resolv|offered)", re.I
)
_COMPARISON = re.compile(
    r"\b(?:an? (?:increase|rise|decrease|cut|jump) of|up from|down from|compared (?:with|to)"
    r"|(?:on|over) the (?:last|previous))\b",
    re.I,
)
_PERFECT_DECISION = re.compile(r"\b(?:had|has|have)\s+(?:(?!previously\b)\w+\s+){0,3}$", re.I)
_PERFECT = re.compile(r"\b(?:had|has|have)\s+(?:\w+\s+){0,3}$|\bpreviously\b", re.I)


def past_marked(before: str, after: str, year: int, cue: str = "") -> bool:
    """True when a proposal or decision is reported as past ("proposed in 2014", said in
    ``year``).

    A pledge reported in the perfect ("Canada had previously pledged …", "the U.S. has
    pledged …") is still a pledge: news copy reports promises so; only a year before the
    announcement makes it past.
    """
    if _REPORTED_PLEDGE.match(cue):
        # "Japan has decided to provide …" stands; but a decision "previously" taken is past:
        # "EU leaders have previously agreed to cut carbon emissions by 55% by 2030"
        decision = re.match(r"(?:decid|agree|resolv)", cue, re.I)
        before = (_PERFECT_DECISION if decision else _PERFECT).sub(" ", before)
    # A year after a comparison dates the baseline, not the pledge: "pledged over US$2.1
    # billion, an increase of US$600 million on the last conference in Copenhagen in 2011"
    compared = _COMPARISON.search(after)
    after = after[: compared.start()] if compared else after
    # nor does a year in a relative clause on the object: "has committed to donating over 600
    # million doses which includes 500 million Pfizer doses that the US had purchased earlier in
    # 2020"
    relative = re.search(r"\s(?:which|that|who)\s", after)
    after = after[: relative.start()] if relative else after
    if _PAST_MARK.search(before) or re.search(r"\b(?:\w+ years ago|for the first time)\b", after):
        return True
    return any(int(y) < year for y in _YEAR_MENTION.findall(before + " " + after))


# a headline's infinitive is its future: "US to donate 500 million doses of Pfizer vaccine",
# "US to commit more aid to Pacific" — "to" and a verb of giving, doing or reducing after a name
# of one to four capitalised words that opens the line (checked in commitment_cues)
_HEADLINE_TO = re.compile(
    r"(?<=\s)to(?=\s+(?:provide|give|offer|contribute|invest|donate|spend|send|ship|deliver"
    r"|fund|build|allocate|lend|cut|reduce|halve|double|triple|end|phase|reach|achieve|host"
    r"|launch|set up|establish|pledge|commit)\b)"
)
_HEADLINE_NAME = re.compile(r"(?:[A-Z][\w’'.&-]*\s+){1,4}")

_CUES: list[tuple[re.Pattern[str], float, bool]] = [
    (re.compile(r"\b(?:pledge[sd]?|pledging|vow(?:s|ed)?)\b(?! of\b)", re.I), 0.9, False),
    (
        re.compile(
            r"\b(?:commit(?:s|ted|ting)?|undert(?:akes?|ook)|promis(?:es|ed))"
            r"(?: (?:on \w+day|today|yesterday|on \w+ \d{1,2}|on \d{1,2} \w+))?"
            # who is committed may stand between: "has committed the US to a 50-52 per cent
            # reduction", "by committing to halving its emissions by 2030"
            r" (?:itself |themselves |ourselves |himself |herself "
            r"|(?:the )?(?-i:[A-Z][\w.’'-]*(?: (?:of )?[A-Z][\w.’'-]*){0,3}) )?to\b",
            re.I,
        ),
        0.9,
        False,
    ),
    (
        re.compile(
            # a verb of promising with a sum for its object: "committed $500 million",
            # "The government has meanwhile promised $100 million", "earmarked $10 million"
            r"\b(?:commit(?:s|ted)?|promis(?:es|ed)|earmark(?:s|ed)?)\b"
            r"(?= (?:(?:more than|at least|up to|over|about|nearly|almost"
            r"|a total of|an additional|another|a further|some|around|approximately) )?"
            r"(?:[A-Z]{3}\b|US\$|[$€£¥]|\d))"
        ),
        0.85,
        False,
    ),
    (re.compile(r"\b(?:will|shall)\b(?! be able to)|\w'll\b", re.I), 0.85, False),
    (
        re.compile(
            r"\b(?:is|are|am|stands?|remains?|was|were)(?: also| now| fully)?"
            r" (?:ready|willing|prepared|determined) to\b"
            # a giver glad to give: "We're proud to give the Murray region a $20 million shot in
            # the arm", "I am pleased to provide …"
            r"|\b(?:proud|pleased|delighted|happy|glad) to(?= (?:give|provide|offer|contribute"
            r"|donate|pledge|commit|invest|fund|deliver)\b)",
            re.I,
        ),
        0.8,
        False,
    ),
    (re.compile(r"\bannounc(?:e[sd]?|ing|ement of)\b", re.I), 0.75, False),
    (
        re.compile(
            r"\b(?:with|made|makes|making|announced|gave|made) (?:a|an|the|its|their|our)"
            r" (?:\w+ )?commitment to\b",
            re.I,
        ),
        0.7,
        False,
    ),
    (
        re.compile(
            r"\b(?:agree[sd]?|decide[sd]?|resolve[sd]?|(?:the )?decision)"
            r"(?:,[^,.;]{1,40},)? [\"“]?(?:to|that)\b"
            r"|\bexpressed (?:their|its|our) (?:determination|readiness|willingness) to\b"
            r"|\boffer (?:by|of|from) (?:the )?[A-Z][\w ]{2,60}? to\b"
            r"|\bdesignated \w+(?: \w+)? to\b"
            r"|\breaffirmed (?:their|its|our) (?:willingness|readiness) to\b"
            r"|\b(?:is|are) (?:firmly )?committed to\b"
            r"|\b(?:is|are) (?:also )?encouraged to\b"
            # a body charged with a task by a decision: "ASEAN ministers … are tasked to mobilize
            # resources", "The secretary-general of ASEAN is directed to monitor and report …"
            r"|\b(?:is|are|shall be) (?:also |hereby )?(?:tasked|directed|mandated|instructed"
            r"|entrusted|charged) (?:to|with)\b",
            re.I,
        ),
        0.6,
        False,
    ),
    # news copy's "offered" is a pledge made, like "pledged": "The European Union offered on
    # Tuesday an extra 165 million euros (USD 225 million) of aid", "the European Commission
    # offered Ukraine a joint investigation team" — with a sum, an indefinite object (after a
    # name or not) or "to" and a verb after it; not "offered condolences" or "the offered sum"
    (
        re.compile(
            r"(?<!\bthe )\boffered\b(?:\s+(?:on\s+\w+day|today|yesterday|also))?"
            r"(?=\s+(?:to\s+[a-z]+|(?:[A-Z][\w.’'-]*\s+){0,3}(?:an?|another)\s|(?:(?:more than|over"
            r"|about|nearly|some|up to|at least)\s+)?(?:[A-Z]{3}\b|US\$|[$€£¥]|\d)))"
        ),
        0.8,
        False,
    ),
    (re.compile(r"\bwelcomes\b", re.I), 0.45, False),
    # a giver's present tense with a sum right after it, as press releases give a pledge:
    # "With this aid, Japan extends app. 52.1 million USD (app. 5.21 billion JPY) in total"
    (
        re.compile(
            r"\b(?:extends|provides|offers|grants|donates|contributes|allocates)\b(?= (?:(?:app\."
            r"|approximately|about|some|more than|over|an additional|another)\s+)?(?:[A-Z]{3}\s?\d"
            r"|US\$|[$€£¥]|\d[\d.,]*\s+(?:million|billion|trillion)\b))"
        ),
        0.7,
        False,
    ),
    # a giver's progressive with a sum right after it: "The Biden administration is purchasing
    # 500 million doses of Pfizer's COVID-19 vaccine to donate it to countries worldwide"
    (
        re.compile(
            r"\b(?:is|are)\s+(?:now\s+)?(?:donating|providing|purchasing|contributing|sending"
            r"|shipping|delivering|offering|giving|investing|allocating)\b(?=\s+(?:(?:more than"
            r"|over|about|nearly|some|an additional|another|a further)\s+)?(?:[A-Z]{3}\b|US\$"
            r"|[$€£¥]|\d))",
            re.I,
        ),
        0.7,
        False,
    ),
    # an aim stated as what an effort is to do: "the objective of the effort is to vaccinate 70
    # per cent of the world's population"
    (
        re.compile(
            r"\b(?:the|our|its|their)\s+(?:\w+\s+)?(?:objective|goal|aim|target)"
            r"(?:\s+of\s+(?:the|this|our|its|their)\s+\w+)?\s+is\s+to(?=\s+[a-z])",
            re.I,
        ),
        0.65,
        False,
    ),
    # a reported sum to come: "In addition, there would be 70 million euros in medical support."
    (
        re.compile(
            r"\bthere would be\b(?= (?:(?:more than|over|about|nearly|some|another|an additional"
            r"|a further)\s+)?(?:[A-Z]{3}\b|US\$|[$€£¥]|\d))",
            re.I,
        ),
        0.6,
        False,
    ),
    # a pledge made, named by its sum: "Delegations present here today have made a collective
    # pledge of $6 billion", "announced a contribution of 100 million euros"
    (
        re.compile(
            r"\b(?:made|make|makes|making|announced|announces|announce)\s+(?:a|an)\s+"
            r"(?:[\w-]+\s+){0,2}?(?:pledge|commitment|contribution|donation) of\b"
            r"(?= (?:(?:more than|over|about|nearly|some|up to|at least)\s+)?"
            r"(?:[A-Z]{3}\b|US\$|[$€£¥]|\d))",
            re.I,
        ),
        0.8,
        False,
    ),
    (_HEADLINE_TO, 0.7, False),
    # a sum "raised at" a pledging event, in a headline's passive: "Over $10bn raised at Syria
    # conference" (commitment_cues keeps it only right after a sum and with a pledging event)
    (re.compile(r"\braised\b(?=\s+(?:at|during)\s)"), 0.7, False),
    # what a pledging event brought in is pledged: "The fundraising event in Warsaw, Poland,
    # yielded 1.8 billion euros to support internally displaced people"; "raised" counts only
    # where a conference, summit, meeting, appeal or event is its subject or place (see
    # _EVENT_NEAR): "a Syria donors’ conference in London had raised over $10 billion"
    (
        re.compile(
            # (and what a replenishment "mobilizes": "Global Fund's seventh replenishment
            # mobilizes US$14.25 billion"; "raised a total of" sums what many gave)
            r"\b(?:yield(?:s|ed)|brought in|brings in|garner(?:s|ed)|dr(?:ew|aws)"
            r"|mobili[sz](?:es|ed)"
            r"|(?:had |has |have )?raised)\b(?= (?:a total of )?(?:(?:more "
            r"than|over|about|nearly|almost|some|close to)\s+)?(?:[A-Z]{3}\b|US\$|[$€£¥]|\d))",
            re.I,
        ),
        0.7,
        False,
    ),
    (
        re.compile(
            r"(?<!\bour )(?<!\btheir )(?<!\bits )(?<!\bthe )(?<!\bhis )(?<!\bher )"
            r"\b(?:intends?|plans?|aims?|expects?|(?:is|are) preparing) to\b",
            re.I,
        ),
        0.65,
        False,
    ),
    (
        re.compile(
            r"\b(?:commitments|pledges)\s+(?:of|worth|totall?ing)\b(?=\s+(?:(?:up to|more than"
            r"|over|some|about|nearly|at least)\s+)?(?:[A-Z]{3}\b|US\$|[$€£¥]|\d))"
            # "has announced its commitment towards attaining net-zero …", "the government’s
            # commitment to launching a new scheme"
            r"|\b(?:the|a|an|its|their|our)\s+(?:[\w’']+\s+)?(?:promise|commitment|goal|target)"
            r"(?:\s+for\s+[\w ]{1,40}?)?\s+(?:to|towards)(?=\s+[a-z])"
            # "a target of achieving carbon neutrality by 2050"; "commitments by 27 developing
            # countries to increase their own education budgets"
            r"|(?:\b(?:the|a|an|its|their|our)|(?-i:[A-Z][\w.-]*)['’]s)\s+(?:\w+\s+)?"
            r"(?:commitment|goal|target|aim)\s+of(?=\s+[a-z]+ing\b)"
            r"|\bcommitments?\s+by\s+[^,.;]{1,60}?\s+to(?=\s+[a-z])",
            re.I,
        ),
        0.7,
        False,
    ),
    (
        re.compile(
            r"\b(?:we|I)\s+(?:are|am)\s+(?:\w+ly\s+)?(?:taking|stepping up|formali[sz]ing"
            r"|providing|launching|establishing|increasing|scaling up|delivering|mobili[sz]ing"
            r"|creating|setting up|making|doubling|tripling)\b"
            r"|\b(?:we|I)\s+(?:will\s+)?continue to\b",
            re.I,
        ),
        0.6,
        False,
    ),
    # "target" is a cue where it names what is aimed at ("a target of 30%", "Other targets are
    # to increase …", "the target for 2030") or is itself counted ("a 46% target"); not where
    # targets are described ("its Goals and targets are comprehensive")
    (
        re.compile(
            r"\btargets?\b(?=\s+(?:of|to|for|(?:is|are|was|were)\s+to|will|would|by|at|on)\b)"
            r"|(?<=%\s)targets?\b|(?<=per cent\s)targets?\b|(?<=percent\s)targets?\b"
            r"|\b(?:our goal is to|our aim is to)\b",
            re.I,
        ),
        0.6,
        False,
    ),
    (
        re.compile(
            r"\b(?:propos(?:es|ed|ing)|put(?:s|ting)? forward|urg(?:es|ed)"
            r"|call(?:s|ed)? (?:on|upon|for)"
            r"|would like to see)\b",
            re.I,
        ),
        0.4,
        True,
    ),
    (re.compile(rf"\bwould(?= (?:\w+ ){{0,3}}(?:{_STEMS_EARLY})\w*\b)", re.I), 0.5, False),
]

_CONDITIONAL = re.compile(
    r"\b(?:if|unless|as long as|provided that|providing that|subject to|on condition"
    r"|conditional (?:on|upon)|contingent (?:on|upon)|depending on|in case"
    r"|would|could|may|might)\b",
    re.I,
)
_VAGUE = re.compile(
    r"\b(?:continue to|explore|consider|look into|study|strive to|endeavou?r to|seek to"
    r"|work towards?|as appropriate|where possible|in principle|further|more)\b",
    re.I,
)
_EVENT = re.compile(
    r"\bwill (?:be held|take place|convene|be convened|meet|be hosted)\b|\bis scheduled\b"
    r"|\b(?:host|hold|organi[sz]e)s? (?:the |its |a |an )?(?:next |\d+\w* )?"
    r"(?:summit|meeting|session|conference|cop\d*)\b",
    re.I,
)

_STEMS = (
    r"provid|offer|host|hold|held|organi[sz]|contribut|giv|gave|donat|grant|award|invest|"
    r"mobili[sz]|allocat|fund|financ|spend|spent|lend|lent|build|built|construct|establish|"
    r"set|creat|launch|open|train|invit|deliver|suppl|ship|send|sent|deploy|dispatch|install|"
    r"plant|restor|protect|conserv|vaccinat|increas|rais|doubl|tripl|scal|expand|reduc|cut|"
    r"lower|halv|phas|eliminat|reach|achiev|recruit|hir|employ|educat|enrol|support|cover|"
    r"connect|electrif|purchas|procur|sourc|buy|bought|disburs|channel|replenish|earmark|"
    r"mak|welcom|receiv|accommodat|sponsor|benefit|serv|equip|renovat|upgrad|add|dedicat|"
    r"commit|pledg|bring|brought|cap|retir|generat|produc|replac|switch|plac|creat|offset|"
    r"extend|renew|prepar|distribut|treat|immuni[sz]|reforest|rehabilitat|insur|lift|help"
)
_VERB = re.compile(rf"\b(?:{_STEMS})[a-z]*\b", re.I)
VERB = _VERB
_AUX_PAST = re.compile(r"\b(?:has|have|had)\s+(?:already\s+|so far\s+|now\s+|since\s+)?$", re.I)
_FUTURE_BEFORE = re.compile(
    r"(?:\b(?:will|shall|to|would|could|can|may|must)|'ll)(?:\s+(?:also|further|jointly|now|then"
    r"|additionally|each|continue to|be able to|help|work to|seek to))?\s+$",
    re.I,
)
_IRREGULAR_PAST = frozenset(
    [
        "gave",
        "held",
        "spent",
        "lent",
        "built",
        "sent",
        "bought",
        "brought",
        "made",
        "set",
        "cut",
        "raised",
    ]
)

ACTION_NOUNS = {
    "contribution": "contribute",
    "contributions": "contribute",
    "investment": "invest",
    "investments": "invest",
    "funding": "fund",
    "financing": "finance",
    "grant": "grant",
    "grants": "grant",
    "loan": "lend",
    "loans": "lend",
    "donation": "donate",
    "donations": "donate",
    "package": "provide",
    "support": "support",
    "assistance": "provide",
    "aid": "provide",
    "fund": "fund",
}
_ACTION_NOUN = re.compile(r"\b(?:" + "|".join(ACTION_NOUNS) + r")\b", re.I)


_REPORTING = re.compile(
    r"\b(?:said|announced|told|added|stated|declared|pledged|promised|confirmed|vowed"
    r"|explained|noted)\b"
)
_WOULD = re.compile(r"\bwould\b(?! (?:like|be able|have)\b)")


_PLEDGING_EVENT = (
    r"(?:conference|summit|meeting|event|appeal|telethon|replenishment|pledging session)"
)
_EVENT_NEAR = re.compile(rf"\b{_PLEDGING_EVENT}\b[^.;:]*$", re.I)
_EVENT_AFTER = re.compile(
    rf"[^.;]{{0,40}}?\b(?:at|during|by)\s+(?:[\w’'-]+\s+){{0,4}}?{_PLEDGING_EVENT}\b", re.I
)


def commitment_cues(sentence: str) -> list[Cue]:
    """The commitment cues in a sentence, in order of position.

    In reported speech "would" is the speaker's "will": "Xi announced China would provide
    …", "He said the sum would be used to …".
    """
    out: list[Cue] = []
    report = _REPORTING.search(sentence)
    if report is not None:
        for m in _WOULD.finditer(sentence, report.end()):
            out.append(Cue(m[0], m.start(), m.end(), 0.8, reported=True))
    for pattern, weight, proposal in _CUES:
        for m in pattern.finditer(sentence):
            if pattern is _HEADLINE_TO and not _HEADLINE_NAME.fullmatch(sentence[: m.start()]):
                continue
            if any(m.start() < c.end and c.start < m.end() for c in out):
                continue
            if re.search(r"\breaffirm\w*\s+$", sentence[: m.start()], re.I):
                continue  # "reaffirmed their commitment to …": a stance restated
            if (
                m[0][:1].isupper()
                and re.search(r"\b[A-Z][\w-]*\s+$", sentence[: m.start()])
                # not a title-case verb: "ReNew Power Pledges to Achieve Net-Zero …"
                and not re.match(r"(?i:s)?\s+(?i:to)\s+[A-Za-z]", sentence[m.end() :])
            ):
                continue  # a name: "the Global Pledge on Renewables", "Paris Agreement"
            if re.search(
                r"\b(?:emphasi[sz]ed|welcomed|noted|commended|recalled|praised|appreciated"
                r"|took note of|endorsed)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$",
                sentence[: m.start()],
                re.I,
            ) and not re.match(r"will|shall", m[0], re.I):
                continue  # "emphasized the important decision to …": a past decision
            if m[0].lower().endswith("raised") and not (
                _EVENT_NEAR.search(sentence[max(0, m.start() - 80) : m.start()])
                or _EVENT_AFTER.match(sentence, m.end())
                or sentence.startswith(" a total of ", m.end())
            ):
                continue  # "raised" promises nothing unless a pledging event raised it
            if (
                m[0].lower() == "raised"
                and not re.search(r"(?:\d|\dbn|\dmn|\dm|illion)\s*$", sentence[: m.start()])
                and not re.match(
                    r"\s+(?:a total of\s+)?"
                    r"(?:(?:more than|over|about|nearly|some|almost|close to)\s+)?"
                    r"(?:[A-Z]{3}\b|US\$|[$€£¥]|\d)",
                    sentence[m.end() :],
                )
            ):
                continue  # "raised at": only right after the sum raised
            if re.match(r"(?:the )?decision", m[0], re.I) and re.search(
                r"\b(?:any|no|every)\s+$", sentence[: m.start()], re.I
            ):
                continue  # "shall not participate in any decision that …" decides nothing
            out.append(Cue(m[0], m.start(), m.end(), weight, proposal))
    return sorted(out, key=lambda c: c.start)


def conditional_cue(text: str) -> str | None:
    """The word that makes an offer conditional ("if", "subject to", "would"), or None."""
    m = _CONDITIONAL.search(text)
    return m[0] if m else None


def vague_cue(text: str) -> str | None:
    """The word that makes an offer vague ("continue to", "explore"), or None."""
    m = _VAGUE.search(text)
    return m[0] if m else None


_CALL_ON = re.compile(r"^(?:call(?:s|ed)? (?:on|upon)|urg(?:es|ed))$", re.I)
_ADDRESSEES = (
    r"(?:the\s+|all\s+|other\s+)?(?:[\w'’-]+\s+){0,3}?(?:countries|members|states|parties"
    r"|sides|nations|community|governments|partners|donors|leaders|organi[sz]ations|institutions"
    r"|stakeholders|everyone|all)\b"
)
_ADDRESSEE_TO = re.compile(rf"^\s+{_ADDRESSEES}[^.;]{{0,40}}?\bto\s+[a-z]", re.I)
_THING_TO_BE = re.compile(r"^\s+[^.;,]{1,80}?\bto be\b", re.I)
_OTHERS_SHOULD = re.compile(
    rf"^\s+that\s+{_ADDRESSEES}[^.;]{{0,40}}?\b(?:should|must|ought to|needs? to)\b", re.I
)


# What one will do may be to urge others: "Johnson … will urge countries to deliver net zero",
# "the Prime Minister will call for global action".
_WILL_URGE = re.compile(r"\s+(?:also\s+)?(?:urge|call\s+(?:on|upon|for)|appeal\s+to)\b", re.I)


def exhortation(sentence: str, cue: Cue) -> bool:
    """True when a cue asks others to act instead of promising: "calls on all parties to",
    "urges donors to", "called for the member countries to", "calls for X to be a priority",
    "proposed that all parties should"."""
    if re.fullmatch(r"will|shall|\w'll", cue.text, re.I) and _WILL_URGE.match(sentence, cue.end):
        return True
    if not cue.proposal:
        return False
    if _CALL_ON.match(cue.text):
        return True
    after = sentence[cue.end : cue.end + 200]
    if re.match(r"call", cue.text, re.I) and (
        _ADDRESSEE_TO.match(after) or _THING_TO_BE.match(after)
    ):
        return True
    return bool(_OTHERS_SHOULD.match(after))


_PRINCIPLE = re.compile(
    r"\b(?:principles?|spirit|(?:international|world) order|shared future|common destiny"
    r"|communit(?:y|ies) of common|mankind|humankind|multipolar\w*|multilateralism|unilateralism"
    r"|hegemon\w*|protectionism|territorial integrity|non-interference|common home"
    r"|globali[sz]ation|uphold(?:s|ing)?|oppos(?:e|es|ing)|reject(?:s|ing)?|stay true|remain true"
    r"|carry forward|Global [A-Z]\w+ Initiative"
    # a part to play is a stance: "it will continue to play a leading role in accelerating …"
    r"|play(?:s|ing)? (?:a|an|its|their|our) (?:\w+ ){0,2}role)\b"
)


def principle_cue(clause: str) -> str | None:
    """The words that make an offer without a number or a date a statement of principle:
    principles and the order of the world ("the principle of sovereignty", "a community of
    shared future", "the Shanghai Spirit", "multilateralism"), the verbs of a stance
    ("uphold", "oppose", "reject", "carry forward") and support for a global initiative
    ("the Global Security Initiative"); None if there are none."""
    m = _PRINCIPLE.search(clause)
    return m[0] if m else None


def cue_agent(cue: Cue) -> str | None:
    """The agent a cue names inside itself ("designated China to" → "China"), or None."""
    m = re.match(r"designated (?P<a>[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)?) to$", cue.text)
    if m is None:
        m = re.match(r"(?P<a>we|I)\s", cue.text, re.I)  # "We are taking", "We continue to"
    return m["a"] if m else None


_PASSIVE_BY = re.compile(
    r"\s+be\s+(?:\w+ed|held|taken(?: over)?|undertaken|borne|given|run)\s+by\s+"
    r"(?:the\s+)?(?P<a>[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*)"
)


def passive_agent(sentence: str, cue: Cue) -> str | None:
    """The agent of a passive pledge ("will be held by the People's Republic of China")."""
    if not re.match(r"will|shall", cue.text, re.I):
        return None
    m = _PASSIVE_BY.match(sentence, cue.end)
    return m["a"] if m else None


def is_event(text: str) -> bool:
    """True when the text schedules an event ("will be held", "host the summit")."""
    return bool(_EVENT.search(text))


@attrs.frozen
class Verb:
    """The verb (or action noun) that governs a quantity, and its tense."""

    word: str
    start: int
    tense: str  # "future", "past", "present", "noun"


_PROMISSORY = re.compile(r"^(?:pledg|commit|promis|announc|vow|offer|undert)", re.I)


def governing_verb(sentence: str, position: int, floor: int = 0) -> Verb | None:
    """The nearest action verb or noun before ``position`` (not before ``floor``).

    A word in -ing counts only in a progressive ("is providing"); a word in -ed only after
    "has/have/had" or right after its subject; promissory verbs ("pledged", "announced")
    report a pledge and count as future.
    """
    best: Verb | None = None
    for m in _VERB.finditer(sentence, floor, position):
        word = m[0]
        low = word.lower()
        before = sentence[max(0, m.start() - 40) : m.start()]
        if _PROMISSORY.match(low) or _FUTURE_BEFORE.search(before):
            tense = "future"
        elif _AUX_PAST.search(before):
            tense = "past"
        elif low.endswith("ed") or low in _IRREGULAR_PAST:
            if re.search(r"\b(?:be|been|being)\s+$", before, re.I):
                tense = "future"
            elif re.search(
                r"(?:\b(?:we|they|he|she|it|i|who)|[A-Z][\w'’-]*|\b(?:" + "|".join(_HEADS) + r"))"
                r"\s+(?:\w+ly\s+)?$",
                before,
            ):
                tense = "past"
            else:
                continue  # a participle after a noun: "volunteers dispatched to Africa"
        elif low.endswith("ing"):
            if not re.search(r"\b(?:is|are|am|was|were|be|been)\s+$", before, re.I):
                continue
            tense = "present"
        else:
            tense = "future"
        best = Verb(word, m.start(), tense)
    for m in _ACTION_NOUN.finditer(sentence, floor, position):
        if best is None or m.start() > best.start:
            best = Verb(m[0], m.start(), "noun")
    return best


_TITLES = re.compile(
    r"^(?:President|Prime Minister|Premier|Chancellor|Minister|Foreign Minister|Secretary"
    r"|King|Queen|Emir|Chair(?:man|woman|person)?|CEO|Commissioner|Director|Mr|Mrs|Ms|Dr)\b"
)
_PRONOUNS = {"we", "i", "it", "they", "he", "she", "our"}
_CONNECT = {"of", "for", "and", "de", "&", "the"}
_HEADS = frozenset(
    [
        "side",
        "sides",
        "states",
        "state",
        "government",
        "governments",
        "company",
        "companies",
        "bank",
        "banks",
        "group",
        "union",
        "partners",
        "members",
        "nations",
        "economies",
        "heads",
        "leader",
        "replenishment",
        "package",
        "plan",
        "partnership",
        "countries",
        "leaders",
        "fund",
        "organisation",
        "organization",
        "secretariat",
        "presidency",
        "administration",
        "ministry",
        "commission",
        "parties",
        "alliance",
        "coalition",
        "signatories",
        "donors",
        "firm",
        "business",
        "board",
        "council",
        "agency",
        "facility",
        "initiative",
        "programme",
        "program",
        "consortium",
    ]
)
_TOKEN = re.compile(r"[\w'’.&-]+")


def actor_before(sentence: str, position: int) -> str | None:
    """The subject that stands right before ``position`` ("China", "We", "the EU"), or None."""
    prefix = sentence[:position]
    if re.search(r"(?:,\s*|\s)and\s*$", prefix):
        lead = re.match(r"\s*(We|I|They|It)\b", sentence)
        return lead[1] if lead else sentence_subject(sentence)
    prefix = re.sub(
        r"(?:\s*,[^,]{1,80},)?(?:\s*\b(?:also|further|now|jointly|together|therefore|thus"
        r"|hereby|today|hence|again|firmly|fully|collectively|will|shall|would like to|wish to"
        # a perfect auxiliary and a sentence adverb stand between a subject and its verb in
        # news copy: "The government has meanwhile promised", "Canada had previously pledged"
        r"|has|have|had|meanwhile|previously|already"
        # and a copula before a participle cue: "the leaders said that they are committed to"
        r"|are|were"
        r"|want to|(?:am|is|are) (?:pleased|happy|delighted|proud) to))*\s*$",
        "",
        prefix,
    )
    tokens = list(_TOKEN.finditer(prefix))
    if not tokens:
        return None
    last = tokens[-1][0]
    if last.lower() in _PRONOUNS:
        return last
    taken: list[re.Match[str]] = []
    for tok in reversed(tokens):
        word = tok[0]
        if (
            word[0].isupper()
            or word.lower() in _CONNECT
            or word.lower() in _HEADS
            or (
                taken
                and word[0].islower()
                and word.isalpha()
                and len(taken) < 4
                and taken[-1][0].lower() in _HEADS
            )
        ):
            if taken and prefix[tok.end() : taken[-1].start()].strip():
                break  # punctuation in between
            taken.append(tok)
            continue
        break
    while taken and taken[-1][0].lower() in _CONNECT - {"the"}:
        taken.pop()
    while taken and taken[0][0].lower() in _CONNECT:
        taken.pop(0)
    if not taken:
        return None
    start, end = taken[-1].start(), taken[0].end()
    phrase = sentence[start:end].strip(" ,.")
    if not phrase or not (phrase[0].isupper() or phrase.split()[-1].lower() in _HEADS):
        return None
    if phrase.split()[0] in {"In", "On", "At", "By", "Over", "Within", "During", "For"}:
        return None
    return phrase


_SUBJECT = re.compile(
    r"^(?:The\s+|the\s+)?(?:[A-Z][\w'’&.-]*(?:\s+(?:of|for|and|de|the|&))?\s+)*?"
    r"(?:[A-Z][\w'’&.-]*|(?:[a-z]+\s+){0,2}(?:" + "|".join(sorted(_HEADS)) + r"))(?=\s+[a-z])"
)
_OPENERS = frozenset(
    [
        "In",
        "On",
        "At",
        "By",
        "Over",
        "Within",
        "During",
        "For",
        "From",
        "After",
        "Before",
        "Since",
        "With",
        "As",
        "If",
        "When",
        "To",
        "Under",
        "Through",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)


def sentence_subject(sentence: str) -> str | None:
    """The noun phrase a sentence opens with when it is its subject ("The SCO"), or None."""
    m = _SUBJECT.match(sentence)
    if not m:
        return None
    phrase = m[0].strip()
    first = phrase.split()[0]
    if first in _OPENERS or phrase.lower() in _PRONOUNS:
        return None
    return re.sub(r"^[Tt]he\s+", "", phrase) if len(phrase.split()) > 1 else phrase


def is_person(actor: str) -> bool:
    """True when an actor is a person (a title, or a personal pronoun) not an institution."""
    return bool(_TITLES.match(actor)) or actor.lower() in {"i", "he", "she"}
