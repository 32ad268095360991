"""Build member roster files the way a committee office would type them."""

from __future__ import annotations

import datetime

import tablib

HEADERS = [
    "委员编号",
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "界别",
    "党派",
    "工作单位",
    "职务",
    "乡镇（街道）/机关",
    "手机",
    "届次",
    "任职日期",
]
PARTIES = ["中共", "民盟", "九三学社", "无党派", "中国致公党", "农工党"]
SECTORS = ["教育界", "医药卫生界"]


def roster_rows(count: int = 200, *, dates_as_text: bool = True) -> list[list]:
    rows = []
    for i in range(1, count + 1):
        born = datetime.date(1960 + i % 30, 1 + i % 12, 1 + i % 28)
        joined = datetime.date(2022, 1, 10)
        rows.append(
            [
                f"{i:03d}",
                f"委员{i}",
                "男" if i % 2 else "女",
                born.isoformat() if dates_as_text else born,
                "汉族" if i % 5 else "回族",
                SECTORS[i % 2],
                PARTIES[i % len(PARTIES)],
                f"县单位{i}",
                "主任",
                "城关镇" if i % 3 else "县教育局",
                f"1380000{i:04d}",
                "第十二届" if i % 4 == 0 else 12,
                joined.isoformat() if dates_as_text else joined,
            ]
        )
    return rows


def dataset(rows: list[list], headers: list[str] = HEADERS) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=headers)


def as_csv(rows: list[list], *, encoding: str = "utf-8") -> bytes:
    return dataset(rows).export("csv").encode(encoding)


def as_xlsx(rows: list[list]) -> bytes:
    return dataset(rows).export("xlsx")
