#!/usr/bin/env python3
# Fails when a function, initializer or subscript in Sources/ is longer than the limit (default 80
# lines, from its declaration to its closing brace): long functions hide what they do; split them
# into named steps. Prints one line per offender, longest first.
# Usage: scripts/check-function-length.py [LIMIT]
import os
import re
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 80
DECLARATION = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*"
    r"(?:(?:public|package|internal|private|fileprivate|static|class|final|override|mutating|nonisolated|convenience|required)\s+)*"
    r"(func\s+[\w`]+|init[?!]?|deinit|subscript)\b"
)


def length(lines, start):
    """Lines from `start` to the brace that closes the body; None for a declaration without one."""
    depth, opened = 0, False
    for index in range(start, len(lines)):
        code = re.sub(r'"(?:\\.|[^"\\])*"', '""', lines[index]).split("//")[0]
        for character in code:
            if character == "{":
                depth, opened = depth + 1, True
            elif character == "}":
                depth -= 1
        if opened and depth <= 0:
            return index - start + 1
        if not opened and index > start + 15:
            return None
    return None


offenders = []
for directory, _, names in os.walk("Sources"):
    for name in names:
        if not name.endswith(".swift"):
            continue
        path = os.path.join(directory, name)
        with open(path, encoding="utf-8") as file:
            lines = file.read().split("\n")
        for number, line in enumerate(lines):
            match = DECLARATION.match(line)
            if match:
                count = length(lines, number)
                if count and count > LIMIT:
                    offenders.append((count, f"{path}:{number + 1}", match.group(1)))
for count, place, what in sorted(offenders, reverse=True):
    print(f"check-function-length: {place}: {what} is {count} lines (limit {LIMIT}); split it into named steps")
if offenders:
    sys.exit(1)
print(f"check-function-length: no function in Sources is longer than {LIMIT} lines")
