"""Which body a notice reports on, and the two names it gets.

`agency` is the fullest name the notice gives the inspected body, with 中共 and its place where
the title, the signature or a mention state them (中共某市某区民政局党组 over 区民政局党组);
`agency_short` is the form the running text uses (区民政局党组, 部党组), without any (以下简称…).
Where the notice names the body one way only, both hold that name; 我院/我局 alone names nothing.

The names come from:
- the opening sentence: the body inspected (…巡察组对X开展了巡察), the body the feedback went
  to (向Y反馈), an alias it is given (X(以下简称S));
- the title (X关于…的通报) and the signature, read by facts;
- mentions that extend a name already known by 中共, places or a party organ (《中共某县某镇党委
  关于…的方案》 for 某镇党委, 临江市委 for 临江市, 临江县委宣传部 for 县委宣传部);
- after an opening that only says 我院党组 or 我单位: the name a sentence of the running text
  opens with (市检察院党组认真对照…, 县委统战部高度重视…).

The short form: the alias, else Y (the body answering the feedback, as the text calls it)
unless Y is the full 中共… name, else X, else the running-text name, else Y. The full form: the
longest 中共… name among title, signature, X and Y; else a 中共… mention extending a known name;
else the signature or title (or one of them that extends the other); else a mention extending X
or the short form; else X; else the short form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notice_miner.lang import facts_zh as zh
from notice_miner.layout import is_agency_name  # noqa: F401 (facts reads it here)

Span = tuple[int, int]
_PLACE_SUFFIX = r"(?:特别行政区|自治区|自治州|自治县|自治旗|新区|街道|省|市|州|盟|县|区|旗|镇|乡)"
# a character of a place's name (Chinese, not a word that never stands in one)
_STEM = rf"(?:(?=[\u4e00-\u9fa5]){zh.PLACE_STEM})"
_PLACE_RUN = rf"(?:{_STEM}{{1,8}}?{_PLACE_SUFFIX})"
# a name's first character that is a place's last: 区民政局党组 extends to 江北市西城区民政局党组
_LEVEL_FIRST = "省市州县区旗"
# what ends a name with a party organ; a place's own committee may end in 委 (临江市委)
_ORGANS = zh.PARTY_ORGANS + zh.PARTY_COMMITTEES
# how a party body's name ends (县委, 区委 included)
_PARTY_BODY = _ORGANS + ("委",)
_NOT_A_NAME = re.compile(r"等\s*[一二三四五六七八九十\d]")


@dataclass(frozen=True)
class Name:
    """A name and where it stands: `span` in the text (it may hold more, e.g. an alias in
    brackets), or None and `quote` for a name read from the page's title."""

    value: str
    span: Span | None
    quote: str | None = None

    @property
    def prefixed(self) -> bool:
        return self.value.startswith(zh.PARTY_PREFIXES)


@dataclass
class _Mentions:
    """How the opening names the body: inspected (对X开展), with an alias (X(以下简称S)), fed back
    to (向Y反馈), by a pronoun and what it names (我院党组 → 院党组), in the running text after one."""

    inspected: Name | None = None
    alias: Name | None = None
    fed_back: Name | None = None
    tail: str | None = None
    running: Name | None = None

    @property
    def plain_fed_back(self) -> Name | None:
        return self.fed_back if self.fed_back is not None and not self.fed_back.prefixed else None

    @property
    def known(self) -> Name | None:
        """The name the opening gives the body, the likeliest to be extended elsewhere."""
        return self.inspected or self.plain_fed_back or self.running or self.fed_back


def inspected_names(
    text: str, opening: re.Match | None, *, signature: Name | None = None, title: Name | None = None, hint: Name | None = None
) -> tuple[Name | None, Name | None]:
    """(agency, agency_short) of the body `opening` (a match of AGENCY_SHORT or
    AGENCY_SHORT_PASSIVE, group "short") names, given the names title and signature state."""
    mentions = _mentions(text, opening)
    agency = _fullest(text, [n for n in (signature, title, hint) if n is not None], mentions)
    short = _short(mentions, agency)
    return agency or short, short or agency


def _short(m: _Mentions, agency: Name | None) -> Name | None:
    if m.alias is not None:
        return m.alias
    if m.inspected and m.inspected.value.endswith(_PARTY_BODY) and agency and agency.value != m.inspected.value:
        return m.inspected  # the party body by the name the opening gives it, beside a fuller one
    return m.plain_fed_back or m.inspected or m.fed_back or m.running


def _mentions(text: str, opening: re.Match | None) -> _Mentions:
    if opening is None:
        return _Mentions()
    inspected, alias, pronoun = _opening_name(opening)
    fed_back, fed_pronoun = _fed_back_to(text, opening)
    found = _Mentions(inspected, alias, fed_back, _pronoun_tail(pronoun or fed_pronoun))
    if inspected is None and fed_back is None and (pronoun or fed_pronoun):
        found.running = _running_name(text, opening.end(), found.tail)
    return found


def _opening_name(opening: re.Match) -> tuple[Name | None, Name | None, str | None]:
    """The body the opening sentence inspects, the alias it gives it, or the pronoun it uses."""
    value, (start, end) = opening.group("short"), opening.span("short")
    if zh.AGENCY_PRONOUN.match(value):
        return None, None, value
    alias = None
    m = zh.NAME_ALIAS.search(value)
    if m:
        if m.end() == len(value):  # X(以下简称S): S is the short form
            at = start + m.start("alias")
            alias = Name(m.group("alias"), (at, at + len(m.group("alias"))))
        value = value[: m.start()] + value[m.end() :]
    value = zh.NAME_SECOND_NAME.sub("", value)
    if not _plausible(value):
        return None, alias, None
    return Name(value, (start, end)), alias, None


