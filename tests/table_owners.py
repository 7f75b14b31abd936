#!/usr/bin/env python3
"""Every table has one owner (issue 7): fails when a module's SQL names a table another owns.

The owners are read from docs/architecture.md, section "## Table owners": a "### <module>"
heading per module (the folder name under src/), then one "- `table`" line per table it owns.

Every C++ source under src/<module>/ (tests excepted: fixtures may seed rows directly) is scanned
for string literals (adjacent literals joined, raw strings included); a table name following an
upper-case FROM, JOIN, INTO, UPDATE, TABLE or ON that belongs to another module is an offence.
Modules that own no table (http, app, cli, engines) may name none. Known offences being fixed are
listed in tests/table_owners_allow.txt ("<file> <table>" per line), which should shrink to empty.

Usage: table_owners.py [--root DIR]   (exit 0 clean, 1 offences, 2 bad input)
"""

import argparse
import pathlib
import re
import sys

SQL_NAME = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ON)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?"
                      r"([A-Za-z_][A-Za-z0-9_]*)")
OWNER_HEADING = re.compile(r"^###\s+([a-z_][a-z0-9_]*)\s*$")
OWNER_TABLE = re.compile(r"^-\s+`([a-z_][a-z0-9_]*)`")


def read_owners(doc: pathlib.Path) -> dict[str, str]:
    """table -> module, from the "## Table owners" section of architecture.md."""
    owners: dict[str, str] = {}
    in_section = False
    module = None
    for n, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("## "):
            in_section = line.strip() == "## Table owners"
            module = None
            continue
        if not in_section:
            continue
        if m := OWNER_HEADING.match(line):
            module = m.group(1)
        elif m := OWNER_TABLE.match(line):
            if module is None:
                sys.exit(f"{doc}:{n}: table {m.group(1)} listed before any ### <module> heading")
            if m.group(1) in owners:
                sys.exit(f"{doc}:{n}: table {m.group(1)} has two owners "
                         f"({owners[m.group(1)]} and {module})")
            owners[m.group(1)] = module
    if not owners:
        sys.exit(f"{doc}: no '## Table owners' section with '### <module>' and '- `table`' lines")
    return owners


def string_literals(text: str):
    """(line, content) per group of adjacent C++ string literals (comments skipped)."""
    i, line, n = 0, 1, len(text)
    group, group_line, last_end = [], 0, -1
    literals = []

    def flush():
        nonlocal group
        if group:
            literals.append((group_line, "".join(group)))
        group = []

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
            continue
        raw = re.match(r'(?:u8|u|U|L)?R"([^()\\\s]{0,16})\(', text[i:i + 24])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end_mark = ")" + raw.group(1) + '"'
            start = i + raw.end()
            j = text.find(end_mark, start)
            j = n if j < 0 else j
            content = text[start:j]
            between = text[last_end:i] if last_end >= 0 else "x"
            if not group or between.strip():
                flush()
                group_line = line
            group.append(content)
            line += text.count("\n", i, j)
            i = j + len(end_mark)
            last_end = i
            continue
        if c == '"' or (c == "'" and not (i > 0 and text[i - 1].isalnum())):
            quote = c
            j = i + 1
            while j < n and text[j] != quote and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            if quote == '"':
                between = text[last_end:i] if last_end >= 0 else "x"
                if not group or between.strip():
                    flush()
                    group_line = line
                group.append(text[i + 1:j])
                last_end = j + 1
            i = j + 1
            continue
        if c == "\n":
            line += 1
        i += 1
    flush()
    return literals


def module_of(path: pathlib.Path, src: pathlib.Path) -> str:
    return path.relative_to(src).parts[0]


def read_allow(path: pathlib.Path) -> set[tuple[str, str]]:
    allowed = set()
    if not path.exists():
        return allowed
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            sys.exit(f"{path}:{n}: expected '<file> <table>', got: {line}")
        allowed.add((parts[0], parts[1]))
    return allowed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent,
                    type=pathlib.Path)
    args = ap.parse_args()
    root = args.root.resolve()
    src = root / "src"
    owners = read_owners(root / "docs" / "architecture.md")
    allowed = read_allow(root / "tests" / "table_owners_allow.txt")

    offences, used_allow = [], set()
    files = sorted(p for ext in ("*.cpp", "*.h") for p in src.rglob(ext))
    for path in files:
        if path.name.endswith("_test.cpp") or path.name.startswith("testing_"):
            continue
        rel = path.relative_to(root).as_posix()
        module = module_of(path, src)
        text = path.read_text(encoding="utf-8", errors="replace")
        for line, literal in string_literals(text):
            for m in SQL_NAME.finditer(literal):
                table = m.group(1)
                owner = owners.get(table)
                if owner is None or owner == module:
                    continue
                at = line + literal.count("\n", 0, m.start())
                if (rel, table) in allowed:
                    used_allow.add((rel, table))
                    continue
                offences.append((rel, at, f"{rel}:{at}: module {module} names table {table}, "
                                          f"owned by {owner} (use {owner}'s C++ API)"))

    for rel, table in sorted(allowed - used_allow):
        print(f"note: allow-list entry '{rel} {table}' no longer needed; remove it")
    if offences:
        unique = sorted(set(offences))
        print("\n".join(message for _, _, message in unique))
        print(f"{len(unique)} cross-module table use(s); see docs/architecture.md 'Table owners'")
        return 1
    print(f"table owners: {len(files)} files, {len(owners)} tables, "
          f"{len(used_allow)} allow-listed offence(s) left")
    return 0


if __name__ == "__main__":
    sys.exit(main())
