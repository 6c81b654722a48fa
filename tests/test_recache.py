"""kg.recache: a large regular expression compiled once per machine matches as re's own."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg.recache import CACHE_ENV, LARGE, cache_dir, compiled_once

ROOT = Path(__file__).resolve().parents[1]

# alternations, classes, named and numbered groups, a look-ahead and back-reference,
# flags inline: more of the engine than spaCy's pattern uses
WORDS = [f"mot{i}-trait[ée]?" for i in range(6_000)]
LARGE_PATTERN = ("(?iu)(?P<head>^(?:" + "|".join(WORDS) + r"))(?=\b)(?:\s(\w+)\s\2)?"
                 r"|(?P<num>[0-9]{2,4})(?:[\u00C0-\u017F]+)")
SAMPLES = ["MOT12-TRAITÉ", "mot5999-trait", "mot6000-trait", "mot7-traite bis bis", "2017éè",
           "x mot3-trait", "", "mot1-traité", "12É", "mot42-traitée"]


def outcomes(pattern: re.Pattern[str]) -> list[object]:
    found: list[object] = []
    for text in SAMPLES:
        m = pattern.search(text)
        found.append(None if m is None else (m.span(), m.groups(), m.groupdict()))
        found.append([m.span() for m in pattern.finditer(text + " " + text)])
    return found


def fresh(folder: Path) -> re.Pattern[str]:
    re.purge()                       # re's own cache would answer without compiling
    with compiled_once(folder):
        return re.compile(LARGE_PATTERN)


def test_a_pattern_read_back_from_its_file_matches_as_the_one_re_makes(tmp_path: Path) -> None:
    assert len(LARGE_PATTERN) >= LARGE
    re.purge()
    plain = re.compile(LARGE_PATTERN)
    written = fresh(tmp_path)
    (stored,) = tmp_path.glob("regex-*.json")
    read = fresh(tmp_path)
    for made in (written, read):
        assert made.pattern == plain.pattern and made.flags == plain.flags
        assert made.groups == plain.groups and made.groupindex == plain.groupindex
        assert outcomes(made) == outcomes(plain)
    assert outcomes(plain)[0] is not None            # the samples do match something
    assert json.loads(stored.read_text(encoding="utf-8"))["code"]


def test_a_stored_pattern_is_not_parsed_again(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    fresh(tmp_path)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pattern was parsed again")
    monkeypatch.setattr("re._parser.parse", no_parsing)
    assert outcomes(fresh(tmp_path)) == outcomes(re.compile(LARGE_PATTERN))


def test_small_patterns_and_code_outside_the_block_are_left_to_re(tmp_path: Path) -> None:
    re.purge()
    with compiled_once(tmp_path):
        assert re.compile("mot[0-9]+").fullmatch("mot12")
    re.compile(LARGE_PATTERN + "|outside")
    assert list(tmp_path.iterdir()) == []


def _tampered(good: str, digest: bool) -> str:
    """The stored code with one literal changed ("m" of "mot" read as "x"), which ``_sre``
    accepts; with its digest made again if ``digest``."""
    from kg.recache import _digest
    parts = json.loads(good)
    code = parts["code"]
    code[next(i for i in range(len(code) - 1) if code[i + 1] == ord("m")) + 1] = ord("x")
    if digest:
        parts["digest"] = _digest(parts)
    return json.dumps(parts)


def test_a_damaged_file_is_compiled_again_and_replaced(tmp_path: Path) -> None:
    fresh(tmp_path)
    (stored,) = tmp_path.glob("regex-*.json")
    good = stored.read_text(encoding="utf-8")
    wrong_code = {"flags": 0, "code": [1, 2, 3], "groups": 0, "groupindex": {},
                  "indexgroup": [None]}
    for damage in ("{not json", json.dumps(wrong_code), json.dumps({**wrong_code, "code": [2**40]}),
                   _tampered(good, digest=False)):   # a changed literal _sre would accept
        stored.write_text(damage, encoding="utf-8")
        assert outcomes(fresh(tmp_path)) == outcomes(re.compile(LARGE_PATTERN))
        assert stored.read_text(encoding="utf-8") == good


def test_a_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    """The folder decides: a code changed with its digest is taken from a folder only the
    user may write, and ignored once others may write it."""
    folder = tmp_path / "cache"
    fresh(folder)
    (stored,) = folder.glob("regex-*.json")
    stored.write_text(_tampered(stored.read_text(encoding="utf-8"), digest=True),
                      encoding="utf-8")
    plain = outcomes(re.compile(LARGE_PATTERN))
    folder.chmod(0o700)
    assert outcomes(fresh(folder)) != plain          # read: the guard is the owner alone
    folder.chmod(0o777)
    assert outcomes(fresh(folder)) == plain


def test_a_folder_that_cannot_be_made_only_costs_the_compilation(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert outcomes(fresh(blocked / "kg")) == outcomes(re.compile(LARGE_PATTERN))
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_the_folder_is_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "kg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path.home() / ".cache" / "kg"


_TOKENIZE = """
import json, sys, spacy
from kg.nlp import MODEL, load_pipeline
texts = ["Le porte-parole de l'Aix-Marseille-Provence a-t-il signé l'accord ?",
         "Le vice-président, Jean-Claude Gaudin, et la co-présidente sont arrivés "
         "à Miami-Dade le 6 novembre 2017 ; c'est-à-dire aujourd'hui.",
         "Anti-inflammatoire, peut-être, après-midi : https://example.org/a-b-c."]
