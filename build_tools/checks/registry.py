"""The catalogue of checks: stable ids, severities and what each one means (the Method page is made from it)."""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.findings import Severity


@dataclass(frozen=True)
class CheckInfo:
    id: str
    severity: Severity
    kind: str
    title: str
    title_en: str
    description: str


CATALOGUE: tuple[CheckInfo, ...] = (
    CheckInfo("F-01", Severity.error, "勾稽关系（官方）", "一 + 二 = 三（七）总计 + 四", "Table 3: new + carried over = processed + carried forward",
              "表三每一列：本年新收 + 上年结转 = 本年度办理结果总计 + 结转下年度继续办理。这是表格自身印出的勾稽关系。"),
    CheckInfo("F-02", Severity.error, "结构", "办理结果合计", "Table 3: result rows add up to （七）总计",
              "表三每一列：（一）至（六）各项办理结果之和应等于（七）总计。"),
    CheckInfo("F-03", Severity.error, "结构", "申请人合计", "Table 3: applicant columns add up to 总计",
              "表三每一行：自然人与五类法人或其他组织之和应等于总计（报告另加“小计”列时，小计应等于五类组织之和）。"),
    CheckInfo("F-04", Severity.error, "结构", "复议诉讼合计", "Table 4: each group adds up to its 总计",
              "表四行政复议、未经复议直接起诉、复议后起诉三组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计。"),
    CheckInfo("F-05", Severity.error, "结构", "数值有效", "Cells hold valid figures",
              "件数应为不小于 0 的整数；表二（八）行政事业性收费以万元为单位，数值过大可能误以元填报。"),
    CheckInfo("F-06", Severity.warning, "结构", "单元格齐全", "Every cell present",
              "每个单元格都应填写。空白不等于 0，“/”“—”表示不适用；本档案原样保留，不作猜测。"),
    CheckInfo("F-07", Severity.info, "提示", "格式版本", "Format version fits the year",
              "2021 年及以后的年度报告应使用国办公开办函〔2021〕30号规定的新格式。"),
    CheckInfo("F-08", Severity.error, "结构", "内容完整", "Six sections and three tables present",
              "报告应包含六个部分和三张统计表。"),
    CheckInfo("P-01", Severity.warning, "合理性", "乡镇无规章", "Townships make no 规章",
              "乡镇人民政府和街道办事处无权制定规章，表二“规章”一栏应为 0。"),
    CheckInfo("T-01", Severity.warning, "文表一致", "正文与表格一致", "Text agrees with the tables",
              "正文中提到的申请数量、行政复议和行政诉讼情况应与表三、表四一致。"),
    CheckInfo("T-02", Severity.warning, "完整性", "信息处理费", "Section 六 states the 信息处理费",
              "第六部分应说明依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况，即使未收取。"
              "这与表二（八）行政事业性收费不是一回事。"),
    CheckInfo("D-01", Severity.warning, "时效", "按期公布", "Published by the deadline",
              "年度报告应按期公布：县级以上人民政府部门在每年 1 月 31 日前（《政府信息公开条例》第四十九条），"
              "多数省份对乡镇、街道同样要求 1 月 31 日前；县级以上地方人民政府本级报告在 3 月 31 日前。"
              "只在报告印出发布日期时检查。"),
    CheckInfo("X-01", Severity.warning, "跨年度", "结转衔接", "Carried over = last year's carried forward",
              "本年表三“上年结转”应等于同一机关上一年度报告的“结转下年度继续办理”。"),
    CheckInfo("X-02", Severity.info, "跨年度", "现行有效件数衔接", "In force = last year's + issued − repealed",
              "本年现行有效件数应等于上年现行有效件数 + 本年制发件数 − 本年废止件数。"),
    CheckInfo("L-01", Severity.warning, "读取", "未能读取的单元格", "Cells left unread",
              "原文某行的数字少于或多于列数，无法确定各数字所在的列。本档案不移位猜测，这些单元格标为“未读取”。"),
    CheckInfo("L-02", Severity.warning, "读取", "按勾稽关系推算", "Cells inferred from the arithmetic",
              "原文某行丢失了数字，但表格自身的勾稽关系只允许一种读法；本档案据此填入并标为“推算”。"),
    CheckInfo("L-03", Severity.info, "读取", "按列位置对齐", "Figures aligned by the table's layout",
              "原文导出时丢失了空白单元格的位置；本档案按同一表格其他行的列分布对齐。行标题与数字错位的文本（如不保留版式"
              "转出的文本）中，表三按印出顺序读取：列举这类文本常见的错位（某行第一个数字印在上一行第一个数字之后、表头下几行的"
              "总计列印在这几行之后）所允许的全部读法，只取本表勾稽关系成立的读法（仅一个印出的合计与其各项不符时，"
              "不计经过它的勾稽关系，该合计照印出的填入）；各读法一致、且有一条完整印出的勾稽关系印证的数字才填入，"
              "其余标为“未读取”并列出各种可能。印有空白单元格或“/”等符号的表不按此读取。表四这样印出时，15 个数字齐全、"
              "各组标题旁的数字正是该组第一个数字、且每组总计等于其各项之和的，按模板顺序读取。"),
    CheckInfo("L-04", Severity.warning, "读取", "重复的行", "A row printed twice",
              "同一行在表中出现两次且数字不同（常见于跨页重复），采用第一次出现的数字。"),
    CheckInfo("L-05", Severity.info, "读取", "拆分连在一起的数字", "Glued figures split into their cells",
              "原文（多见于网页抓取的文本）把一行的数字连在一起印出，如“3000003”。本档案按列数、不以 0 开头的整数和本表"
              "勾稽关系拆分；只有一种拆法时填入并标为“拆分”，有多种拆法时不作选择，这些单元格标为“未读取”并列出各种拆法。"),
    CheckInfo("M-01", Severity.error, "元数据", "报告年度", "Report year found",
              "标题或正文中应写明报告年度。标题中没有年度时，本档案依次取统计期限、发布日期（次年上半年发布的为上一年度报告）"
              "确定年度，并以“提示”说明来源。"),
    CheckInfo("M-02", Severity.warning, "元数据", "发布机关", "Reporting organ found",
              "标题、页面信息表（发布机构）或落款应写明发布机关。标题中没有时，本档案依次取信息表、落款，并以“提示”说明来源；"
              "面包屑导航、来函的收文单位和句子不作机关名称。"),
    CheckInfo("G-01", Severity.warning, "元数据", "所属地区", "Region determined",
              "按机关名称和正文中的地名确定报告所属的统计用区划代码；同名乡镇（如 88 个“城关镇”）须由正文提到的所属县"
              "（区、市）区分，无法区分时请在数据文件中填写 region.code。"),
)

CHECKS = {c.id: c for c in CATALOGUE}
