"""Rendering check results: readable text, one JSON document, or JUnit XML for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from itertools import groupby

from quizzer.checking.results import CheckStatus, QuestionResult, tally
from quizzer.outcome import Provenance

_LABELS = {
    CheckStatus.FAILED: "FAILED",
    CheckStatus.ERROR: "ERROR",
    CheckStatus.SKIPPED: "SKIPPED",
    CheckStatus.PASSED: "PASSED",
}


def summary_line(results: list[QuestionResult]) -> str:
    """``N passed, N failed, N errors, N skipped``: the last line of the text report."""
    c = tally(results)
    errors = f"{c['error']} error" + ("" if c["error"] == 1 else "s")
    return f"{c['passed']} passed, {c['failed']} failed, {errors}, {c['skipped']} skipped"


def header(info: Provenance, workers: int) -> str:
    """Where the truths come from."""
    return f"quizzer check: torch {info.torch} on {info.device}, Python {info.python}, {workers} worker(s)"


def text_report(results: list[QuestionResult], info: Provenance, workers: int, *, verbose: bool = False) -> str:
    """The human report: failures and errors in deck order with what differs, then the counts."""
    return "\n".join([header(info, workers), *result_lines(results, verbose=verbose), summary_line(results)])


def result_lines(results: list[QuestionResult], *, verbose: bool = False) -> list[str]:
    """The report's body: each failure, error and skip (and pass, when ``verbose``) with what differs."""
    lines = []
    for result in results:
        if result.status is CheckStatus.PASSED and not verbose:
            continue
        if result.status is CheckStatus.SKIPPED:
            lines.append(f"SKIPPED {result.id}: {result.message}")
            continue
        lines.append(f"{_LABELS[result.status]} {result.id} ({result.location})")
        if result.status is CheckStatus.PASSED:
            continue
        if result.expect is not None:
            lines.append(f"    expect: {result.expect}")
        if result.truth is not None and result.truth.ran:
            lines.append(f"    truth:  {result.truth.summary()}")
        lines.append(f"    {result.message}" + ("  [fixed]" if result.fixed else ""))
        lines += [f"    {detail}" for detail in result.details]
    return lines


def json_report(results: list[QuestionResult], info: Provenance, workers: int) -> str:
    """One JSON document: provenance, counts and a result per question."""
    document = {
        "version": 1,
        "torch": info.torch,
        "device": info.device,
        "python": info.python,
        "workers": workers,
        "counts": tally(results),
        "results": [result.to_dict() for result in results],
    }
    return json.dumps(document, indent=2, allow_nan=False)


def junit_report(results: list[QuestionResult], info: Provenance) -> str:
    """JUnit XML: a test suite per deck, a test case per question."""
    root = ET.Element("testsuites", name="quizzer check")
    for deck_id, group in groupby(results, key=lambda r: r.id.split("/", 1)[0]):
        cases = list(group)
        c = tally(cases)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=deck_id,
            tests=str(len(cases)),
            failures=str(c["failed"]),
            errors=str(c["error"]),
            skipped=str(c["skipped"]),
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (("torch", info.torch), ("device", info.device), ("python", info.python)):
            ET.SubElement(properties, "property", name=name, value=value)
        for result in cases:
            deck_note, _, question = result.id.rpartition("/")
            case = ET.SubElement(
                suite,
                "testcase",
                classname=deck_note.replace("/", "."),
                name=question,
                file=str(result.path or ""),
                line=str(result.line),
            )
            if result.status is CheckStatus.FAILED:
                ET.SubElement(case, "failure", message=result.message).text = _body(result)
            elif result.status is CheckStatus.ERROR:
                ET.SubElement(case, "error", message=result.message).text = _body(result)
            elif result.status is CheckStatus.SKIPPED:
                ET.SubElement(case, "skipped", message=result.message)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _body(result: QuestionResult) -> str:
    parts = [f"expect: {result.expect}"] if result.expect is not None else []
    if result.truth is not None:
        parts.append(f"truth: {result.truth.summary()}")
        if result.truth.output:
            parts.append(f"output:\n{result.truth.output}")
    return "\n".join(parts + result.details)
