#!/usr/bin/env python3
"""Prints the failed tests of the .trx files in a directory, with the start of each error message.

The console log of a full test run is long and CI shows only its end; this puts the names of what
failed (and why) last. Exit code 0 always: it reports, the test run decides.
Usage: tools/failed-tests.py artifacts/test-results
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MESSAGE_LINES = 12


def failures(trx: pathlib.Path):
    try:
        root = ET.parse(trx).getroot()
    except ET.ParseError as e:
        yield f"{trx.name}: unreadable ({e})", ""
        return
    classes = {test.get("id"): test.find("t:TestMethod", NS).get("className", "")
               for test in root.iterfind(".//t:UnitTest", NS) if test.find("t:TestMethod", NS) is not None}
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") != "Failed":
            continue
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS)
        owner = classes.get(result.get("testId"), "")
        yield (f"{owner}." if owner else "") + result.get("testName", "?"), message


def main(directory: str) -> None:
    found = 0
    for trx in sorted(pathlib.Path(directory).glob("*.trx")):
        for name, message in failures(trx):
            found += 1
            print(f"[failed] {name}  ({trx.name})")
            for line in message.strip().splitlines()[:MESSAGE_LINES]:
                print(f"    {line}")
    print(f"[failed-tests] {found} failed test(s) in {directory}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "artifacts/test-results")
