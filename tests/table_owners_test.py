#!/usr/bin/env python3
"""Tests of tests/table_owners.py on small synthetic trees (so the check itself can fail)."""

import pathlib
import subprocess
import sys
import tempfile
import textwrap
import unittest

SCRIPT = pathlib.Path(__file__).resolve().parent / "table_owners.py"

DOC = """\
# Architecture

## Table owners

### alpha
- `thing` — alpha's
- `thing_part`

### beta
- `widget`

## Something else
- `not_a_table`
"""


class TableOwners(unittest.TestCase):
    def run_on(self, files: dict[str, str], allow: str = "") -> subprocess.CompletedProcess:
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            (root / "docs").mkdir()
            (root / "docs" / "architecture.md").write_text(DOC)
            (root / "tests").mkdir()
            (root / "tests" / "table_owners_allow.txt").write_text(allow)
            for rel, text in files.items():
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(textwrap.dedent(text))
            return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root)],
                                  capture_output=True, text=True)

    def test_own_tables_pass(self):
        r = self.run_on({"src/alpha/a.cpp": 'auto s = "SELECT * FROM thing JOIN thing_part";'})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_other_modules_table_fails_with_file_and_line(self):
        r = self.run_on({"src/alpha/a.cpp": '\n\nauto s = db.prepare("UPDATE widget SET x = 1");'})
        self.assertEqual(r.returncode, 1)
        self.assertIn("src/alpha/a.cpp:3: module alpha names table widget, owned by beta",
                      r.stdout)

    def test_split_raw_and_concatenated_literals_are_seen(self):
        r = self.run_on({
            "src/beta/b.cpp": 'auto a = R"sql(\nSELECT 1\nFROM\n  thing\n)sql";\n',
            "src/beta/c.cpp": 'auto a = "SELECT 1 FROM "\n         "thing_part WHERE x";\n',
            "src/http/h.cpp": 'auto a = "INSERT INTO widget (a) VALUES (1)";\n',
        })
        self.assertEqual(r.returncode, 1)
        self.assertIn("src/beta/b.cpp:3: module beta names table thing,", r.stdout)  # FROM's line
        self.assertIn("src/beta/c.cpp:1: module beta names table thing_part", r.stdout)
        self.assertIn("src/http/h.cpp:1: module http names table widget", r.stdout)

    def test_comments_prose_tests_and_unlisted_names_are_ignored(self):
        r = self.run_on({
            "src/alpha/a.cpp": """\
                // SELECT * FROM widget
                /* UPDATE widget */
                auto m = "cannot read from widget";  // lower-case prose, not SQL
                auto q = "SELECT * FROM not_a_table JOIN elsewhere ON CONFLICT";
                char c = '"'; auto s = "FROM thing";
                """,
            "src/alpha/a_test.cpp": 'auto s = "INSERT INTO widget VALUES (1)";',
        })
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_allow_list_tolerates_and_notes_stale_entries(self):
        files = {"src/alpha/a.cpp": 'auto s = "DELETE FROM widget";'}
        r = self.run_on(files, allow="# known\nsrc/alpha/a.cpp widget\nsrc/alpha/z.cpp widget\n")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("'src/alpha/z.cpp widget' no longer needed", r.stdout)
        r = self.run_on(files, allow="src/alpha/a.cpp thing\n")
        self.assertEqual(r.returncode, 1)

    def test_table_with_two_owners_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            (root / "docs").mkdir()
            (root / "docs" / "architecture.md").write_text(DOC + "\n## Table owners\n### beta\n"
                                                           "- `thing`\n")
            r = subprocess.run([sys.executable, str(SCRIPT), "--root", str(root)],
                               capture_output=True, text=True)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("two owners", r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
