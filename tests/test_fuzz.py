"""Fuzzing the reader: random byte flips and XML mutations of a real workbook must each end as a
score or a clear problem for that office, never as a crash, a hang or a bug (issue: hardening).

A seeded generator draws a fixed budget of mutations; they are read together in one guarded run,
so a mutation that aborted the reader or hung would show up as `worker-crashed` or
`office-timeout` instead of taking the test run down."""

from __future__ import annotations

import io
import random
import sys
import zipfile

import pytest
from conftest import FIXTURES

from navkort.app import Job, run_batch
from navkort.io.catalogue import load_catalogue

sys.path.insert(0, str(FIXTURES))
from make_fixtures import DATA_SHEET, base_workbook

PARTS = [DATA_SHEET, "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"]
SNIPPETS = [b"<c r=\"ZZ99999\"><v>1</v></c>", b"<row>", b"</row>", b"<c>", b"<v>1e309</v>", b"<!DOCTYPE x>",
            b"<x:c>", b"&amp;", b"\x00", b"\xff\xfe", b" r=\"A0\"", b" t=\"s\"", b"<v>99999999</v>", b"<f>1/0</f>",
            b"<dimension ref=\"A1:ZZZ9\"/>", b"]]>", b"<![CDATA[", b"<si><t>x</t></si>"]

def draw(rng: random.Random) -> tuple:
    """One random mutation: a byte flip anywhere, or a cut, an insertion or a repetition in an XML part."""
    kind = rng.choice(["flip", "cut", "insert", "dup"])
    if kind == "flip":
        return ("flip", rng.randrange(10**6), rng.randrange(1, 256))
    part, at = rng.choice(PARTS), rng.randrange(10**6)
    if kind == "cut":
        return ("cut", part, at, rng.randrange(1, 400))
    if kind == "insert":
        return ("insert", part, at, rng.choice(SNIPPETS))
    return ("dup", part, at, rng.randrange(1, 2000))


def mutate(data: bytes, m: tuple) -> bytes:
    if m[0] == "flip":
        buf = bytearray(data)
        buf[m[1] % len(buf)] ^= m[2]
        return bytes(buf)
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        if src.testzip() is not None:
            return data
    except Exception:  # zipfile raises several kinds for a broken archive
        return data  # an earlier byte flip broke the zip: nothing more to mutate inside it
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == m[1] and body:
                at = m[2] % len(body)
                if m[0] == "cut":
                    body = body[:at] + body[at + m[3]:]
                elif m[0] == "insert":
                    body = body[:at] + m[3] + body[at:]
                else:
                    body = body[:at] + body[at:at + m[3]] * 50 + body[at:]
            dst.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize("seed", [20261123])
def test_mutated_workbooks_end_as_a_score_or_a_clear_problem(tmp_path_factory, seed):
    rng = random.Random(seed)  # a fixed budget of 240 workbooks with 1-3 mutations each, the same every run
    mutations = [[draw(rng) for _ in range(rng.randint(1, 3))] for _ in range(240)]
    folder = tmp_path_factory.mktemp("fuzz")
    base = base_workbook()
    paths = []
    for i, ms in enumerate(mutations):
        data = base
        for m in ms:
            data = mutate(data, m)
        p = folder / f"nav-fuzz-{i:03d}.xlsx"
        p.write_bytes(data)
        paths.append(p)
    import os

    os.environ["NAVKORT_OFFICE_TIMEOUT"] = "10"
    try:
        outcomes = run_batch(paths, Job(catalogue=load_catalogue(), month=None), jobs=2)
    finally:
        del os.environ["NAVKORT_OFFICE_TIMEOUT"]
    bad = [(o.file, [(p.code, p.message) for p in o.problems]) for o in outcomes
           if o.internal or any(p.code in ("worker-crashed", "office-timeout", "internal-error") for p in o.problems)]
    assert bad == [], '\n'.join(f'{f}: {p}' for f, p in bad)
    assert all(o.ok or o.problems for o in outcomes)
    # Every file is «NAV Test», so the ones that read fine are refused as the same office twice.
    read_fine = [o for o in outcomes if o.ok or {p.code for p in o.problems} == {"duplicate-office"}]
    assert len(read_fine) > 10 and len(outcomes) - len(read_fine) > 10
