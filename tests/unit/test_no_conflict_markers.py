"""No tracked text file holds a merge's conflict markers.

Several people land on main through rebases; markers once reached main in a browser module (a
syntax error for every page loading Day 2). Python files would fail to import, but catalogues,
styles, pages and docs would not fail anywhere else.
"""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)
TEXT = {".py", ".js", ".css", ".html", ".md", ".po", ".pot", ".json", ".toml", ".ini", ".yaml",
        ".yml", ".conf", ".txt", ".csv", ".sh", ".cfg", ".mako"}


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    return [ROOT / n for n in names if n and Path(n).suffix in TEXT and (ROOT / n).is_file()]


def test_the_check_sees_the_project():
    assert len(tracked_text_files()) > 100


def test_no_tracked_file_holds_conflict_markers():
    marked = [str(p.relative_to(ROOT)) for p in tracked_text_files()
              if MARKER.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert marked == []


def test_the_pattern_finds_real_markers():
    sample = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> 536ad67 (tie)\n"
    assert len(MARKER.findall(sample)) == 3
    assert not MARKER.search("a line ======= inside\n# ====================\n")
