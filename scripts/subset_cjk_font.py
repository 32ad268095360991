"""Rebuild static/fonts/wqy-microhei-gb2312.ttf, the CJK font the PDF reports embed.

The source is WenQuanYi Micro Hei 0.2.0 (文泉驿微米黑; Apache-2.0), face 0 of the TrueType
collection that Debian ships as ``fonts-wqy-microhei``. reportlab embeds TrueType outlines
(``glyf``), which this font has; CFF-based CJK fonts such as Noto Sans CJK would not load.

The subset keeps what committee documents print: all of GB2312 (symbols, level 1 and 2 hanzi),
printable ASCII, CJK punctuation (U+3000-303F), full-width forms (U+FF00-FFEF) and the
characters listed with ``--extra`` (e.g. a rare character in a member's name).

Usage (on a machine with the font package; fontTools is a dev dependency):

    apt-get install fonts-wqy-microhei
    python scripts/subset_cjk_font.py [--source PATH] [--extra 堃喆赟]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
TARGET = Path(__file__).resolve().parent.parent / "static" / "fonts" / "wqy-microhei-gb2312.ttf"


def gb2312_characters() -> set[str]:
    """Every character GB2312 encodes: rows 0xA1-0xA9 are symbols, 0xB0-0xF7 the hanzi."""
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_codepoints(extra: str = "") -> set[int]:
    points = {ord(c) for c in gb2312_characters() | set(extra)}
    points |= set(range(0x20, 0x7F))  # printable ASCII
    points |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    points |= set(range(0xFF00, 0xFFF0))  # half-width and full-width forms
    points |= {0xA0, 0xB7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026}
    return points


def build(source: str, target: Path, extra: str = "") -> None:
    font = TTFont(source, fontNumber=0)
    available = set(font.getBestCmap())
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # hints matter on screens at small sizes, not in PDFs
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(wanted_codepoints(extra) & available))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    missing = sorted(wanted_codepoints(extra) - available)
    print(f"{target}: {target.stat().st_size} bytes, {len(font.getBestCmap())} characters")
    if missing:
        print("not in the source font:", "".join(chr(c) for c in missing if c > 0x7F)[:200])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    parser.add_argument("--extra", default="", help="further characters to keep")
    args = parser.parse_args()
    build(args.source, args.target, args.extra)


if __name__ == "__main__":
    main()
