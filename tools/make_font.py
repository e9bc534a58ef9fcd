"""Make the small bundled PDF font from DejaVu Sans Condensed (run once; the result is committed).

    python tools/make_font.py [/usr/share/fonts/truetype/dejavu]

WeasyPrint spends most of a one-page PDF subsetting a large system font; a ~40 KB Latin subset
with the symbols the reports use makes each PDF several times faster. The DejaVu/Bitstream Vera
licence allows modified copies under another name, so the subset is named "Navkort Sans".
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
OUT = Path(__file__).resolve().parent.parent / "templates" / "fonts"
TEXT = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x100)) + \
    "–—−‘’“”«»…•·●▲■○◌◆↑↓→←≥≤±×€✓✔✖✗│─\u202f\u2009\u2010\u2011\u00ad\u200a\u2060"


def make(src: str, style: str) -> None:
    font = TTFont(SRC / src)
    options = subset.Options()
    options.name_IDs = ["*"]
    # No OpenType layout tables: WeasyPrint re-subsets the font for every PDF, and walking GPOS/GSUB
    # was most of that time. Kerning is not worth it in a table of numbers.
    options.layout_features = []
    options.drop_tables += ["GDEF", "GPOS", "GSUB", "MATH", "kern"]
    options.notdef_outline = True
    options.hinting = False
    sub = subset.Subsetter(options)
    sub.populate(text=TEXT)
    sub.subset(font)
    full = f"Navkort Sans {style}".replace(" Regular", "")
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = "Navkort Sans"
        elif rec.nameID in (4,):
            rec.string = full
        elif rec.nameID == 6:
            rec.string = full.replace(" ", "-")
        elif rec.nameID in (2, 17):
            rec.string = style
    font.save(OUT / f"NavkortSans-{style}.ttf")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    make("DejaVuSansCondensed.ttf", "Regular")
    make("DejaVuSansCondensed-Bold.ttf", "Bold")
    print("\n".join(str(p) for p in sorted(OUT.glob("*.ttf"))))
