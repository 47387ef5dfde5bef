"""Usual abbreviations of organ names, expanded only when the report's own text gives the full name.

"市发改委" is written for "市发展和改革委员会", "县人社局" for "县人力资源和社会保障局". The archive names an
organ as the report writes it, so an abbreviation is replaced only when the full form, with the same place
before it, occurs in the text: nothing is invented.
"""

from __future__ import annotations

# Short form → full forms, as written after the place name.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "发改委": ("发展和改革委员会", "发展改革委员会"),
    "发改局": ("发展和改革局", "发展改革局"),
    "卫健委": ("卫生健康委员会", "卫生和健康委员会"),
    "卫健局": ("卫生健康局", "卫生和健康局"),
    "卫计委": ("卫生和计划生育委员会", "卫生计生委员会"),
    "人社局": ("人力资源和社会保障局", "人力资源社会保障局"),
    "住建局": ("住房和城乡建设局", "住房城乡建设局"),
    "住建委": ("住房和城乡建设委员会", "住房城乡建设委员会"),
    "自规局": ("自然资源和规划局",),
    "资规局": ("自然资源和规划局",),
    "市监局": ("市场监督管理局",),
    "市场监管局": ("市场监督管理局",),
    "环保局": ("环境保护局",),
    "生态环境分局": ("生态环境局分局",),
    "交通局": ("交通运输局",),
    "农业局": ("农业农村局",),
    "教体局": ("教育和体育局", "教育体育局"),
    "文旅局": ("文化和旅游局", "文化旅游局"),
    "文广旅局": ("文化广电和旅游局", "文化广电旅游局"),
    "文广新旅局": ("文化广电新闻出版旅游局",),
    "文体旅局": ("文化体育和旅游局", "文化体育旅游局"),
    "应急局": ("应急管理局",),
    "医保局": ("医疗保障局",),
    "退役军人局": ("退役军人事务局",),
    "审批局": ("行政审批服务局", "行政审批局"),
    "行政审批局": ("行政审批服务局",),
    "城管局": ("城市管理局", "城市管理和综合执法局", "城市管理综合行政执法局"),
    "综合执法局": ("综合行政执法局",),
    "民宗局": ("民族宗教事务局",),
    "科技局": ("科学技术局",),
    "工信局": ("工业和信息化局", "工业和信息化委员会"),
    "经信局": ("经济和信息化局",),
    "大数据局": ("大数据发展管理局", "大数据管理局"),
    "数据局": ("数据资源管理局",),
    "政数局": ("政务服务数据管理局",),
    "政务服务局": ("政务服务管理局",),
    "国资委": ("国有资产监督管理委员会",),
    "民委": ("民族事务委员会",),
    "教委": ("教育委员会",),
    "科委": ("科学技术委员会",),
    "编办": ("机构编制委员会办公室",),
    "政府办": ("人民政府办公室",),
    "府办": ("人民政府办公室",),
    "政府办公室": ("人民政府办公室",),
    "政府": ("人民政府",),
    "管委会": ("管理委员会",),
    "街道办": ("街道办事处",),
    "经开区": ("经济技术开发区", "经济开发区"),
    "高新区": ("高新技术产业开发区",),
    "公积金中心": ("住房公积金管理中心",),
    "残联": ("残疾人联合会",),
    "供销社": ("供销合作社",),
}
_BY_LENGTH = sorted(ABBREVIATIONS, key=len, reverse=True)


def expand_abbreviation(organ: str, text: str) -> str | None:
    """Return the organ with its abbreviation written out when `text` has that full name, else None.

    The abbreviation must end the name or stand before 分局/办公室: "市发改委" and "县政府办公室" are
    expanded, "县人民政府" is left alone (人民政府 does not end with the short form "政府" after a place).
    """
    for short in _BY_LENGTH:
        position = organ.rfind(short)
        if position < 0:
            continue
        rest = organ[position + len(short):]
        if rest not in ("", "分局", "办公室"):
            continue
        place = organ[:position]
        if short == "政府" and place.endswith("人民"):
            continue
        for full in ABBREVIATIONS[short]:
            candidate = place + full + rest
            if candidate != organ and candidate in text:
                return candidate
    return None
