"""Chains the stages: ingest → normalise → layout → structure, facts → enrich → classify → checks → Notice.

The only module that calls more than one stage. Each stage reads what earlier
stages produced and returns its own part; nothing flows backwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import BinaryIO

from notice_miner import checks as checks_mod
from notice_miner import enrich, facts, ingest, layout, normalise, structure
from notice_miner.errors import ModelError, NoticeError, as_text, shown
from notice_miner.model import MAX_LABELS, Classifier, ClassifierChoice, Item, Label, Notice, Source, Tool


@dataclass(frozen=True)
class Failure:
    """A file that could not be parsed, with the one-line reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{shown(self.path)}: {self.reason}"


def parse(
    source: str | Path | bytes | BinaryIO,
    *,
    name: str | None = None,
    format_hint: str | None = None,
    classifier: ClassifierChoice = "default",
    checks: bool = True,
) -> Notice:
    """Parse one notice (.txt .html .htm .pdf .docx) into a `Notice`.

    `source` is a path, the file's bytes, or a file object opened in binary mode; for bytes and file
    objects the format comes from `format_hint` ("txt", "html", "pdf", "docx") or from the extension of
    `name` (default: the file object's own name). Raises `NoticeError` with a one-line reason when the
    notice cannot be read. `classifier` is a loaded classifier (anything with `model_id` and `label`,
    see `model.Classifier`), "default" for the shipped model, or None to leave labels empty; `checks`
    False leaves out the rectification-quality checks (`Notice.checks`).
    """
    if isinstance(source, (str, PathLike)):
        return _build(ingest.read(Path(source)), classifier, checks)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, bytes):
            raise TypeError("parse() needs a file opened in binary mode ('rb'); for text use parse_text()")
        name = name or Path(str(getattr(source, "name", "") or "<stream>")).name
    else:
        raise TypeError(f"parse() takes a path, bytes or a binary file object, not {type(source).__name__}")
    return _build(ingest.from_bytes(data, name=name or "<bytes>", format_hint=format_hint), classifier, checks)


def parse_text(text: str, *, name: str = "<text>", classifier: ClassifierChoice = "default", checks: bool = True) -> Notice:
    """Parse a notice already in memory; a `name` ending in .html or .htm reads `text` as an HTML page."""
    return _build(ingest.from_text(text, name=name), classifier, checks)


def parse_many(paths: Iterable[str | Path], *, classifier: ClassifierChoice = "default", checks: bool = True) -> Iterator[Notice | Failure]:
    """Parse several files; a file that fails yields a `Failure` and the rest go on."""
    clf = resolve_classifier(classifier)
    for path in paths:
        try:
            yield parse(path, classifier=clf, checks=checks)
        except NoticeError as err:
            yield Failure(err.path, err.reason)
        except Exception as err:  # a bug of ours must not lose the rest of a batch
            yield Failure(str(path), f"internal error: {type(err).__name__}: {err}")


def use_segmenter(segmenter: str = "rjieba", userdicts: Iterable[str | Path] = ()) -> enrich.Segmentation:
    """Segment with `segmenter` ("rjieba", the default, or "jieba": the same tokens) and, after the domain
    dictionary, the user dictionaries `userdicts` (files in jieba's format: word [freq] [tag] a line),
    from now on in this process and the batch workers it starts. Raises `DictionaryError` (a
    `NoticeError`) naming a dictionary that cannot be read."""
    chosen = enrich.use_segmenter(segmenter, userdicts)
    from notice_miner.classify import features

    for cached in vars(features).values():  # the featurizer's words of titles and problems, cached per text
        if callable(getattr(cached, "cache_clear", None)):
            cached.cache_clear()
    return chosen


def segmentation_id() -> str:
    """The segmentation in use: "rjieba" by default, else the segmenter and a hash of the user dictionaries."""
    return enrich.segmentation().id


def reads_like_a_notice(notice: Notice) -> bool:
    """Whether the text reads like a rectification notice at all (structure warns when it does not)."""
    return structure.NOT_A_NOTICE not in notice.warnings


def resolve_classifier(classifier: ClassifierChoice) -> Classifier | None:
    """ "default" → the shipped model (loaded once per process); anything else as given."""
    if classifier != "default":
        return classifier
    from notice_miner import classify

    return classify.default_classifier()


def predictions_fingerprint(classifier: Classifier | None) -> str | None:
    """What decides the labels a classifier gives: None for no labels; for a model, the fingerprint of
    its predictions on the probe measures (`classify.model.predictions_fingerprint`), so a model
    retrained to the same predictions counts as the same; else its id."""
    if classifier is None:
        return None
    if not hasattr(classifier, "predict"):
        return classifier.model_id
    from notice_miner.classify.model import predictions_fingerprint as fingerprint

    return fingerprint(classifier)


def _build(doc: ingest.Extracted, classifier: ClassifierChoice, checks: bool = True) -> Notice:
    norm = normalise.normalise(doc.text)
    found_layout = layout.analyse(norm.text)
    tree = structure.parse_structure(found_layout)
    found = facts.extract_facts(found_layout, page=doc.page_meta, title_hint=doc.title)
    extra = enrich.enrich(norm.text, tree.items)
    clf = resolve_classifier(classifier)
    notice = Notice(
        tool=Tool(model=clf.model_id if clf is not None else None),
        source=Source(
            path=as_text(doc.path),
            name=as_text(doc.name),
            sha256=doc.sha256,
            format=doc.format,
            encoding=doc.encoding,
            bytes=doc.size,
            pages=doc.pages,
            offsets=norm.offsets,
        ),
        title=found.title,
        metadata=found.metadata,
        stats=found.stats,
        evidence=found.evidence,
        sections=tree.sections,
        items=with_parts(tree.items, text_printed=[norm.printed(doc.text, *item.span) for item in tree.items], signals=extra.signals),
        keywords=extra.keywords,
        text=norm.text,
        warnings=[*doc.warnings, *norm.warnings, *tree.warnings, *found.warnings],
    )
    if clf is not None:
        # the classifier reads the assembled notice (texts, sections, problems) and returns its labels
        notice = notice.model_copy(update={"items": with_parts(notice.items, labels=_bounded(clf, clf.label(notice)))})
    if not checks:
        return notice
    return notice.model_copy(update={"checks": checks_mod.run_checks(notice, found_layout)})


def with_parts(items: Sequence[Item], **parts: Sequence) -> list[Item]:
    """Copies of structure's items with later stages' parts set, each part one value per item, in order:
    one copy per item whatever the number of parts."""
    names = list(parts)
    return [item.model_copy(update=dict(zip(names, values))) for item, *values in zip(items, *parts.values(), strict=True)]


def _bounded(clf: Classifier, given: Iterable[list[Label]]) -> list[list[Label]]:
    """The items' labels once each item's are known to be at most MAX_LABELS ids of the classifier's
    taxonomy (the ids' form is checked by `model.Label`); a classifier that says otherwise is refused."""
    labels = list(given)
    taxonomy = getattr(clf, "taxonomy", None)
    known = set(taxonomy.ids) if taxonomy is not None else None
    for item_labels in labels:
        strange = [label.label for label in item_labels if known is not None and label.label not in known]
        if len(item_labels) > MAX_LABELS or strange:
            raise ModelError(
                f"classifier {clf.model_id} gave an item {len(item_labels)} labels"
                + (f", {', '.join(map(repr, strange[:3]))} not in its taxonomy" if strange else "")
                + f"; at most {MAX_LABELS} ids of its taxonomy are emitted"
            )
    return labels
