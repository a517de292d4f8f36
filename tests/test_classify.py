"""The measure classifier: taxonomy loading, rules, training, the numpy predictor, saving and loading."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_miner import classify
from notice_miner.classify import evaluate, train
from notice_miner.classify.features import clean
from notice_miner.cli import _parsed_or_none, cli
from notice_miner.enrich import words
from notice_miner.errors import ModelError, NoticeError
from notice_miner.model import Classifier, Item, Notice, Section, Source, Tool

from conftest import CORPUS, ROOT, modules_loaded_by

TINY_TAXONOMY = {"labels": [
    {"id": "money", "name": "追回资金", "description": "getting money back", "cues": ["追回", "退回"]},
    {"id": "rules", "name": "制度", "description": "standing rules", "cues": ["制定|修订 + 办法|制度"]},
    {"id": "training", "name": "培训", "description": "study and training", "cues": ["培训", "学习"]},
]}

# A few dozen measures written for these tests: three kinds, varied wording, some with two labels.
TINY_LINES = [
    ("追回违规发放的补贴资金12.6万元,已全部缴入国库。", "money"),
    ("督促相关企业退回多领取的扶持资金,共计8笔。", "money"),
    ("清退超标准发放的津贴补贴,涉及人员15人。", "money"),
    ("对虚报冒领的项目资金予以追缴,挽回经济损失30万元。", "money"),
    ("收回闲置的专项经费并上缴财政。", "money"),
    ("向施工单位追偿多付的工程款45万元。", "money"),
    ("对违规报销的差旅费责令个人退还。", "money"),
    ("追回被挪用的村集体资金并返还村民。", "money"),
    ("督促借款单位归还逾期借款本息。", "money"),
    ("全额收回多拨付的奖补资金。", "money"),
    ("追回违规发放的奖金,同时修订奖金发放办法。", "money|rules"),
    ("清收欠缴的租金,并制定租金收缴管理制度。", "money|rules"),
    ("制定《专项资金管理办法》,明确审批流程。", "rules"),
    ("修订公务接待管理制度,规范接待标准。", "rules"),
    ("出台干部请销假规定,明确审批权限。", "rules"),
    ("建立健全合同管理制度,堵塞管理漏洞。", "rules"),
    ("完善议事规则,规范会议程序。", "rules"),
    ("印发内部控制规程,覆盖全部业务环节。", "rules"),
    ("制定车辆使用管理细则,实行派车登记。", "rules"),
    ("修订财务报销办法,明确票据审核要求。", "rules"),
    ("建立长效机制,制定工作指引三项。", "rules"),
    ("废止过时的文件5件,新订制度8项。", "rules"),
    ("制定学习制度,每月组织一次集中培训。", "rules|training"),
    ("修订培训管理办法,规范外出学习审批。", "rules|training"),
    ("组织全体干部开展业务培训,邀请专家授课。", "training"),
    ("举办警示教育大会,观看警示教育片。", "training"),
    ("开展政策法规专题学习,参学人数120人次。", "training"),
    ("组织新入职人员参加岗前培训。", "training"),
    ("召开专题学习会,传达学习上级文件精神。", "training"),
    ("开展廉政教育,讲授专题党课。", "training"),
    ("选派骨干参加省级业务能力培训班。", "training"),
    ("组织财务人员学习新会计准则。", "training"),
    ("以案促改,组织干部学习典型案例通报。", "training"),
    ("举办读书班,集中学习三天。", "training"),
    ("组织培训后追回违规领取的培训补贴。", "training|money"),
    ("开展学习培训,对退回的资金情况进行通报。", "training|money"),
]


def tiny_examples() -> list[classify.Example]:
    return [classify.Example(text, tuple(labels.split("|")), source=f"tiny:{n}")
            for n, (text, labels) in enumerate(TINY_LINES)]


@pytest.fixture(scope="module")
def tiny_taxonomy() -> classify.Taxonomy:
    return classify.taxonomy_from_dict(TINY_TAXONOMY, source="tiny")


@pytest.fixture(scope="module")
def tiny_model(tiny_taxonomy, tmp_path_factory) -> tuple[classify.TrainResult, Path]:
    result = train.train_model(tiny_examples(), taxonomy=tiny_taxonomy, seed=3, folds=3)
    model_dir = tmp_path_factory.mktemp("tiny_model")
    train.save(result, model_dir)
    return result, model_dir


def notice_with(items: list[tuple[str, str | None, str]]) -> Notice:
    """A notice holding one section per distinct title, each item under its title."""
    titles = list(dict.fromkeys(title for _, _, title in items))
    sections = [Section(id=f"s{i}", marker="一", level=1, title=t, span=(0, 1)) for i, t in enumerate(titles)]
    notice_items = [Item(id=f"i{n}", path=["一", "一是"], marker="一是", text=text, span=(0, 1), problem=problem,
                         section=f"s{titles.index(title)}") for n, (text, problem, title) in enumerate(items)]
    return Notice(tool=Tool(), source=Source(path="x.txt", name="x.txt", sha256="0" * 64, format="text", bytes=1),
                  sections=sections, items=notice_items, text="x")


# ----------------------------------------------------------------------------- taxonomy

def test_default_taxonomy_has_the_spec_ids_names_and_cues():
    tax = classify.default_taxonomy()
    assert tax.ids == ["institution", "supervision", "fund_recovery", "accountability", "education",
                       "party_building", "decision_making", "procurement", "assets_finance", "audit",
                       "digitalization", "core_business", "personnel", "responsibility"]
    assert all(c.name and c.description and c.cues for c in tax.categories)
    counts = dict(zip(tax.ids, tax.cue_counts("修订《政府采购管理办法》,追回资金")))
    assert counts["institution"] == 1 and counts["fund_recovery"] == 1 and counts["procurement"] == 2  # 政府采购 and 采购
    assert counts["audit"] == 0


def test_markdown_taxonomy_of_the_spec_reads_like_the_default(shared):
    tax = classify.load_taxonomy(shared / "spec" / "taxonomy.md")
    assert tax.ids == classify.default_taxonomy().ids
    inst = tax.categories[0]
    assert inst.name == "建章立制"
    assert dict(zip(tax.ids, tax.cue_counts("制定采购办法")))["institution"] == 1


def test_bad_taxonomy_files_give_one_line_errors(tmp_path):
    bad = tmp_path / "t.json"
    bad.write_text('{"labels": [{"id": "a"}, {"id": "a"}]}', encoding="utf-8")
    with pytest.raises(ModelError, match="duplicate label ids"):
        classify.load_taxonomy(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="not valid JSON"):
        classify.load_taxonomy(bad)


# ----------------------------------------------------------------------------- rules

def test_rules_baseline_ranks_by_cue_hits_and_falls_back():
    rules = classify.RulesClassifier()
    (first,), (second,) = [rules.predict([classify.Example(t)]) for t in ("追回资金并追缴补贴,开展审计", "无关的一句话")]
    assert [lab.label for lab in first] == ["fund_recovery", "audit"]
    assert [lab.label for lab in second] == ["core_business"] and second[0].score == 0.0


@pytest.mark.parametrize("make", [classify.RulesClassifier, classify.default_classifier])
def test_a_caller_s_string_with_surrogates_is_read_as_parse_reads_it(make):
    """A lone surrogate (half of a UTF-16 pair) reads as U+FFFD and a pair as its character, as `parse` reads them."""
    clf = make()
    lone, replaced = "健全制度\ud800规范审批流程", "健全制度\ufffd规范审批流程"
    paired, joined = "整改\ud83d\ude00完善台账", "整改\U0001f600完善台账"
    assert clf.predict([lone, paired]) == clf.predict([replaced, joined])
    assert clf.predict([classify.Example(lone)]) == clf.predict([classify.Example(replaced)])


def test_a_leading_rule_making_act_goes_first_when_the_model_gives_it_the_threshold():
    tax = classify.default_taxonomy()
    leads = tax.lead_labels("关于“采购不规范”问题。整改情况:修订《政府采购管理办法》,明确采购程序")
    assert leads == [tax.ids.index("institution")]
    assert tax.lead_labels("开展采购专项检查,督促修订办法") == []
    probs = np.full(len(tax.ids), 0.05)
    probs[tax.ids.index("procurement")], probs[tax.ids.index("institution")] = 0.99, 0.7
    ranked = [lab.label for lab in classify.rank_labels(probs, tax.ids, 0.5, 3, None, leads)]
    assert ranked == ["institution", "procurement"]
    probs[tax.ids.index("institution")] = 0.4  # below the threshold the model's order stands
    assert [lab.label for lab in classify.rank_labels(probs, tax.ids, 0.5, 3, None, leads)] == ["procurement"]


# ----------------------------------------------------------------------------- features and context

def test_features_carry_the_problem_and_section_context_separately():
    tax = classify.default_taxonomy()
    feats = classify.measure_terms(classify.Example("开展检查", problem="资金监管不严", sections=("党的建设",)), tax)
    assert "c:检查" in feats and "r:supervision" in feats
    assert any(f.startswith("p:") and "资金" in f for f in feats)
    assert any(f.startswith("s:") and "党" in f for f in feats)


_MEASURE_CHARS = "制定修订办法制度追回资金采购审计培训学习系统移交问题整改一二三是0123456789abcXYZＡ１,。、;:《》“” \n\t"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=_MEASURE_CHARS, max_size=40), max_size=6))
def test_terms_of_a_batch_are_each_measure_s_ngrams_words_and_cue_hits(texts):
    """`read_terms` reads a batch at once; each measure's terms are still the rule read on it alone:
    every 1-3-gram inside a run of its cleaned text, its words that are runs, a hit per cue."""
    tax = classify.default_taxonomy()
    got = classify.read_terms([classify.Example(t) for t in texts], tax).as_counters()
    for text, terms in zip(texts, got, strict=True):
        cleaned = clean(text)
        runs = re.findall(r"[0-9A-Za-z\u3400-\u9fff]+", cleaned)
        expected = Counter(f"c:{run[i:i + n]}" for run in runs for n in (1, 2, 3) for i in range(len(run) - n + 1))
        expected.update(f"w:{w}" for w in words(cleaned) if re.fullmatch(r"[0-9A-Za-z\u3400-\u9fff]+", w))
        expected.update({f"r:{label}": n for label, n in zip(tax.ids, tax.cue_counts(cleaned)) if n})
        assert terms == expected


def test_the_featurizer_counts_only_vocabulary_terms_by_row_and_column():
    tax = classify.default_taxonomy()
    terms = classify.read_terms([classify.Example("追回资金"), classify.Example("无关"), classify.Example("资金资金")], tax)
    featurizer = classify.Featurizer(tax, ["c:资金", "c:追", "r:fund_recovery", "w:资金"])
    rows, columns, counts = featurizer.count(terms)
    assert list(zip(rows.tolist(), columns.tolist(), counts.tolist())) == [
        (0, 0, 1), (0, 1, 1), (0, 2, 1), (0, 3, 1), (2, 0, 2), (2, 3, 2)]
    assert classify.Featurizer(tax, []).count(terms)[0].size == 0


def test_item_context_walks_the_section_parents():
    notice = notice_with([("完善制度", "问题一", "关于资金")])
    notice.sections.insert(0, Section(id="top", marker="二", level=0, title="整改情况", span=(0, 1)))
    notice.sections[1].parent = "top"
    ex = classify.item_example(notice, notice.items[0])
    assert ex.sections == ("整改情况", "关于资金") and ex.problem == "问题一"


def test_notice_examples_equal_item_example_of_every_item():
    notice = notice_with([("完善制度", "问题一", "关于资金"), ("开展培训", None, "关于学习"), ("追回资金", "问题二", "关于资金")])
    notice.sections.insert(0, Section(id="top", marker="二", level=0, title="整改情况", span=(0, 1)))
    notice.sections[1].parent = "top"
    notice.sections[2].parent = "s1"  # a cycle ends the walk, as in item_example
    notice.sections[1].parent = "s2"
    assert classify.notice_examples(notice) == [classify.item_example(notice, item) for item in notice.items]


def test_lead_labels_read_the_first_clause_after_a_measure_label():
    tax = classify.default_taxonomy()
    texts = ["整改情况:修订《政府采购管理办法》,明确采购程序", "２０２３年制定完善１２项管理制度。", "开展检查,督促修订办法",
             "整改措施：印发3项细则；", "1.建立健全制度", ""]
    found = [tax.lead_labels(t) for t in texts]
    assert found[0] == found[1] == found[3] == found[4] == [tax.ids.index("institution")]
    assert found[2] == found[5] == []


# ----------------------------------------------------------------------------- training data

def test_training_files_flat_and_gold(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"text": "制定办法", "labels": ["rules"], "section": "一、总体 > (一)制度"}, ensure_ascii=False)
        + "\n\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("text,labels,problem\n追回资金,money|rules,资金问题\n", encoding="utf-8")
    (tmp_path / "c.gold.json").write_text(json.dumps({"file": "c.txt", "items": [
        {"path": ["一"], "marker": "一", "text": "组织培训", "labels": ["training"]}]}, ensure_ascii=False), encoding="utf-8")
    examples = classify.read_examples([tmp_path])
    assert [(e.text, e.labels) for e in examples] == [
        ("制定办法", ("rules",)), ("追回资金", ("money", "rules")), ("组织培训", ("training",))]
    assert examples[0].sections == ("一、总体", "(一)制度") and examples[1].problem == "资金问题"
    (tmp_path / "d.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(NoticeError, match=r"d.jsonl: line 1: needs 'labels'"):
        classify.read_examples([tmp_path / "d.jsonl"])


def test_training_refuses_unknown_and_thin_labels(tiny_taxonomy):
    with pytest.raises(ModelError, match="not in the taxonomy.*nope"):
        train.train_model([classify.Example("x", ("nope",))] * 5, taxonomy=tiny_taxonomy)
    with pytest.raises(ModelError, match="too few: .*training"):
        train.train_model([ex for ex in tiny_examples() if "training" not in ex.labels], taxonomy=tiny_taxonomy, folds=3)


# ----------------------------------------------------------------------------- train, export, load

def test_numpy_predictor_equals_the_sklearn_estimator(tiny_model):
    result, _ = tiny_model
    examples = tiny_examples() + [classify.Example("全新的句子,没有见过", problem="某问题", sections=("某节",))]
    sk_probs, sk_first = result.estimator.decide(classify.read_terms(examples, result.classifier.taxonomy))
    np_probs, np_first = result.classifier.decide(examples)
    np.testing.assert_allclose(np_probs, sk_probs, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(np_first, sk_first, rtol=1e-10, atol=1e-9)


def test_cue_counts_count_every_word_and_the_rarest_part_of_compound_cues():
    """Cue words that overlap themselves, repeat in one cue, appear in several labels or cues of
    several parts, and cues with an empty part (never hit)."""
    tax = classify.taxonomy_from_dict({"labels": [
        {"id": "a", "cues": ["追回", "挽回经济损失", "哈哈", "啊啊啊", "制定|修订 + 办法|制度"]},
        {"id": "b", "cues": ["培训 + ", "学", "追回|挽回", "培训|学习 + 学", "修订 + 制度"]}, {"id": "c", "cues": []},
        {"id": "d", "cues": ["追回|追回|资金"]}]}, source="t")
    assert tax.cue_counts("追回资金,挽回经济损失。哈哈哈哈,啊啊啊啊啊") == [1 + 1 + 2 + 1, 1 + 1, 0, 2 + 1]
    assert tax.cue_counts("制定办法,修订制度,制定制度办法") == [min(3, 4), 0 + 1, 0, 0]
    assert tax.cue_counts("培训学习,学学学") == [0, 4 + min(2, 4), 0, 0]


_CUE_WORDS = ["追回", "追回资金", "回资", "哈哈", "啊啊啊", "制定", "办法", "法制", "金\n追"]  # a word across a line break too


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*_CUE_WORDS, *"追回资金哈啊,\n"]), max_size=12).map("".join), max_size=5),
       st.lists(st.lists(st.sampled_from(_CUE_WORDS), min_size=1, max_size=3), min_size=1, max_size=4))
def test_cue_counts_of_a_batch_are_str_count_of_each_word_in_each_text(texts, cues):
    """Counted in one search of the batch, each text's cue hits are still the rule read on it alone
    with `str.count` (occurrences of one word never overlap), however the cue words overlap each
    other (one starts another, one lies inside another) or themselves."""
    one_part = [{"id": f"l{k}", "cues": ["|".join(words)]} for k, words in enumerate(cues)]
    compound = {"id": "both", "cues": [" + ".join(words) for words in cues]}
    tax = classify.taxonomy_from_dict({"labels": [*one_part, compound]}, source="t")
    for text, counts in zip(texts, tax.cue_counts_each(texts), strict=True):
        expected = [sum(text.count(word) for word in words) for words in cues]
        expected.append(sum(min(text.count(word) for word in words) for words in cues))
        assert counts == expected


def test_the_predictor_weights_terms_as_the_training_tfidf_does(tiny_model):
    """The predictor's TF-IDF rows are scikit-learn's TfidfTransformer rows of the same term counts."""
    result, _ = tiny_model
    clf = result.classifier
    examples = tiny_examples() + [classify.Example("全新的句子,没有见过", problem="某问题", sections=("某节",)),
                                  classify.Example(""), classify.Example("ＡＢＣ１２３,x\x00y")]
    expected = result.estimator.pipeline.named_steps["tfidf"].transform(
        result.estimator.counts(classify.read_terms(examples, clf.taxonomy))).toarray()
    rows, columns, values = clf.tfidf(examples)
    got = np.zeros_like(expected)
    got[rows, columns] = values
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def test_round_trip_train_save_load_predict(tiny_model, tiny_taxonomy):
    result, model_dir = tiny_model
    loaded = classify.load_classifier(model_dir, taxonomy=tiny_taxonomy)
    assert loaded.model_id == result.classifier.model_id and loaded.labels == ["money", "rules", "training"]
    notice = notice_with([("追回多发的补贴资金并缴回国库", None, "资金"), ("组织干部参加专题培训学习", None, "培训")])
    labels = loaded.label(notice)
    assert [item.labels for item in notice.items] == [[], []]  # the notice is read, not changed
    assert [found[0].label for found in labels] == ["money", "training"]
    for found in labels:
        assert 1 <= len(found) <= 3 and all(0 <= lab.score <= 1 for lab in found)
    assert loaded.predict(tiny_examples()) == result.classifier.predict(tiny_examples())
    assert (model_dir / "README.md").read_text(encoding="utf-8").startswith(f"# Measure classifier `{loaded.model_id}`")


def test_training_is_deterministic(tiny_model, tiny_taxonomy, tmp_path):
    result, model_dir = tiny_model
    again = train.train_model(tiny_examples(), taxonomy=tiny_taxonomy, seed=3, folds=3)
    train.save(again, tmp_path)
    with np.load(model_dir / "arrays.npz") as a, np.load(tmp_path / "arrays.npz") as b:
        assert a.files == b.files
        for name in a.files:
            assert a[name].tobytes() == b[name].tobytes(), name
    assert (model_dir / "manifest.json").read_bytes() == (tmp_path / "manifest.json").read_bytes()


def test_model_id_hashes_what_training_decided_not_float_noise(tiny_model, tiny_taxonomy):
    """The same data and seed give the same id on any machine: weights that differ in the last bits
    (another BLAS, another CPU) keep it; other data, seed or weights change it."""
    result, _ = tiny_model
    manifest, arrays = result.classifier.manifest, result.classifier.arrays
    decided = {"data_sha256": manifest["training"]["data_sha256"], "seed": 3}
    noisy = {name: a * (1 + 1e-12) if a.dtype.kind == "f" else a for name, a in arrays.items()}
    assert train.model_id(decided, noisy) == train.model_id(decided, arrays)
    assert train.model_id(dict(decided, seed=4), arrays) != train.model_id(decided, arrays)
    moved = dict(arrays, coef=arrays["coef"] + 1e-3)
    assert train.model_id(decided, moved) != train.model_id(decided, arrays)
    fewer = train.train_model(tiny_examples()[1:], taxonomy=tiny_taxonomy, seed=3, folds=3)
    assert fewer.classifier.model_id != result.classifier.model_id


def test_training_in_several_processes_gives_the_same_model_and_reports_progress(tiny_model, tiny_taxonomy):
    result, _ = tiny_model
    ticks: list[tuple[int, int]] = []
    parallel = train.train_model(tiny_examples(), taxonomy=tiny_taxonomy, seed=3, folds=3, jobs=2,
                                 progress=lambda done, total: ticks.append((done, total)))
    assert parallel.classifier.model_id == result.classifier.model_id
    assert parallel.classifier.predict(tiny_examples()) == result.classifier.predict(tiny_examples())
    total = len(train.C_GRID) * 3 + 1  # every held-out fit and the final one
    assert ticks[0] == (0, total) and ticks[-1] == (total, total)
    assert [done for done, _ in ticks] == sorted(done for done, _ in ticks)


def test_model_refuses_another_taxonomy(tiny_model, tmp_path):
    _, model_dir = tiny_model
    with pytest.raises(ModelError, match="trained for another taxonomy"):
        classify.load_classifier(model_dir, taxonomy=classify.default_taxonomy())
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"labels": TINY_TAXONOMY["labels"][::-1]}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", "--model", str(model_dir), "--taxonomy", str(other), str(other)])
    assert result.exit_code == 2 and "trained for another taxonomy" in result.output


def _copy_model(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for name in ("manifest.json", "arrays.npz"):
        (dst / name).write_bytes((src / name).read_bytes())
    return dst


def test_tampered_and_foreign_models_are_refused(tiny_model, tmp_path):
    _, model_dir = tiny_model
    changed = _copy_model(model_dir, tmp_path / "changed")
    with np.load(model_dir / "arrays.npz") as npz:
        arrays = {name: npz[name] for name in npz.files}
    arrays["coef"] = arrays["coef"] * 1.01
    np.savez(changed / "arrays.npz", **arrays)
    with pytest.raises(ModelError, match="do not match the manifest's sha256"):
        classify.load_classifier(changed)

    edited = _copy_model(model_dir, tmp_path / "edited")
    manifest = json.loads((edited / "manifest.json").read_text(encoding="utf-8"))
    manifest["threshold"] = 0.01
    (edited / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match="manifest was altered"):
        classify.load_classifier(edited)

    pickled = _copy_model(model_dir, tmp_path / "pickled")
    np.savez(pickled / "arrays.npz", vocabulary=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ModelError, match="unreadable model arrays"):
        classify.load_classifier(pickled)

    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "manifest.json").write_text('{"format": "something-else"}', encoding="utf-8")
    (foreign / "arrays.npz").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelError, match="not a notice-miner classifier"):
        classify.load_classifier(foreign)
    with pytest.raises(ModelError, match="not a model folder"):
        classify.load_classifier(tmp_path / "missing")


# ----------------------------------------------------------------------------- calibration

def test_held_out_folds_keep_each_notice_or_source_file_whole():
    examples = [classify.Example(f"措施{n}", ("a",), group=f"g{n % 7}") for n in range(60)]
    examples += [classify.Example(f"无组{n}", ("a",)) for n in range(5)]  # no group: each its own
    folds = train.held_out_folds(examples, 5, seed=1)
    assert sorted(i for f in folds for i in f.tolist()) == list(range(len(examples)))
    for group in {ex.group for ex in examples if ex.group}:
        assert sum(any(examples[i].group == group for i in f) for f in folds) == 1, group
    assert max(map(len, folds)) - min(map(len, folds)) <= 9  # the largest group is 9 measures
    assert [f.tolist() for f in folds] == [f.tolist() for f in train.held_out_folds(examples, 5, seed=1)]


def test_c_is_chosen_on_held_out_folds_of_the_training_data(tiny_model):
    result, _ = tiny_model
    tried = result.report["selection"]
    assert set(tried) == {str(c) for c in train.C_GRID}
    best = max(train.C_GRID, key=lambda c: ((tried[str(c)]["first_label_accuracy"] + tried[str(c)]["macro_f1"]) / 2, -c))
    assert result.report["C"] == best == result.classifier.manifest["estimator"]["C"]
    assert result.report["threshold"] == tried[str(best)]["threshold"] == result.classifier.threshold


def test_both_predictors_meet_the_classifier_protocol(tiny_model):
    assert isinstance(classify.RulesClassifier(), Classifier)
    assert isinstance(tiny_model[0].classifier, Classifier)
    assert not isinstance(object(), Classifier)


def test_features_read_mirror_site_text_as_simplified():
    tax = classify.default_taxonomy()
    simplified = classify.Example("组织党员干部学习贯彻会议精神,开展专题讨论。")
    mirrored = classify.Example("組(zǔ)織黨員幹部學習貫徹會議精神,開(kāi)展專題討論。")
    assert classify.measure_terms(mirrored, tax) == classify.measure_terms(simplified, tax)


def test_cues_name_systems_and_hand_overs_only_in_their_taxonomy_sense():
    tax = classify.default_taxonomy()
    counts = lambda text: {lab: n for lab, n in zip(tax.ids, tax.cue_counts(text)) if n}  # noqa: E731
    assert "digitalization" not in counts("坚持系统谋划,全市卫生健康系统统一部署")  # 系统 as "whole sector"
    assert counts("财务管理系统上线运行")["digitalization"] >= 1
    assert "accountability" not in counts("撤并站点的房产设备移交不规范")  # assets handed over
    assert counts("将问题线索移交县纪委监委")["accountability"] >= 2


def test_scores_are_calibrated_on_a_held_out_split():
    """Train on two thirds of the project's labelled measures, measure on the rest: the scores of the
    labels the model emits must be right about as often as they say (expected calibration error ≤ 0.1)."""
    examples = classify.read_examples([CORPUS / "training" / "measures.jsonl"])
    held_out = examples[::3]
    rest = [ex for n, ex in enumerate(examples) if n % 3]
    clf = train.train_model(rest, seed=0, folds=3, cross_validate=False).classifier
    predicted = clf.predict(held_out)
    emitted = [(lab.score, lab.label in ex.labels) for ex, pred in zip(held_out, predicted) for lab in pred]
    _, ece = evaluate.reliability([s for s, _ in emitted], [c for _, c in emitted])
    assert len(held_out) >= 150
    assert ece <= 0.1


# ----------------------------------------------------------------------------- the shipped model

def test_shipped_model_loads_under_the_default_taxonomy():
    clf = classify.load_classifier(ROOT / "models", taxonomy=classify.TAXONOMY_FILE)
    assert clf.labels == classify.default_taxonomy().ids
    assert classify.default_classifier().model_id == clf.model_id


def test_shipped_model_puts_the_kind_of_act_before_the_field():
    clf = classify.default_classifier()
    (labels,) = clf.predict([classify.Example("修订《局政府采购内部控制管理办法》,明确采购需求、履约验收各环节的审批权限。")])
    assert [lab.label for lab in labels[:2]] == ["institution", "procurement"]
    (labels,) = clf.predict([classify.Example("追回违规发放的补贴资金12.6万元,已全部缴入国库。")])
    assert labels[0].label == "fund_recovery" and labels[0].score >= 0.8


def test_shipped_model_beats_the_rules_on_the_shared_gold_items(shared):
    examples = classify.read_examples([shared / "corpus"], context=_parsed_or_none)
    model = evaluate.evaluate_examples(classify.default_classifier(), examples)
    rules = evaluate.evaluate_examples(classify.RulesClassifier(), examples)
    assert model["items"] == len(examples) >= 300
    assert model["first_label_accuracy"] >= 0.85
    assert model["micro_f1"] >= 0.80 and model["macro_f1"] >= 0.75
    assert model["first_label_accuracy"] >= rules["first_label_accuracy"] + 0.10


def test_parse_imports_neither_scikit_learn_nor_the_gold_scorer():
    """Training and evaluation modules cost every parse run its start-up: parse loads none."""
    code = ("from notice_miner import pipeline; "
            "n = pipeline.parse_text('一、整改情况\\n(一)加强资金监管。\\n一是追回违规发放的补贴资金。')")
    assert modules_loaded_by(code, ("sklearn", "notice_miner.scoring")) == []


# ----------------------------------------------------------------------------- commands

def test_train_evaluate_and_suggest_commands(tmp_path):
    data = tmp_path / "labels.jsonl"
    data.write_text("".join(json.dumps({"text": t, "labels": lab.split("|")}, ensure_ascii=False) + "\n"
                            for t, lab in TINY_LINES), encoding="utf-8")
    tax = tmp_path / "tiny.json"
    tax.write_text(json.dumps(TINY_TAXONOMY, ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["train", str(data), "-o", str(tmp_path / "m"), "--taxonomy", str(tax), "--seed", "1",
                                 "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "held-out (5 folds, C " in result.output and "chosen there): first-label accuracy" in result.output

    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "g.gold.json").write_text(json.dumps({"file": "g.txt", "items": [
        {"text": t, "labels": lab.split("|")} for t, lab in TINY_LINES[:4] + TINY_LINES[24:28]]},
        ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(gold_dir), "--model", str(tmp_path / "m"), "--gold-items"])
    assert result.exit_code == 0, result.output
    assert "items 8  first-label accuracy" in result.output and "money" in result.output

    outputs = tmp_path / "out"
    outputs.mkdir()
    (outputs / "x.json").write_text(notice_with([(t, None, "节") for t, _ in TINY_LINES[:6]]).to_json(), encoding="utf-8")
    (outputs / "manifest.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(cli, ["suggest", str(outputs), "-n", "3", "--model", str(tmp_path / "m"),
                                 "-o", str(tmp_path / "ask.jsonl")])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (tmp_path / "ask.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3 and all(r["labels"] == [] and r["current"] and r["notice"] == "x.txt" for r in rows)
    assert [r["margin"] for r in rows] == sorted(r["margin"] for r in rows)

    result = runner.invoke(cli, ["train", str(tmp_path / "nowhere.jsonl"), "-o", str(tmp_path / "m2")])
    assert result.exit_code == 2 and "no such file or folder" in result.output


@pytest.mark.parametrize("make", [classify.default_classifier, classify.RulesClassifier])
def test_predict_takes_plain_strings_as_well_as_examples(make):
    clf = make()
    texts = ["追回违规发放的补贴资金12.6万元,已全部缴入国库。", "组织党员干部开展专题学习培训3次。"]
    assert clf.predict(texts) == clf.predict([classify.Example(t) for t in texts])
    assert clf.predict([texts[0], classify.Example(texts[1])]) == clf.predict(texts)
    with pytest.raises(TypeError, match="list"):
        clf.predict(texts[0])


def test_predict_proba_is_shaped_like_a_scikit_learn_estimators():
    clf = classify.default_classifier()
    texts = ["追回违规发放的补贴资金12.6万元,已全部缴入国库。", "修订采购内部控制办法,明确审批权限。", ""]
    probs = clf.predict_proba(texts)
    assert probs.shape == (len(texts), len(clf.classes_)) and list(clf.classes_) == clf.labels
    assert ((probs >= 0) & (probs <= 1)).all()
    for row, labels in zip(probs, clf.predict(texts)):
        for lab in labels:  # the emitted scores are these probabilities, rounded
            assert lab.score == round(float(row[list(clf.classes_).index(lab.label)]), 4)
    assert clf.classes_[probs[0].argmax()] == "fund_recovery"
    assert clf.predict_proba([]).shape == (0, len(clf.classes_))
