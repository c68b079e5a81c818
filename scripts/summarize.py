"""Add up pytest JUnit reports into the one line CI reads: ``N passed, M failed``.

A missing report, zero tests, or a browser test skipped because Chrome was not
found all count as failures: the suite never skips its way to green.
"""

import sys
import xml.etree.ElementTree as ET

BROWSER_SKIP_MARKERS = ("chrome", "chromium", "browser")


def main(paths):
    passed = failed = skipped = 0
    problems = []
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as exc:
            problems.append(f"no test report {path}: {exc}")
            failed += 1
            continue
        cases = list(root.iter("testcase"))
        if not cases:
            problems.append(f"{path}: zero tests collected")
            failed += 1
        for case in cases:
            name = f"{case.get('classname')}.{case.get('name')}"
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif (skip := case.find("skipped")) is not None:
                reason = f"{skip.get('message', '')} {skip.text or ''}".lower()
                if any(marker in reason for marker in BROWSER_SKIP_MARKERS):
                    problems.append(f"{name}: browser test skipped ({reason.strip()})")
                    failed += 1
                else:
                    skipped += 1
            else:
                passed += 1
        # errors outside test cases (collection errors) are reported on the suite
        for suite in root.iter("testsuite"):
            if int(suite.get("errors", 0)) > sum(
                1 for c in suite.iter("testcase") if c.find("error") is not None
            ):
                problems.append(f"{path}: collection errors in {suite.get('name')}")
                failed += 1
    for problem in problems:
        print(f"[cs] {problem}", file=sys.stderr)
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