nlp = load_pipeline() if sys.argv[1] == "kg" else spacy.load(MODEL)
print(json.dumps([[t.text for t in nlp.tokenizer(x)] for x in texts]))
"""


def test_the_spacy_tokenizer_splits_the_same_with_its_pattern_from_the_file(
        tmp_path: Path) -> None:
    """Three new processes: spaCy's own load, kg's writing the file, kg's reading it."""
    env = {**os.environ, CACHE_ENV: str(tmp_path)}

    def tokens(how: str) -> list[list[str]]:
        run = subprocess.run([sys.executable, "-c", _TOKENIZE, how], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=True)
        return json.loads(run.stdout)
    plain = tokens("spacy")
    assert list(tmp_path.iterdir()) == []
    assert tokens("kg") == plain
    assert len(list(tmp_path.glob("regex-*.json"))) == 1
    assert tokens("kg") == plain
    # token_match at work: a listed hyphenated word is one token, a place name is not
    assert "porte-parole" in plain[0] and "Aix" in plain[0] and "vice-président" in plain[1]
    # the rules' stop words import spacy.lang.fr, which compiles the same pattern: from the file
    stop = subprocess.run([sys.executable, "-c", _STOP_WORDS], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    assert stop.returncode == 0 and stop.stdout.strip() == "true", stop.stderr[-2000:]


_STOP_WORDS = """
import re._parser as parser
original = parser.parse
def guarded(pattern, *args, **kwargs):
    assert not (isinstance(pattern, str) and len(pattern) >= 100_000), "parsed again"
    return original(pattern, *args, **kwargs)
parser.parse = guarded
from kg.extract.text import stop_words
print("true" if "le" in stop_words() else "false")
"""


@pytest.fixture
def no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cache folder named by the environment, and no home folder to be found."""
    for name in (CACHE_ENV, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)

    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")
    monkeypatch.setattr(Path, "home", nowhere)


@pytest.mark.usefixtures("no_home")
def test_without_a_home_folder_patterns_are_compiled_as_usual() -> None:
    re.purge()
    with compiled_once():
        made = re.compile(LARGE_PATTERN)
    assert outcomes(made) == outcomes(re.compile(LARGE_PATTERN))


def test_blocks_in_two_threads_take_turns(tmp_path: Path) -> None:
    """Each block swaps re's compile function: were a second block to start before the
    first ends, the first one's exit would leave the second's restoring a stale one."""
    from re import _compiler  # type: ignore[attr-defined]
    original = _compiler.compile
    a_in, a_may_leave, a_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with compiled_once(tmp_path):
            a_in.set()
            a_may_leave.wait(1.0)       # taking turns: B waits for this to time out
        a_out.set()

    def second() -> None:
        a_in.wait(5.0)
        with compiled_once(tmp_path):
            a_may_leave.set()
            a_out.wait(1.0)
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10.0)
    assert _compiler.compile is original


@pytest.mark.usefixtures("no_home")
def test_an_error_in_the_block_is_not_chained_to_the_missing_home() -> None:
    with pytest.raises(OSError) as raised, compiled_once():
        raise OSError("no model")
    assert raised.value.__context__ is None


def test_a_group_writable_umask_still_makes_files_that_are_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under umask 002 (group-writable files by default) the folder and file kg writes
    stay the user's alone, so the next process reads them."""
    old = os.umask(0o002)
    try:
        fresh(tmp_path / "cache")
    finally:
        os.umask(old)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pattern was parsed again")
    monkeypatch.setattr("re._parser.parse", no_parsing)
    assert outcomes(fresh(tmp_path / "cache")) == outcomes(re.compile(LARGE_PATTERN))
