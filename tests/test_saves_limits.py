"""Bounded work for saves (issue 13): a small file can never make loading take minutes or GBs.

The save bombs are built through the file format with a valid checksum, so every check before
the undo history passes. The hostile ones are loaded in a child process under a memory limit
(``RLIMIT_AS``): the test asserts the refusal and its message, never a time. The timeout given
to the child is only a safety net, and says so when it fires.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.core.errors import SaveError
from game.saves.history import MAX_HISTORY_IDS, Budget
from game.saves.document import UNDO_CAP, checksum, encode, parse_save
from tests.save_helpers import sample, save_bomb, wander

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT = 200 * 1024 * 1024  # the issue's target: any save within the limits in 200 MB

_CHILD = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    sys.path.insert(0, {root!r})
    from game.core.errors import SaveError
    from game.saves.slots import load_game
    from tests.save_helpers import sample
    try:
        loaded = load_game({folder!r}, "bomb", sample())
    except SaveError as exc:
        print("REFUSED", exc)
    else:
        print("LOADED", len(loaded.undo))
""")


def load_in_child(folder: Path) -> str:
    """Load slot ``bomb`` of ``folder`` in a child process under :data:`MEMORY_LIMIT`."""
    code = _CHILD.format(limit=MEMORY_LIMIT, root=str(ROOT), folder=str(folder))
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:  # a safety net only: the assertions are about the answer
        pytest.fail("safety net: loading the save did not finish in 120 s")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def write_bomb(folder: Path, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bomb.json").write_bytes(data)


def test_the_issues_save_bomb_is_refused_under_a_memory_limit(tmp_path: Path) -> None:
    # 1 MB with a valid checksum: 2,000 undo diffs against a state of 100k ids (issue 13 item 1).
    data = save_bomb(sample(), ids=100_000, steps=2000)
    assert len(data) < 2 * 1024 * 1024
    write_bomb(tmp_path, data)
    answer = load_in_child(tmp_path)
    assert answer.startswith("REFUSED"), answer
    assert f"more than {MAX_HISTORY_IDS:,} ids in all" in answer


def test_a_bomb_made_of_removals_is_refused_too(tmp_path: Path) -> None:
    document = json.loads(save_bomb(sample(), ids=1, steps=UNDO_CAP))
    for n, entry in enumerate(document["undo"]):
        entry["diff"] = {"clues": {"-": [f"r{n:03d}{i:05d}" for i in range(2000)]}}
    document["checksum"] = checksum(document)
    write_bomb(tmp_path, encode(document))
    answer = load_in_child(tmp_path)
    assert answer.startswith("REFUSED") and "ids in all" in answer, answer


def test_the_largest_history_the_limit_allows_loads_under_the_memory_limit(tmp_path: Path) -> None:
    # Just inside the budget: 900 ids changed at each of the 200 undo steps.
    data = save_bomb(sample(), ids=900, steps=UNDO_CAP)
    write_bomb(tmp_path, data)
    assert load_in_child(tmp_path) == f"LOADED {UNDO_CAP}"


def test_the_budget_is_spent_before_the_work_and_names_the_limit() -> None:
    budget = Budget(10)
    budget.spend(10, "state.clues")
    with pytest.raises(SaveError, match=r"more than 10 ids in all .*reached at undo\[3\]"):
        budget.spend(1, "undo[3]")


def test_a_state_alone_over_the_budget_is_refused_before_it_is_checked() -> None:
    budget = Budget(5)
    with pytest.raises(SaveError, match="state.clues"):
        budget.spend_state({"clues": list("abcdef")})
    Budget(5).spend_state("not even an object")  # the shape is checked later, with its own message


def test_undo_states_share_the_fields_no_step_changed() -> None:
    story = sample()
    session = wander(story, 40)
    from game.saves.document import build_save

    data = encode(build_save(story, session.state, session.undo, session.transcript, slot="s",
                             saved_at=1_750_000_000.0, played=0))
    loaded = parse_save(data, story)
    assert loaded.undo == session.undo[-UNDO_CAP:]
    shared = sum(1 for a, b in zip(loaded.undo, loaded.undo[1:]) if a.clues is b.clues)
    equal = sum(1 for a, b in zip(loaded.undo, loaded.undo[1:]) if a.clues == b.clues)
    assert shared == equal and equal > 0


def test_steps_older_than_the_undo_cap_are_not_rebuilt() -> None:
    loaded = parse_save(save_bomb(sample(), ids=3, steps=UNDO_CAP + 50), sample())
    assert len(loaded.undo) == UNDO_CAP and len(loaded.transcript) == UNDO_CAP
    assert loaded.transcript[-1] == f"step {UNDO_CAP + 49}"


# --- random well-formed histories: the work done is what the budget allows ------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from game.saves.codec import SET_FIELDS  # noqa: E402

_names = st.text("abcdefgh", min_size=1, max_size=3)
_diff = st.dictionaries(st.sampled_from(SET_FIELDS),
                        st.fixed_dictionaries({}, optional={"+": st.lists(_names, max_size=30),
                                                            "-": st.lists(_names, max_size=30)}),
                        max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.integers(0, 3000), diffs=st.lists(_diff, max_size=UNDO_CAP + 20), limit=st.integers(50, 20_000))
def test_random_histories_load_within_the_budget_or_are_refused(base: int, diffs: list, limit: int) -> None:
    from game.saves.codec import check_state_json
    from game.saves.history import rebuild_history

    state = json.loads(save_bomb(sample(), ids=max(base, 1), steps=0))["state"]
    undo = [{"label": "", "diff": d} for d in diffs]
    budget = Budget(limit)  # a small budget, so refusals are explored too
    try:
        budget.spend_state(state)
        chain, labels = rebuild_history(check_state_json(state), undo, budget)
    except SaveError as exc:
        assert f"more than {limit:,} ids in all" in str(exc)
        return
    assert len(chain) == min(len(diffs), UNDO_CAP) + 1 and len(labels) == len(chain) - 1
    # What was built is what was paid for: every distinct list in the history, all counted.
    distinct = {id(v): v for s in chain for name in SET_FIELDS for v in [s[name]]}
    assert sum(len(v) for v in distinct.values()) <= limit
    # Within a small budget, so within the real one: the sealed file loads, whole.
    document_json = json.loads(save_bomb(sample(), ids=max(base, 1), steps=0))
    document_json["undo"] = undo
    document_json["checksum"] = checksum(document_json)
    assert len(parse_save(encode(document_json), sample()).undo) == len(chain) - 1
