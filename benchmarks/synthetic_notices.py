"""Synthetic per-notice JSON (output contract) for the compare benchmarks: measures composed from
phrase fragments of the genre, so unrelated measures share stock wording, plus planted copies with
light edits across agencies. Deterministic for a given seed."""
from __future__ import annotations

import json
import random
from pathlib import Path

LEADS = ["针对反馈指出的问题,", "聚焦巡察反馈意见,", "对照问题清单,", "围绕主责主业,", "坚持举一反三,", "", ""]
ACTIONS = [
    ("{who}制定《{doc}管理办法》,明确{scope}{obj}的审批流程和责任分工", "institution"),
    ("{who}修订《{doc}实施细则》,细化{scope}{obj}的操作规程", "institution"),
    ("{who}在{scope}开展{obj}专项检查,抽查{n}个项目,发现问题{m}个并督促整改", "supervision"),
    ("{who}组织对{scope}{obj}进行全面排查,建立动态监控台账", "supervision"),
    ("{who}追缴{scope}违规发放的{obj}资金{amt}万元,已全部退回财政", "fund_recovery"),
    ("{who}清退{scope}多发放的{obj}补贴{amt}万元,收回违规支出", "fund_recovery"),
    ("{who}对{scope}{n}名相关责任人进行诫勉谈话,给予{m}人党纪处分", "accountability"),
    ("{who}将{scope}{obj}问题线索{n}件移交纪检监察机关处理", "accountability"),
    ("{who}组织{scope}干部开展{obj}警示教育,观看警示教育片{n}场", "education"),
    ("{who}举办{obj}专题培训班{n}期,培训{scope}干部{m}人次", "education"),
    ("{who}严格落实三会一课制度,在{scope}开展{obj}主题党日活动{n}次", "party_building"),
    ("{who}完善三重一大决策程序,将{scope}{obj}事项纳入党组会集体决策", "decision_making"),
    ("{who}规范{scope}{obj}政府采购和合同管理,对{n}份合同进行审核", "procurement"),
    ("{who}全面清查{scope}{obj}国有资产,更新资产台账{n}项", "assets_finance"),
    ("{who}委托第三方对{scope}{obj}开展经济责任审计,整改审计发现问题{n}个", "audit"),
    ("{who}上线{obj}信息化管理平台,覆盖{scope},实现数据共享和全程留痕", "digitalization"),
    ("{who}出台支持{obj}发展的政策措施{n}条,服务{scope}企业{m}家", "core_business"),
    ("{who}选拔任用{scope}{obj}岗位干部{n}名,完成轮岗交流{m}人", "personnel"),
    ("{who}成立{obj}整改工作领导小组,建立{scope}问题清单、任务清单和责任清单", "responsibility"),
]
WHO = ["", "", "党组书记牵头,", "分管领导负责,", "会同市财政局,", "联合审计部门,", "由办公室统筹,",
       "委托会计师事务所,", "邀请纪检监察组指导,", "依托数据中心,", "抽调业务骨干,", "按照市委要求,"]
SCOPES = ["", "全市", "全系统", "下属单位", "机关各处室", "直属企业", "各区县", "基层站所", "二级单位",
          "重点领域", "各街道", "窗口单位", "所属学校", "定点医院"]
OBJECTS = ["科研经费", "专项资金", "医疗保障", "农村产业", "住房公积金", "公务用车", "食堂管理", "工程建设",
           "招商引资", "人才引进", "安全生产", "生态环境", "养老服务", "教育收费", "文化旅游", "交通运输",
           "水利工程", "城市更新", "劳务派遣", "档案管理", "种业振兴", "数据要素", "知识产权", "外贸出口",
           "乡村振兴", "基层医疗", "校外培训", "粮食储备", "河湖长制", "森林防火", "燃气安全", "老旧小区",
           "就业补贴", "社保基金", "退役军人", "残疾人服务", "殡葬改革", "物业管理", "公共资源交易", "数字政务",
           "职称评审", "预算绩效", "债务化解", "港口航运", "市场监管", "消费维权", "网络安全", "应急物资"]
DOCS = ["专项资金", "公务接待", "差旅费", "政府采购", "合同", "固定资产", "内部控制", "科研项目", "财务报销", "工程项目"]
TAILS = ["", "", "确保整改取得实效。", "推动问题真正解决。", "形成长效机制。", "切实堵塞管理漏洞。", "并于{month}月底前完成销号。"]
LEVELS = ["province", "city", "county", "township", "unit"]
BODY_TYPES = ["bureau", "court", "hospital", "university", "SOE", "township"]
KINDS = ["常规巡察", "专项巡察", "机动巡察", "巡察“回头看”"]


def measure(rng: random.Random, obj: str | None = None) -> tuple[str, str]:
    """One measure text and its category."""
    template, category = rng.choice(ACTIONS)
    body = _fill(rng, template, obj)
    second = _fill(rng, rng.choice(ACTIONS)[0], None)
    tail = rng.choice(TAILS).format(month=rng.randint(1, 12))
    return f"{rng.choice(LEADS)}{body};同时{second}。{tail}", category