def _plausible(value: str) -> bool:
    """Not a list of bodies (甲村、乙村…等5个村) unless one party organ heads them all."""
    if _NOT_A_NAME.search(value):
        return False
    return "、" not in value or value.endswith(zh.PARTY_ORGANS)


def _fed_back_to(text: str, opening: re.Match) -> tuple[Name | None, str | None]:
    """The body the feedback went to, as the opening paragraph names it (向…反馈), or its pronoun."""
    end = text.find("\n", opening.end())
    m = zh.FEEDBACK_TO.search(text, opening.end(), len(text) if end < 0 else end)
    if m is None:
        return None, None
    value = m.group("to")
    if zh.AGENCY_PRONOUN.match(value):
        return None, value
    if not value.endswith(zh.AGENCY_ENDINGS):
        return None, None
    return Name(value, m.span("to")), None


def _pronoun_tail(pronoun: str | None) -> str | None:
    """What a pronoun names after 我/本/该 when that ends like a body (我院党组 → 院党组), else None."""
    if pronoun is None:
        return None
    tail = zh.AGENCY_PRONOUN.sub("", pronoun)
    return tail if tail.endswith(zh.RUNNING_NAME_ENDINGS) else None


def _running_name(text: str, start: int, tail: str | None) -> Name | None:
    """The name a sentence after `start` opens with: one ending like the pronoun's party organ
    (市法院党组 for 我院党组), or a body that acts (学院高度重视…, 县委宣传部高度重视… for 我单位)."""
    if tail is not None and tail.endswith(zh.PARTY_ORGANS):
        pattern = rf"(?:^|(?<=[。;\n]))[ \t]*(?P<name>(?![我本该])[\u4e00-\u9fa5]{{0,12}}?{re.escape(tail)})"
    else:
        endings = re.escape(tail) if tail else "|".join(zh.RUNNING_NAME_ENDINGS)
        acts = "|".join(zh.RUNNING_NAME_ACTS)
        pattern = (
            rf"(?:^|(?<=[。;\n]))[ \t]*(?P<name>(?![我本该])[\u4e00-\u9fa5]{{1,14}}?(?:{endings}))"
            rf"(?={acts})"
        )
    m = re.compile(pattern, re.M).search(text, start)
    return Name(m.group("name"), m.span("name")) if m else None


def _fullest(text: str, own: list[Name], m: _Mentions) -> Name | None:
    """The fullest name: the longest 中共 name stated, a 中共 mention that extends the known name
    (or what a pronoun names), the signature or title (or the one that extends the other), a
    mention that extends the known name by places or a party organ, the known name."""
    prefixed = [n for n in (*own, m.inspected, m.fed_back) if n is not None and n.prefixed]
    if prefixed:
        return max(prefixed, key=lambda n: len(n.value))
    known = m.known
    found = known and _extension(text, known.value, prefixed=True)
    found = found or (m.tail and _extension(text, m.tail, prefixed=True, loose=True))
    if found:
        return found
    if own:
        return _fuller_of(own)
    return known and (_extension(text, known.value, prefixed=False) or known)


def _fuller_of(own: list[Name]) -> Name:
    """The first name, or a later one that extends it (成都市武侯区玉林街道党工委 over 玉林街道党工委)."""
    first = own[0]
    return next((n for n in own[1:] if n.value.endswith(first.value) and len(n.value) > len(first.value)), first)


def _extension(text: str, base: str, *, prefixed: bool, loose: bool = False) -> Name | None:
    """The first mention that extends `base` by 中共 (when `prefixed`), places before it (after 向,
    对 … or 《) or a party organ after it (a base that has none): 中共某县某镇党委 / 向临江县委统战部 /
    临江市委; 东湖区委 extends to 中共临江市东湖区委员会. A `loose` base (局党组, what 我局党组
    names) may follow 中共 with any name."""
    if base.endswith("委") and base[-2:-1] in _LEVEL_FIRST:
        base = base[:-1]  # a place's committee: 区委 or 区委员会
    organs = _ORGANS + (("委",) if base.endswith(tuple(_LEVEL_FIRST)) else ())
    stem = rf"{_STEM}{{1,8}}?" if base[0] in _LEVEL_FIRST else ""
    places = rf"{_PLACE_RUN}{{0,3}}{stem}"
    party = "(?:" + "|".join(zh.PARTY_PREFIXES) + ")"
    if loose:
        lead = rf"{party}(?:(?!关于)[^\s,。;:、《》“”()]){{1,20}}?"
    elif prefixed:
        lead = party + places
    else:
        lead = rf"(?:(?<=[{zh.NAME_LEFT_OF}《“]){places})?"
    # a base without a party organ: one added (临江市委) before places alone (某省临江市)
    tails = [""] if base.endswith(_ORGANS) else ["(?:" + "|".join(organs) + ")", ""]
    for tail in tails:
        for m in re.finditer(rf"{lead}{re.escape(base)}{tail}", text):
            name = m.group()
            if len(name) > len(base) and (prefixed or not name.startswith(zh.PARTY_PREFIXES)):
                return Name(name, m.span())
    return None
