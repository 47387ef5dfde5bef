"""The national annual-report template: every section, row and column with its key and printed label.

Keys are stable English identifiers (the public data format uses them); labels are the Chinese text of
国办公开办函〔2019〕60号 and 国办公开办函〔2021〕30号. `keywords` are the normalised fragments that identify a
row or column in real reports, whose wording, spacing and numbering vary.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    label: str
    keywords: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", ("总体情况",)),
    Section("active_disclosure", "二", "主动公开政府信息情况", ("主动公开政府信息情况", "主动公开政府信息")),
    Section(
        "applications",
        "三",
        "收到和处理政府信息公开申请情况",
        ("收到和处理政府信息公开申请", "收到和处理政府信息公开申请情况"),
    ),
    Section(
        "review_litigation",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        ("行政复议", "行政诉讼"),
    ),
    Section("problems", "五", "存在的主要问题及改进情况", ("存在的主要问题", "主要问题及改进")),
    Section("other_matters", "六", "其他需要报告的事项", ("其他需要报告的事项", "其他需要报告")),
)



@dataclass(frozen=True)
class Column:
    key: str
    label: str
    keywords: tuple[str, ...]
    kind: str = "count"  # count | signed | money


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    keywords: tuple[str, ...]
    columns: tuple[str, ...] = ()
    group: str = ""


# Table 2 (主动公开政府信息情况). Columns depend on the format version.

T2_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("issued", "本年制发件数", ("本年制发件数", "制发件数")),
        Column("repealed", "本年废止件数", ("本年废止件数", "废止件数")),
        Column("in_force", "现行有效件数", ("现行有效件数", "现行有效")),
        Column("decisions", "本年处理决定数量", ("处理决定数量", "处理决定")),
        Column("amount_10k_yuan", "本年收费金额（单位：万元）", ("本年收费金额", "收费金额"), "money"),
        Column("new_made", "本年新制作数量", ("本年新制作数量", "新制作数量")),
        Column("new_published", "本年新公开数量", ("本年新公开数量", "新公开数量")),
        Column("total_published", "对外公开总数量", ("对外公开总数量", "公开总数量")),
        Column("prev_items", "上一年项目数量", ("上一年项目数量", "上一年项目")),
        Column("change", "本年增/减", ("本年增/减", "本年增减", "增/减", "增减"), "signed"),
        Column("items", "采购项目数量", ("采购项目数量",)),
        Column("amount", "采购总金额", ("采购总金额",), "money"),
    )
}

T2_ROWS: dict[str, tuple[Row, ...]] = {
    "2021": (
        Row("regulations", "规章", ("规章",), ("issued", "repealed", "in_force"), "第二十条第（一）项"),
        Row(
            "normative_documents",
            "行政规范性文件",
            ("行政规范性文件", "规范性文件"),
            ("issued", "repealed", "in_force"),
            "第二十条第（一）项",
        ),
        Row("licensing", "行政许可", ("行政许可",), ("decisions",), "第二十条第（五）项"),
        Row("punishment", "行政处罚", ("行政处罚",), ("decisions",), "第二十条第（六）项"),
        Row("coercion", "行政强制", ("行政强制",), ("decisions",), "第二十条第（六）项"),
        Row("fees", "行政事业性收费", ("行政事业性收费", "事业性收费"), ("amount_10k_yuan",), "第二十条第（八）项"),
    ),
    "2019": (
        Row(
            "regulations", "规章", ("规章",), ("new_made", "new_published", "total_published"), "第二十条第（一）项"
        ),
        Row(
            "normative_documents",
            "规范性文件",
            ("行政规范性文件", "规范性文件"),
            ("new_made", "new_published", "total_published"),
            "第二十条第（一）项",
        ),
        Row("licensing", "行政许可", ("行政许可",), ("prev_items", "change", "decisions"), "第二十条第（五）项"),
        Row(
            "other_services",
            "其他对外管理服务事项",
            ("其他对外管理服务事项", "对外管理服务"),
            ("prev_items", "change", "decisions"),
            "第二十条第（五）项",
        ),
        Row("punishment", "行政处罚", ("行政处罚",), ("prev_items", "change", "decisions"), "第二十条第（六）项"),
        Row("coercion", "行政强制", ("行政强制",), ("prev_items", "change", "decisions"), "第二十条第（六）项"),
        Row("fees", "行政事业性收费", ("行政事业性收费", "事业性收费"), ("prev_items", "change"), "第二十条第（八）项"),
        Row("procurement", "政府集中采购", ("政府集中采购", "集中采购"), ("items", "amount"), "第二十条第（九）项"),
    ),
}

# Header words that reveal the version of table 2.
T2_VERSION_MARKERS: dict[str, tuple[str, ...]] = {
    "2021": ("制发件数", "废止件数", "现行有效"),
    "2019": ("新制作数量", "新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量"),
}

# Table 3 (收到和处理政府信息公开申请情况).

T3_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人", ("自然人",)),
    Column("commercial", "商业企业", ("商业企业",)),
    Column("research", "科研机构", ("科研机构",)),
    Column("social", "社会公益组织", ("社会公益组织", "公益组织", "社会组织")),
    Column("legal_service", "法律服务机构", ("法律服务机构",)),
    Column("other_org", "其他", ("其他",)),
    Column("total", "总计", ("总计",)),
)
T3_COLUMN_KEYS = tuple(c.key for c in T3_COLUMNS)
T3_APPLICANT_KEYS = T3_COLUMN_KEYS[:-1]
T3_ORG_KEYS = T3_COLUMN_KEYS[1:-1]
T3_SUBTOTAL = Column("org_subtotal", "法人或其他组织小计", ("小计",))

_T3 = "三、本年度办理结果"
T3_ROWS: tuple[Row, ...] = (
    Row("new_received", "一、本年新收政府信息公开申请数量", ("本年新收",)),
    Row("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    Row("granted", "（一）予以公开", ("予以公开",), group=_T3),
    Row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开",), group=_T3),
    Row("withheld_state_secret", "1.属于国家秘密", ("国家秘密",), group="（三）不予公开"),
    Row("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", ("禁止公开",), group="（三）不予公开"),
    Row("withheld_three_safeties", "3.危及“三安全一稳定”", ("三安全一稳定", "三安全"), group="（三）不予公开"),
    Row("withheld_third_party", "4.保护第三方合法权益", ("第三方合法权益", "第三方"), group="（三）不予公开"),
    Row("withheld_internal_affairs", "5.属于三类内部事务信息", ("内部事务",), group="（三）不予公开"),
    Row("withheld_process_info", "6.属于四类过程性信息", ("过程性信息", "过程性"), group="（三）不予公开"),
    Row("withheld_enforcement_files", "7.属于行政执法案卷", ("执法案卷",), group="（三）不予公开"),
    Row("withheld_query_matters", "8.属于行政查询事项", ("行政查询事项", "查询事项"), group="（三）不予公开"),
    Row("unavailable_not_held", "1.本机关不掌握相关政府信息", ("不掌握",), group="（四）无法提供"),
    Row("unavailable_needs_creation", "2.没有现成信息需要另行制作", ("另行制作", "没有现成信息"), group="（四）无法提供"),
    Row("unavailable_unclear", "3.补正后申请内容仍不明确", ("仍不明确", "补正后"), group="（四）无法提供"),
    Row("not_processed_petition", "1.信访举报投诉类申请", ("信访举报投诉", "信访"), group="（五）不予处理"),
    Row("not_processed_duplicate", "2.重复申请", ("重复申请",), group="（五）不予处理"),
    Row("not_processed_publication", "3.要求提供公开出版物", ("公开出版物", "出版物"), group="（五）不予处理"),
    Row("not_processed_mass_repeat", "4.无正当理由大量反复申请", ("大量反复", "反复申请"), group="（五）不予处理"),
    Row(
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        ("确认或重新出具", "重新出具"),
        group="（五）不予处理",
    ),
    Row(
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正",),
        group="（六）其他处理",
    ),
    Row(
        "other_overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用", "收费通知"),
        group="（六）其他处理",
    ),
    Row("other_other", "3.其他", ("其他",), group="（六）其他处理"),
    Row("other_handling", "（六）其他处理", ("其他处理",), group=_T3),
    Row("total_processed", "（七）总计", ("总计",), group=_T3),
    Row("carried_forward", "四、结转下年度继续办理", ("结转下年度", "结转下年"),),
)
T3_ROW_BY_KEY = {r.key: r for r in T3_ROWS}

# The result rows （一）…（六） whose sum is （七）总计 (F-02); other_handling is the 2019 undivided （六）.
T3_RESULT_ROWS: tuple[str, ...] = tuple(
    r.key for r in T3_ROWS if r.key not in ("new_received", "carried_over", "total_processed", "carried_forward")
)
T3_OTHER_SUBROWS = ("other_overdue_correction", "other_overdue_fee", "other_other")

T3_HEADER_WORDS = ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "勾稽关系", "法律服务机构")

# Table 4 (行政复议、行政诉讼情况).

T4_GROUPS: tuple[Row, ...] = (
    Row("review", "行政复议", ("行政复议",)),
    Row("litigation_direct", "行政诉讼 / 未经复议直接起诉", ("未经复议直接起诉", "直接起诉")),
    Row("litigation_after_review", "行政诉讼 / 复议后起诉", ("复议后起诉",)),
)
T4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", ("结果维持", "维持")),
    Column("corrected", "结果纠正", ("结果纠正", "纠正")),
    Column("other", "其他结果", ("其他结果",)),
    Column("pending", "尚未审结", ("尚未审结", "未审结")),
    Column("total", "总计", ("总计",)),
)
T4_COLUMN_KEYS = tuple(c.key for c in T4_COLUMNS)
T4_HEADER_WORDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "行政复议", "行政诉讼", "直接起诉", "复议后起诉")

TABLE_NAMES = {"t2": "表二 主动公开政府信息情况", "t3": "表三 收到和处理政府信息公开申请情况", "t4": "表四 行政复议、行政诉讼情况"}
TABLE_SHORT = {"t2": "表二", "t3": "表三", "t4": "表四"}


def t3_rows_for(version: str, undivided_other: bool) -> tuple[Row, ...]:
    """Return table 3's data rows in printed order for a format version."""
    drop = T3_OTHER_SUBROWS if undivided_other else ("other_handling",)
    return tuple(r for r in T3_ROWS if r.key not in drop)


def row_label(table: str, row: str, version: str | None = None) -> str:
    """Return the printed label of a row key in any table (table 2's in the given form's wording)."""
    if table == "t3":
        return T3_ROW_BY_KEY[row].label if row in T3_ROW_BY_KEY else row
    if table == "t4":
        return next((g.label for g in T4_GROUPS if g.key == row), row)
    forms = [T2_ROWS[version]] if version in T2_ROWS else list(T2_ROWS.values())
    for rows in forms:
        for r in rows:
            if r.key == row:
                return r.label
    return row


def column_label(table: str, column: str) -> str:
    """Return the printed label of a column key in any table."""
    if table == "t3":
        if column == T3_SUBTOTAL.key:
            return T3_SUBTOTAL.label
        return next((c.label for c in T3_COLUMNS if c.key == column), column)
    if table == "t4":
        return next((c.label for c in T4_COLUMNS if c.key == column), column)
    return T2_COLUMNS[column].label if column in T2_COLUMNS else column