def _fill(rng: random.Random, template: str, obj: str | None) -> str:
    return template.format(doc=rng.choice(DOCS), obj=obj or rng.choice(OBJECTS), n=rng.randint(2, 60),
                           m=rng.randint(1, 30), amt=round(rng.uniform(0.5, 300), 2),
                           who=rng.choice(WHO), scope=rng.choice(SCOPES))


def light_edit(rng: random.Random, text: str) -> str:
    """A copy as an agency would adapt it: a number or two changed, a few characters swapped,
    sometimes a clause dropped or added."""
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        digits = [i for i, c in enumerate(chars) if c.isdigit()]
        if digits:
            chars[rng.choice(digits)] = str(rng.randint(0, 9))
    for _ in range(rng.randint(0, 2)):
        at = rng.randrange(len(chars))
        if "\u4e00" <= chars[at] <= "\u9fff":
            chars[at] = rng.choice("各有关单位部门全面严格认真")
    text = "".join(chars)
    roll = rng.random()
    if roll < 0.3:
        text = rng.choice(["坚持问题导向,", "结合本单位实际,", "按照上级部署,"]) + text
    elif roll < 0.5 and "同时" in text:
        text = text[:text.index("同时")] + text[text.index("同时") + 2:]
    return text


def build_corpus(out_dir: Path, n_notices: int, *, items_per_notice: int = 30, copy_groups: int = 0,
                 seed: int = 7) -> list[list[tuple[str, str]]]:
    """Write N notice JSONs under out_dir/notices/; returns the planted copy groups as
    [(notice_id, item_id), …] per group, members all from different agencies."""
    rng = random.Random(seed)
    out = Path(out_dir) / "notices"
    out.mkdir(parents=True, exist_ok=True)
    agencies = [f"{rng.choice(['广州市', '深圳市', '佛山市', '珠海市', '韶关市'])}{o}{rng.choice(['局', '中心', '办公室'])}{k}"
                for k, o in enumerate(rng.choices(OBJECTS, k=max(2, n_notices // 3)))]
    notices = []
    for n in range(n_notices):
        items = [measure(rng) for _ in range(rng.randint(items_per_notice // 2, items_per_notice * 3 // 2))]
        notices.append({"id": f"n{n:05d}", "agency": agencies[n % len(agencies)], "items": items})
    groups = []
    for _ in range(copy_groups):
        original, category = measure(rng)
        size = rng.choice([2, 2, 2, 3, 4])
        hosts = rng.sample(range(n_notices), size * 2)
        chosen, seen = [], set()
        for host in hosts:
            if notices[host]["agency"] not in seen and len(chosen) < size:
                chosen.append(host)
                seen.add(notices[host]["agency"])
        members = []
        for k, host in enumerate(chosen):
            text = original if k == 0 else light_edit(rng, original)
            notices[host]["items"].append((text, category))
            members.append((notices[host]["id"], f"i{len(notices[host]['items'])}"))
        groups.append(members)
    for notice in notices:
        (out / f"{notice['id']}.json").write_text(json.dumps(_notice_json(rng, notice), ensure_ascii=False),
                                                  encoding="utf-8")
    return groups


def _notice_json(rng: random.Random, notice: dict) -> dict:
    year = rng.choice([2022, 2023, 2024])
    items, text = [], ""
    for k, (measure_text, category) in enumerate(notice["items"], start=1):
        start = len(text)
        text += measure_text + "\n"
        concreteness = round(min(1.0, sum(c.isdigit() for c in measure_text) / 8 + rng.uniform(0, 0.3)), 2)
        items.append({"id": f"i{k}", "path": ["二", f"({k})"], "marker": f"({k})", "text": measure_text,
                      "span": [start, start + len(measure_text)], "status": "done",
                      "labels": [{"label": category, "score": 0.8}],
                      "signals": {"documents": [], "names": [], "amounts_yuan": [], "dates": [],
                                  "specificity": concreteness}})
    stats = {"problems_total": rng.randint(10, 40)}
    stats["completion_rate"] = round(rng.uniform(0.6, 1.0), 2)
    if rng.random() < 0.5:
        stats["funds_recovered_yuan"] = round(rng.uniform(1e3, 5e6))
    return {
        "schema_version": "1.0",
        "tool": {"name": "notice-miner", "version": "0.1.0", "model": "synthetic"},
        "source": {"path": f"in/{notice['id']}.html", "name": f"{notice['id']}.html", "sha256": "0" * 64,
                   "format": "html", "bytes": len(text.encode())},
        "title": f"中共{notice['agency']}党组关于巡察整改进展情况的通报",
        "metadata": {"agency": f"中共{notice['agency']}党组", "agency_canonical": notice["agency"],
                     "level": rng.choice(LEVELS), "body_type": rng.choice(BODY_TYPES),
                     "inspection_kind": rng.choice(KINDS), "inspector": "市委第一巡察组",
                     "inspection_end": f"{year}-0{rng.randint(3, 6)}-1{rng.randint(0, 9)}",
                     "feedback_date": f"{year}-0{rng.randint(7, 9)}-2{rng.randint(0, 8)}",
                     "published": f"{year + 1}-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}"},
        "stats": stats, "sections": [], "items": items, "text": text, "warnings": [],
    }
