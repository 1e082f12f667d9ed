"""Chinese names, titles, majors, certificates and exit-reason texts (all GBK-encodable).

Names are sampled from Faker's zh_CN pools (weighted surnames, given-name characters) with
numpy, because calling Faker once per person is far too slow at a million employees.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from faker.providers.person.zh_CN import Provider as ZhPerson

from .bank_vocabulary import JOB_FAMILIES
from .frames import lookup

SURNAMES = np.array(list(ZhPerson.last_names.keys()))
SURNAME_P = np.array(list(ZhPerson.last_names.values()), dtype=float)
SURNAME_P = SURNAME_P / SURNAME_P.sum()
GIVEN_MALE = np.array(ZhPerson.first_names_male)
GIVEN_FEMALE = np.array(ZhPerson.first_names_female)

# Position title per job family and grade band (grades 1-2, 3-4, 5-6, 7-8, 9-10).
POSITIONS: dict[str, tuple[str, ...]] = {
    "customer_manager": (
        "客户经理助理",
        "客户经理",
        "高级客户经理",
        "资深客户经理",
        "客户经理团队主管",
    ),
    "teller": ("柜员", "综合柜员", "高级柜员", "柜面主管", "营业部经理"),
    "risk_analyst": ("风险专员", "风险分析师", "高级风险分析师", "风险经理", "风险管理部负责人"),
    "it_developer": ("开发工程师", "软件工程师", "高级软件工程师", "技术专家", "科技部负责人"),
    "operations": ("运营专员", "运营主管", "高级运营主管", "运营经理", "运营管理部负责人"),
    "back_office": ("综合专员", "行政主管", "高级行政主管", "综合部经理", "综合管理部负责人"),
}
MAJORS: dict[str, tuple[str, ...]] = {
    "customer_manager": ("金融学", "市场营销", "经济学", "工商管理", "国际贸易"),
    "teller": ("会计学", "金融学", "财务管理", "经济学", "工商管理"),
    "risk_analyst": ("金融工程", "统计学", "经济学", "数学与应用数学", "法学"),
    "it_developer": ("计算机科学与技术", "软件工程", "信息安全", "数据科学", "电子信息工程"),
    "operations": ("会计学", "金融学", "物流管理", "信息管理", "经济学"),
    "back_office": ("人力资源管理", "行政管理", "汉语言文学", "法学", "新闻学"),
}
CERTIFICATES: dict[str, tuple[str, ...]] = {
    "customer_manager": ("银行从业资格", "基金从业资格", "AFP", "证券从业资格"),
    "teller": ("银行从业资格", "会计从业资格", "普通话二级甲等"),
    "risk_analyst": ("FRM", "CFA", "银行从业资格", "CPA"),
    "it_developer": ("软考中级", "PMP", "CISP", "软考高级"),
    "operations": ("银行从业资格", "会计从业资格", "初级会计师"),
    "back_office": ("人力资源管理师", "法律职业资格", "秘书资格"),
}
EXIT_TEXTS: dict[str, tuple[str, ...]] = {
    "R01": ("薪资低于同业水平", "另有单位提供更高薪酬", "对绩效奖金不满意"),
    "R02": ("寻求更好的职业发展机会", "晋升空间有限", "转行至互联网金融"),
    "R03": ("业绩指标压力过大", "长期加班身体吃不消", "工作强度太大"),
    "R04": ("随配偶迁居外地", "需照顾家中老人", "回老家发展"),
    "R05": ("与直属领导沟通不畅", "对团队管理方式有意见"),
    "R06": ("不适应岗位要求", "与个人兴趣不符", "对银行文化不认同"),
    "R07": ("连续两个季度绩效不达标", "试用期考核未通过"),
    "R08": ("违反操作规程", "违反员工行为守则"),
    "R09": ("达到法定退休年龄",),
    "R10": ("劳动合同到期不再续签",),
}


def names(rng: np.random.Generator, female: np.ndarray) -> pl.Series:
    """Chinese full names: a weighted surname plus one or two given-name characters."""
    n = len(female)
    sur = SURNAMES[rng.choice(len(SURNAMES), size=n, p=SURNAME_P)]
    g1m = GIVEN_MALE[rng.integers(0, len(GIVEN_MALE), n)]
    g1f = GIVEN_FEMALE[rng.integers(0, len(GIVEN_FEMALE), n)]
    g2m = GIVEN_MALE[rng.integers(0, len(GIVEN_MALE), n)]
    g2f = GIVEN_FEMALE[rng.integers(0, len(GIVEN_FEMALE), n)]
    two = rng.random(n) < 0.7
    g1 = np.where(female, g1f, g1m)
    # Faker's pools hold one- and two-character given names; never more than two in all.
    g2 = np.where(two & (np.char.str_len(g1) == 1), np.where(female, g2f, g2m), "")
    g2 = np.where(np.char.str_len(g2) == 1, g2, "")
    df = pl.DataFrame({"s": sur, "a": g1, "b": g2})
    return df.select(pl.concat_str("s", "a", "b").alias("name")).to_series()


def position_titles(family: np.ndarray, grade: np.ndarray) -> pl.Series:
    """Position title from job family index and grade (1-10)."""
    table = [t for f in JOB_FAMILIES for t in POSITIONS[f]]
    band = np.clip((np.asarray(grade, dtype=np.int64) - 1) // 2, 0, 4)
    return lookup(table, np.asarray(family, dtype=np.int64) * 5 + band)


def pick_from(
    rng: np.random.Generator, family: np.ndarray, table: dict[str, tuple[str, ...]]
) -> pl.Series:
    """One entry of the family's list per row, uniformly."""
    width = max(len(v) for v in table.values())
    grid = [
        x for f in JOB_FAMILIES for x in list(table[f]) + [table[f][0]] * (width - len(table[f]))
    ]
    sizes = np.array([len(table[f]) for f in JOB_FAMILIES])
    col = np.floor(rng.random(len(family)) * sizes[family]).astype(np.int64)
    return lookup(grid, np.asarray(family, dtype=np.int64) * width + col)
