"""FSRS scheduling as primer uses it: ratings from answers, intervals that grow and reset."""

from __future__ import annotations

import pytest

from primer_cli.quiz.scheduling import (
    SLOW_ANSWER_SECONDS,
    CardStage,
    CardState,
    Rating,
    rating_for,
    recall_probability,
    schedule,
)

T0 = 1_790_000_000.0
DAY = 86_400.0


@pytest.mark.parametrize(
    ("correct", "hint", "seconds", "rating"),
    [
        (False, False, 2.0, Rating.AGAIN),
        (False, True, 2.0, Rating.AGAIN),
        (True, False, 2.0, Rating.GOOD),
        (True, False, None, Rating.GOOD),
        (True, True, 2.0, Rating.HARD),
        (True, False, SLOW_ANSWER_SECONDS + 1, Rating.HARD),
        (True, False, SLOW_ANSWER_SECONDS - 1, Rating.GOOD),
    ],
)
def test_ratings(correct: bool, hint: bool, seconds: float | None, rating: Rating) -> None:
    assert rating_for(correct=correct, used_hint=hint, seconds=seconds) is rating


def review_on_time(ratings: list[Rating]) -> list[tuple[CardState, float]]:
    """Review a new card with each rating, each time exactly when it falls due."""
    state, now, history = None, T0, []
    for rating in ratings:
        state = schedule(state, rating, now)
        history.append((state, state.due - now))
        now = state.due
    return history


def test_intervals_grow_after_right_answers() -> None:
    intervals = [gap for _, gap in review_on_time([Rating.GOOD] * 7)]
    assert intervals == sorted(intervals)
    assert intervals[-1] > 30 * DAY  # months apart after a run of right answers
    assert intervals[-1] > 4 * intervals[2]


def test_a_wrong_answer_brings_the_card_back_soon() -> None:
    history = review_on_time([Rating.GOOD] * 5 + [Rating.AGAIN])
    before, after = history[-2][1], history[-1][1]
    assert after <= 3_600 < before
    assert history[-1][0].stage is CardStage.RELEARNING


def test_relearning_grows_again_but_from_lower_stability() -> None:
    clean = review_on_time([Rating.GOOD] * 6)
    lapsed = review_on_time([Rating.GOOD] * 5 + [Rating.AGAIN, Rating.GOOD])
    assert lapsed[-1][1] < clean[-1][1]
    assert lapsed[-1][0].stage is CardStage.REVIEW


def test_hard_schedules_sooner_than_good() -> None:
    base = review_on_time([Rating.GOOD] * 3)[-1][0]
    hard = schedule(base, Rating.HARD, base.due)
    good = schedule(base, Rating.GOOD, base.due)
    assert hard.due < good.due


def test_recall_probability_decays_with_time_and_is_zero_unseen() -> None:
    state = review_on_time([Rating.GOOD] * 3)[-1][0]
    assert recall_probability(None, T0) == 0.0
    soon = recall_probability(state, state.last_review + DAY)  # type: ignore[operator]
    later = recall_probability(state, state.last_review + 60 * DAY)  # type: ignore[operator]
    assert 0 < later < soon <= 1


def test_scheduling_is_reproducible() -> None:
    ratings = [Rating.GOOD, Rating.HARD, Rating.AGAIN, Rating.GOOD, Rating.EASY]
    assert review_on_time(ratings) == review_on_time(ratings)
