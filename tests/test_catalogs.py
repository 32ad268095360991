"""The Chinese catalogs are complete and agree with each other.

Django merges every app's catalog; when two apps translate one English string differently, the
app listed first wins everywhere — a proposal's "title" once showed as a commendation's 表彰名称.
"""

import gettext
import re
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted(
    p for p in ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts
) + [ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"]

ENTRY = re.compile(
    r'(?P<flags>(?:#,[^\n]*\n)?)(?:msgctxt (?P<ctx>(?:"(?:[^"\\]|\\.)*"\n)+))?'
    r'msgid (?P<id>(?:"(?:[^"\\]|\\.)*"\n)+)'
    r'(?:msgid_plural (?:"(?:[^"\\]|\\.)*"\n)+)?'
    r'(?P<strs>(?:msgstr(?:\[\d\])? (?:"(?:[^"\\]|\\.)*"\n)+)+)'
)


def joined(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block or ""))


def unescaped(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[0]), text)


def entries(path: Path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^#~.*\n", "", text, flags=re.M)  # obsolete entries do not count
    for match in ENTRY.finditer(text):
        msgid = joined(match["id"])
        if not msgid:
            continue  # the header
        strs = re.findall(r'msgstr(?:\[\d\])? ((?:"(?:[^"\\]|\\.)*"\n)+)', match["strs"])
        yield (joined(match["ctx"]), msgid), [joined(s) for s in strs], "fuzzy" in match["flags"]


def test_every_catalog_exists():
    assert len(CATALOGS) >= 9
    assert all(path.exists() for path in CATALOGS)


def test_every_string_has_a_chinese_translation_and_none_is_fuzzy():
    missing = [
        f"{path.relative_to(ROOT)}: {key[1]!r}"
        for path in CATALOGS
        for key, strs, fuzzy in entries(path)
        if fuzzy or not all(strs)
    ]
    assert missing == []


def test_one_english_string_means_the_same_in_every_app():
    seen = defaultdict(set)
    for path in CATALOGS:
        for key, strs, _fuzzy in entries(path):
            seen[key].add(tuple(strs))
    conflicts = {key[1]: sorted(values) for key, values in seen.items() if len(values) > 1}
    assert conflicts == {}


def library_catalog(app_root: Path) -> dict:
    found = gettext.translation(
        "django", app_root / "locale", [to_locale(settings.LANGUAGE_CODE)], fallback=True
    )
    return getattr(found, "_catalog", {})


def test_no_library_listed_earlier_replaces_our_translation():
    """Of two apps translating one string, Django shows the one listed first in INSTALLED_APPS:
    auth's 有效 for "active", sessions' 会话 for "session", rest_framework's 内容主体 for "content"."""
    ours = {path.parents[3]: path for path in CATALOGS}
    earlier = []  # (label, catalog) of the other apps listed before the one being checked
    shadowed = []
    for app_config in apps.get_app_configs():
        app_root = Path(app_config.path)
        if app_root not in ours:
            earlier.append((app_config.label, library_catalog(app_root)))
            continue
        for (ctx, msgid), strs, _fuzzy in entries(ours[app_root]):
            key = f"{ctx}\x04{unescaped(msgid)}" if ctx else unescaped(msgid)
            keys = [key] if len(strs) == 1 else [(key, n) for n in range(len(strs))]
            for label, catalog in earlier:
                if keys[0] in catalog:
                    shown = [catalog.get(k) for k in keys]
                    if shown != [unescaped(s) for s in strs]:
                        shadowed.append(f"{app_config.label}: {msgid!r} shows {label}'s {shown}")
                    break
    assert shadowed == []
