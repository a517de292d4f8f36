"""Language data for fetch: what a notice link, a list date, a next-page link and a blocked page look like.

Patterns apply to anchor texts and titles as printed on agency list pages (full-width punctuation
not folded) and to the first part of a served page.
"""

from __future__ import annotations

import re

# A rectification notice names the rectification and what it reports on it:
# 关于巡察反馈意见整改情况的通报, 巡视整改进展情况的公示, 整改落实工作的报告, 整改情况公告.
NOTICE_TITLE = re.compile(r"整改[^,，。;；]{0,24}?(?:通报|报告|公示|公告|情况|进展)")
# …but news about the rectification is not the notice: meetings, orders, visits, training.
NOT_A_NOTICE = re.compile(
    r"召开|举行|举办|部署会|推进会|动员会|反馈会|座谈会|汇报会|专题会|工作会|培训|调研|督导|约谈|视察"
    r"|通知$|通知》|的通知|印发|征求|招标|采购|中标|答记者问|解读"
)
# shorter anchor texts are section names in menus (整改公示, 巡察整改), not notices
MIN_TITLE_CHARS = 8
# a list that cuts long titles (关于县委第三轮巡察整改进…): the inspection and its rectification are enough
TRUNCATED = re.compile(r"(?:\.{2,}|…+|⋯+)\s*$")
TRUNCATED_NOTICE = re.compile(r"(?:巡察|巡视)[^,，。;；]{0,30}?整改")

# dates beside a list entry: 2024-05-04, 2024/5/4, 2024.05.04, 2024年5月4日
LIST_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
# dates in CMS article paths: /art/2024/5/4/art_1_2.html, /t20240202_123.html, /202402/…, /2024-02-02/
URL_DATE = re.compile(r"/(20\d\d)/(\d{1,2})/(\d{1,2})/|/t(20\d\d)(\d\d)(\d\d)_|/(20\d\d)-(\d\d)-(\d\d)/")

# the text of a link to the next list page
NEXT_PAGE_TEXT = re.compile(r"^\s*(?:下一页|下页|后页|下一頁|next(?:\s*page)?|[>›»]|>>)\s*$", re.I)
# TRS-style pagination drawn by a script: createPageHTML(total pages, current page, "index", "html")
SCRIPT_PAGER = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']")
# list pages themselves (pagination targets), never taken for a notice
LIST_PATH = re.compile(r"(?:/|/index(?:_\d+)?\.s?html?|/list(?:_\d+)?\.s?html?|[?&]page=\d+)$", re.I)

# attachment links on a notice page
ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".txt", ".xls", ".xlsx", ".ofd")
ATTACHMENT_TEXT = re.compile(r"^\s*附件\s*(?:\d+\s*)?[:：]?")

# Pages that stand between a crawler and the content. The tool never works around them: it reports
# the host as blocked. Markers are looked for in the first 64 KiB of a page.
CHALLENGE_STATUS = {521}  # 加速乐-style JavaScript cookie challenge
LOGIN_STATUS = {401, 407}
CAPTCHA = re.compile(r"captcha|验证码|滑动验证|人机验证|安全验证|geetest|hcaptcha|recaptcha", re.I)
JS_CHALLENGE = re.compile(
    r"cf-chl|challenge-platform|__jsl_clearance|jsl_clearance|_waf_|请(?:开启|启用|打开)\s*javascript"
    r"|enable javascript|javascript is (?:disabled|required)|checking your browser|浏览器安全检查|正在进行安全检测",
    re.I,
)
LOGIN = re.compile(r"<input[^>]+type\s*=\s*[\"']?password|请(?:先)?登录后", re.I)
LOGIN_URL = re.compile(r"login|signin|passport|sso|cas/|auth", re.I)
# a page with this much visible text, or this many links, is content even when it mentions a 验证码 or 登录
BLOCK_PAGE_MAX_TEXT = 400
BLOCK_PAGE_MAX_LINKS = 5
