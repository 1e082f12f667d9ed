"""The bank's organisation: head office, branches and their departments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from .bank_vocabulary import JOB_FAMILIES

CITIES: tuple[tuple[str, str], ...] = (
    ("北京", "Beijing"),
    ("上海", "Shanghai"),
    ("广州", "Guangzhou"),
    ("深圳", "Shenzhen"),
    ("天津", "Tianjin"),
    ("重庆", "Chongqing"),
    ("杭州", "Hangzhou"),
    ("南京", "Nanjing"),
    ("成都", "Chengdu"),
    ("武汉", "Wuhan"),
    ("西安", "Xi'an"),
    ("苏州", "Suzhou"),
    ("郑州", "Zhengzhou"),
    ("长沙", "Changsha"),
    ("青岛", "Qingdao"),
    ("沈阳", "Shenyang"),
    ("大连", "Dalian"),
    ("宁波", "Ningbo"),
    ("厦门", "Xiamen"),
    ("福州", "Fuzhou"),
    ("济南", "Jinan"),
    ("合肥", "Hefei"),
    ("昆明", "Kunming"),
    ("哈尔滨", "Harbin"),
    ("长春", "Changchun"),
    ("石家庄", "Shijiazhuang"),
    ("太原", "Taiyuan"),
    ("南昌", "Nanchang"),
    ("南宁", "Nanning"),
    ("贵阳", "Guiyang"),
    ("兰州", "Lanzhou"),
    ("乌鲁木齐", "Urumqi"),
    ("呼和浩特", "Hohhot"),
    ("海口", "Haikou"),
    ("银川", "Yinchuan"),
    ("西宁", "Xining"),
    ("拉萨", "Lhasa"),
    ("无锡", "Wuxi"),
    ("佛山", "Foshan"),
    ("东莞", "Dongguan"),
    ("温州", "Wenzhou"),
)

# Departments per job family: (zh, en). Big branches get the extra customer-manager departments.
FAMILY_DEPARTMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "customer_manager": (
        ("零售金融部", "Retail Banking"),
        ("公司金融部", "Corporate Banking"),
        ("普惠金融部", "Inclusive Finance"),
        ("财富管理部", "Wealth Management"),
    ),
    "teller": (("营业部", "Branch Counter Services"),),
    "risk_analyst": (("风险管理部", "Risk Management"),),
    "it_developer": (("信息科技部", "Information Technology"),),
    "operations": (("运营管理部", "Operations"),),
    "back_office": (("综合管理部", "General Administration"),),
}
HEAD_OFFICE_FAMILIES: dict[str, float] = {
    # Head office staff by family (no tellers at head office).
    "customer_manager": 0.15,
    "risk_analyst": 0.25,
    "it_developer": 0.35,
    "operations": 0.10,
    "back_office": 0.15,
}


@dataclass
class Org:
    """The org tree plus lookup arrays the simulation samples from."""

    units: list[dict]  # rows of org_units (contract fields)
    branch_codes: list[str]  # index 0 = head office "HO"
    branch_weights: np.ndarray  # share of staff per branch (index 0 = HO)
    # departments[b][family] -> list of department codes
    departments: list[dict[str, list[str]]]
    dept_family: dict[str, str]
    dept_branch: dict[str, int]


def branch_count(employees: int, override: int | None) -> int:
    if override is not None:
        return override
    return int(min(40, max(20, 20 + employees // 50_000)))


def build_org(rng: np.random.Generator, employees: int, n_branches: int, start: date) -> Org:
    units: list[dict] = [
        {
            "org_unit_code": "HO",
            "parent_code": None,
            "name_zh": "总行",
            "name_en": "Head Office",
            "level": "head_office",
            "city": "北京",
            "opened_date": date(1987, 4, 1),
        }
    ]
    branch_codes = ["HO"]
    departments: list[dict[str, list[str]]] = []
    dept_family: dict[str, str] = {}
    dept_branch: dict[str, int] = {}
    # Head-office departments
    ho_depts: dict[str, list[str]] = {}
    for k, fam in enumerate(HEAD_OFFICE_FAMILIES, start=1):
        zh, en = FAMILY_DEPARTMENTS[fam][0]
        code = f"HO-D{k:02d}"
        units.append(
            {
                "org_unit_code": code,
                "parent_code": "HO",
                "name_zh": f"总行{zh}",
                "name_en": f"Head Office {en}",
                "level": "department",
                "city": "北京",
                "opened_date": date(1987, 4, 1),
            }
        )
        ho_depts[fam] = [code]
        dept_family[code] = fam
        dept_branch[code] = 0
    departments.append(ho_depts)
    # Branch sizes follow a Zipf-like law: a few big city branches, a long tail.
    sizes = 1.0 / np.arange(1, n_branches + 1) ** 0.7
    sizes = sizes / sizes.sum()
    for b in range(1, n_branches + 1):
        zh_city, en_city = CITIES[(b - 1) % len(CITIES)]
        code = f"BR{b:03d}"
        opened = date(1988 + int(rng.integers(0, 25)), int(rng.integers(1, 13)), 1)
        opened = min(opened, start)
        units.append(
            {
                "org_unit_code": code,
                "parent_code": "HO",
                "name_zh": f"{zh_city}分行",
                "name_en": f"{en_city} Branch",
                "level": "branch",
                "city": zh_city,
                "opened_date": opened,
            }
        )
        branch_codes.append(code)
        big = sizes[b - 1] >= np.quantile(sizes, 0.6)
        depts: dict[str, list[str]] = {}
        k = 0
        for fam in JOB_FAMILIES:
            choices = FAMILY_DEPARTMENTS[fam]
            n_dept = (
                (4 if sizes[b - 1] >= np.quantile(sizes, 0.85) else 2)
                if (fam == "customer_manager" and big)
                else 1
            )
            depts[fam] = []
            for zh, en in choices[:n_dept]:
                k += 1
                dcode = f"{code}-D{k:02d}"
                units.append(
                    {
                        "org_unit_code": dcode,
                        "parent_code": code,
                        "name_zh": f"{zh_city}分行{zh}",
                        "name_en": f"{en_city} Branch {en}",
                        "level": "department",
                        "city": zh_city,
                        "opened_date": opened,
                    }
                )
                depts[fam].append(dcode)
                dept_family[dcode] = fam
                dept_branch[dcode] = b
        departments.append(depts)
    weights = np.concatenate([[0.0], sizes])
    return Org(
        units=units,
        branch_codes=branch_codes,
        branch_weights=weights,
        departments=departments,
        dept_family=dept_family,
        dept_branch=dept_branch,
    )
