"""Every limit navkort puts on what it reads, in one place (docs/beslutninger.md lists them too).
Each is far above what a real catalogue or office workbook needs, and low enough that no file,
however crafted, can make navkort hang or exhaust the machine."""

from __future__ import annotations

# Catalogues and overlays (YAML)
MAX_YAML_BYTES = 1024 * 1024  # a catalogue is a few tens of kilobytes
MAX_YAML_DEPTH = 40  # nesting levels; a catalogue needs five

# Office workbooks (xlsx)
MAX_MEMBER_BYTES = 32 * 1024 * 1024  # one XML part unpacked; our sheets are ~100 KB
MAX_TOTAL_BYTES = 128 * 1024 * 1024  # all parts together
MAX_ROWS = 5000  # no cell or row further down than this
MAX_COL_LETTERS = 2  # no cell further right than column ZZ
MAX_SHEET_TEXT = 16 * 1024 * 1024  # shared-string text one sheet may refer to, counted per cell
