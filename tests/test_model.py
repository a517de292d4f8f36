"""The data model: closed vocabularies cover what facts can emit, dates and counts are typed."""
from __future__ import annotations

import datetime as dt
import typing
from importlib import metadata

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from notice_miner import inspection
from notice_miner.lang import facts_zh, vocabulary
from notice_miner.model import VERSION, BodyType, InspectionKind, Level, Metadata, Notice, Stats, json_schema


def test_every_level_the_lang_tables_give_is_allowed():
    given_levels = {level for _, level in facts_zh.REGION_LEVEL + facts_zh.INSPECTOR_LEVEL} | {"unit"}
    assert given_levels <= set(typing.get_args(Level))


def test_every_body_type_the_lang_table_gives_is_allowed():
    # township and party_committee: a name that is a place and its party organ only (facts._derived)
    given_types = {kind for _, kind in facts_zh.BODY_TYPES} | {"township", "party_committee"}
    assert given_types <= set(typing.get_args(BodyType))


@settings(max_examples=300, deadline=None)
@given(st.from_regex(facts_zh.INSPECTION_KIND, fullmatch=True))
def test_every_kind_the_pattern_finds_is_allowed(printed):
    assert inspection._canonical_kind(facts_zh.INSPECTION_KIND.fullmatch(printed).group("kind")) in typing.get_args(InspectionKind)


def test_every_traditional_kind_reads_as_a_simplified_one():
    # a page in traditional script keeps its kind as printed (facts._as_printed): the vocabulary
    # has that form, and it is the same kind
    t2s = opencc.OpenCC("t2s")
    traditional = set(vocabulary.INSPECTION_KINDS) - set(vocabulary.SIMPLIFIED_KINDS)
    assert traditional and {t2s.convert(kind) for kind in traditional} <= set(vocabulary.SIMPLIFIED_KINDS)
    assert set(vocabulary.INSPECTION_KINDS) == set(typing.get_args(InspectionKind))


def test_dates_are_dates_and_iso_in_json():
    meta = Metadata(published="2024-12-06", feedback_date=dt.date(2024, 9, 27))
    assert meta.published == dt.date(2024, 12, 6)
    assert meta.model_dump(mode="json") == {"published": "2024-12-06", "feedback_date": "2024-09-27"}
    with pytest.raises(ValidationError):
        Metadata(published="2024-02-30")
    props = json_schema()["$defs"]["Metadata"]["properties"]
    for name in ("inspection_start", "inspection_end", "feedback_date", "published"):
        assert {"type": "string", "format": "date"} in props[name]["anyOf"]


def test_counts_are_not_negative_and_vocabularies_closed():
    with pytest.raises(ValidationError):
        Stats(problems_total=-1)
    with pytest.raises(ValidationError):
        Stats(funds_recovered_yuan=-5.0)
    with pytest.raises(ValidationError):
        Metadata(level="national")
    with pytest.raises(ValidationError):
        Metadata(inspection_kind="巡察")


def test_page_metadata_is_nested_and_left_out_when_absent():
    meta = Metadata(agency="某局", page={"index_no": "X-1", "date": "2025年01月08日"})
    assert meta.model_dump(mode="json") == {"agency": "某局", "page": {"index_no": "X-1", "date": "2025年01月08日"}}
    assert "page" not in Metadata(agency="某局").model_dump(mode="json")


def test_version_is_the_installed_packages():
    assert VERSION == metadata.version("notice-miner")
    assert Notice.model_fields["tool"].annotation.model_fields["version"].default == VERSION
