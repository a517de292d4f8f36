"""The data model every stage fills, and the JSON Schema generated from it.

One `Notice` per input file. Each stage of the pipeline fills its own fields;
`Notice.to_json()` writes the output contract (shared spec: output-contract.md).
"""

from __future__ import annotations

import datetime as dt
from importlib import metadata as _package
from typing import Literal, Protocol, get_args, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, NonNegativeInt

from notice_miner.lang.vocabulary import INSPECTION_KINDS

# What a label id may look like, and how many labels an item may carry: whatever a model folder
# says (it is trusted input, but its hashes detect corruption, not tampering), nothing else is emitted.
LABEL_ID = r"^[a-z][a-z0-9_]*$"
MAX_LABELS = 3
SCHEMA_VERSION = "2.2"


def _installed_version() -> str:
    """The version of the installed package (pyproject.toml is the one place it is written)."""
    try:
        return _package.version("notice-miner")
    except _package.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


VERSION = _installed_version()

Span = tuple[NonNegativeInt, NonNegativeInt]
# closed vocabularies: every value facts can put there (tests/test_model.py checks the lang tables)
Level = Literal["central", "province", "city", "county", "township", "unit"]
BodyType = Literal[
    "court",
    "procuratorate",
    "police",
    "discipline",
    "hospital",
    "university",
    "party_school",
    "school",
    "soe",
    "township",
    "party_committee",
    "government",
    "commission",
    "bureau",
    "department",
    "office",
    "centre",
    "institute",
    "association",
]
InspectionKind = Literal[INSPECTION_KINDS]
Status = Literal["done", "plan"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _is_none(value: object) -> bool:
    return value is None


def stated(description: str | None = None):
    """A field the output contract leaves out when the notice does not state it (None)."""
    return Field(None, description=description, exclude_if=_is_none)


class Tool(_Model):
    name: str = "notice-miner"
    version: str = VERSION
    model: str | None = Field(None, description="id of the classifier that labelled the items")


class Source(_Model):
    path: str = Field(description="the input file's path as given")
    name: str = Field(description="the input file's name")
    sha256: str = Field(description="sha256 of the input file's bytes")
    format: Literal["txt", "html", "pdf", "docx", "text"] = Field(description="the format it was read as")
    encoding: str | None = Field(None, description="detected encoding of a text file")
    bytes: NonNegativeInt = Field(description="size of the input file")
    pages: NonNegativeInt | None = Field(None, description="page count of a PDF")
    url: str | None = stated("where the file was served, from the sidecar `notice-miner fetch` writes beside it")
    retrieved: str | None = stated("when it was fetched (ISO 8601, UTC), from the same sidecar")
    offsets: list[tuple[NonNegativeInt, NonNegativeInt]] = Field(
        default_factory=list,
        description="map from `text` back to the extracted source text: sorted runs "
        "[text_offset, source_offset]; a character at text offset t maps to "
        "source_offset + (t - text_offset) of the last run starting at or before t",
    )


class Page(_Model):
    """The publishing web page's own metadata, as the page prints it (outside `text`, not parsed)."""

    index_no: str | None = stated("信息索引号")
    title: str | None = stated("the page's title")
    agency: str | None = stated("发布机构 / 来源")
    date: str | None = stated("成文日期")
    published: str | None = stated("发布时间 / 日期")
    source: str | None = stated("来源")
    doc_no: str | None = stated("文号 / 发文字号")


class Metadata(_Model):
    agency: str | None = stated("the inspected body, the fullest name the notice states")
    agency_short: str | None = stated("the inspected body as the running text names it")
    agency_canonical: str | None = stated("one name for the full and short forms")
    inspector: str | None = stated("the inspection team or body that inspected")
    inspection_kind: InspectionKind | None = stated("the kind of inspection (常规巡察, 专项巡视, 巡察“回头看” …)")
    inspection_start: dt.date | None = stated("first day of the inspection")
    inspection_end: dt.date | None = stated("last day of the inspection")
    feedback_date: dt.date | None = stated("the day the inspectors gave their findings back")
    published: dt.date | None = stated("the signature date; the page's date only where the notice has none")
    phone: str | None = stated("the notice's contact telephone, as printed (text: leading zeros kept)")
    address: str | None = stated("the notice's postal address for opinions")
    postcode: str | None = stated("the postal code of that address (text: leading zeros kept)")
    email: str | None = stated("the notice's contact e-mail")
    region: str | None = stated("the place the inspected body belongs to")
    level: Level | None = stated("administrative level of the inspected body")
    body_type: BodyType | None = stated("kind of body inspected")
    inspector_level: str | None = stated("who sent the inspectors, as named: 省委, 市委, 县委, 某局党组 …")
    page: Page | None = stated("the web page's own metadata, for notices read from a web page")


class Stats(_Model):
    problem_areas: NonNegativeInt | None = stated("areas (方面) the findings were grouped in")
    problems_total: NonNegativeInt | None = stated("problems found")
    problems_done: NonNegativeInt | None = stated("problems rectified")
    problems_in_progress: NonNegativeInt | None = stated("problems still being rectified")
    problems_fixed_immediately: NonNegativeInt | None = stated("problems rectified on the spot (立行立改)")
    completion_rate: NonNegativeFloat | None = stated("share of problems rectified, in per cent as stated")
    measures_total: NonNegativeInt | None = stated("rectification measures set")
    tasks_total: NonNegativeInt | None = stated("rectification tasks set")
    tasks_done: NonNegativeInt | None = stated("rectification tasks finished")
    rules_made: NonNegativeInt | None = stated("rules and systems made or revised")
    funds_recovered_yuan: NonNegativeFloat | None = stated("funds recovered or returned, in yuan")
    people_disciplined: NonNegativeInt | None = stated("people given party or government discipline")
    people_org_handled: NonNegativeInt | None = stated("people handled organisationally (组织处理)")
    people_admonished: NonNegativeInt | None = stated("people admonished (诫勉)")
    people_criticized: NonNegativeInt | None = stated("people criticised (批评教育)")
    people_reminded: NonNegativeInt | None = stated("people reminded by talks (谈话提醒)")
    people_referred: NonNegativeInt | None = stated("people referred to discipline bodies")
    clues_transferred: NonNegativeInt | None = stated("problem clues transferred")


class Label(_Model):
    label: str = Field(pattern=LABEL_ID, description="a label id of the classifier's taxonomy")
    score: float = Field(ge=0.0, le=1.0)


@runtime_checkable
class Classifier(Protocol):
    """What the pipeline needs of a classifier: an id for the output, and labels for every item.

    `classify.RulesClassifier` and `classify.LinearClassifier` are two; any object with these
    two members can be passed to `pipeline.parse`.
    """

    model_id: str

    def label(self, notice: Notice) -> list[list[Label]]:
        """One list of labels (best first) per item of `notice`, in item order; the notice is not changed."""
        ...


ClassifierChoice = Classifier | Literal["default"] | None  # "default": the shipped model; None: no labels
ClassifierSpec = Literal["default"] | None  # what a batch passes to worker processes (a name, not an object)


class Signals(_Model):
    documents: list[str] = Field(default_factory=list, description="named documents 《…》")
    names: list[str] = Field(default_factory=list, description="named programmes or platforms “…”")
    amounts_yuan: list[NonNegativeFloat] = Field(default_factory=list)
    numbers: NonNegativeInt = Field(0, description="count of other stated quantities (N个, N项, N人, N%)")
    dates: list[str] = Field(default_factory=list, description="ISO dates; a month (2025-06) or a year for deadlines")
    units: list[str] = Field(default_factory=list, description="named responsible units")
    stock_phrases: list[str] = Field(default_factory=list, description="formulaic phrases (进一步加强 …)")
    specificity: float = Field(0.0, ge=0.0, le=1.0)


class Section(_Model):
    id: str = Field(description="the section's id in its notice (s1, s2 …)")
    marker: str = Field(description="the heading's marker as normalised")
    level: NonNegativeInt = Field(description="depth of the heading, 1 at the top")
    title: str = Field(description="the heading's text")
    span: Span = Field(description="where the heading stands in `text`")
    status: Status = Field("done", description="plan: the next-steps part")
    parent: str | None = Field(None, description="id of the section above it")
    children: list[str] = Field(default_factory=list, description="ids of the sections right below it")


class Item(_Model):
    id: str = Field(description="the item's id in its notice (i1, i2 …)")
    path: list[str] = Field(description="the markers from the top section down to the item")
    marker: str = Field(description="the item's own marker as normalised")
    text: str = Field(description="the measure's normalised text, text[span[0]:span[1]] of the notice")
    text_printed: str | None = stated(
        "the measure as printed: `text` with the source's full-width punctuation and spaces (，：；（）) "
        "restored, character for character, so `span` indexes it too"
    )
    span: Span = Field(description="where the item stands in the notice's `text`")
    status: Status = Field("done", description="plan: a next step (下一步), not a measure taken")
    problem: str | None = stated("the problem the measure answers")
    section: str | None = Field(None, description="id of the innermost section holding the item")
    labels: list[Label] = Field(default_factory=list, max_length=MAX_LABELS, description="best first; ids of the classifier's taxonomy")
    signals: Signals = Field(default_factory=Signals)


class Evidence(_Model):
    field: str = Field(description="title, metadata.<name>, metadata.page.<name> or stats.<name>")
    span: Span | None = Field(None, description="where in `text` the value is stated")
    source: Literal["text", "page"] = Field("text", description="page: the web page's own metadata, outside `text`")
    quote: str


CheckId = Literal["coverage", "elements", "unsupported_completion", "arithmetic", "paper_only", "hedging", "restated_problem", "timing", "disclosure"]
CHECK_IDS: tuple[str, ...] = get_args(CheckId)
Severity = Literal["info", "warning", "error"]
Element = Literal["responsible", "deadline", "target"]
Disclosed = Literal["contact", "problems_total", "problems_done", "people_handled", "funds_recovered", "rules_made"]


class CheckFigure(_Model):
    """A figure a finding rests on: one the notice states (with its span) or one the check computed."""

    name: str = Field(description="what it counts: stats.<name> for a stated summary figure, else a plain name")
    value: float
    span: Span | None = Field(None, description="where the notice states it; absent for a computed figure")


class Finding(_Model):
    check: CheckId
    severity: Severity
    message: str = Field(description="what was found, in Chinese")
    gloss: str = Field(description="the message in English")
    spans: list[Span] = Field(default_factory=list, description="where in `text` the finding stands")
    figures: list[CheckFigure] = Field(default_factory=list)
    item: str | None = stated("id of the item (measure) the finding is about")
    missing: list[Element] | None = stated("elements check: what the measure does not name")


class CheckSummary(_Model):
    counts: dict[CheckId, NonNegativeInt] = Field(description="findings per check (every check id, 0 included)")
    measures: NonNegativeInt = Field(description="measures checked: the done items answering the problems")
    problems: NonNegativeInt = Field(description="feedback problems found as headings or problem statements")
    problems_without_measure: NonNegativeInt
    element_shares: dict[Element, float | None] = Field(description="share of measures naming each element (null with no measure)")
    paper_only_share: float | None = Field(None, description="share of measures whose only actions are on paper")
    hedging_per_1000: float = Field(description="hedging words and stock phrases per 1,000 characters of text")
    days_to_publication: int | None = Field(None, description="days from feedback to publication, both as stated")
    disclosed: dict[Disclosed, bool] = Field(description="which items a public notice is expected to give it gives")


class Checks(_Model):
    """The rectification-quality checks of one notice (issue #10): findings and a summary."""

    timing_limit_months: NonNegativeInt = Field(description="months after feedback the timing check allowed")
    findings: list[Finding] = Field(default_factory=list)
    summary: CheckSummary


class Notice(_Model):
    schema_version: str = SCHEMA_VERSION
    tool: Tool
    source: Source
    title: str | None = stated()
    metadata: Metadata = Field(default_factory=Metadata)
    stats: Stats = Field(default_factory=Stats)
    evidence: list[Evidence] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    text: str
    warnings: list[str] = Field(default_factory=list)
    checks: Checks | None = stated("rectification-quality checks; absent when run with --no-checks")

    def to_dict(self) -> dict:
        """The output contract: fields a notice does not state are left out."""
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)


def json_schema() -> dict:
    """JSON Schema of the output, generated from the model (shipped as data/notice.schema.json)."""
    schema = Notice.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://notice-miner/schema/notice-{SCHEMA_VERSION}.json"
    return schema
