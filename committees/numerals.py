"""Chinese numerals for ordinal names such as 第十二届 and 十二届五次会议."""

from django.utils.translation import get_language

DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1..99 as written in committee documents: 5 → 五, 12 → 十二, 20 → 二十, 35 → 三十五."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    text = (DIGITS[tens] if tens > 1 else "") + ("十" if tens else "")
    return text + (DIGITS[units] if units else "")


def ordinal_for_language(number: int) -> str:
    """The Chinese numeral while Chinese is active, else the Arabic number."""
    return chinese_numeral(number) if (get_language() or "").startswith("zh") else str(number)
