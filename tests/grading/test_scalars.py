"""The bool, int, float and str kinds."""

from __future__ import annotations

import math

import pytest

from quizzer.grading import Judging, Kind, VerdictStatus, grade, render_truth
from testsupport.builders import number, tensor, text, value

# bool


@pytest.mark.parametrize("typed", ["True", "true", "TRUE", "yes", "Y", "t", "1", "True.", "tensor(True)"])
def test_true_forms(typed: str) -> None:
    assert grade(Kind.BOOL, typed, number(True)).status is VerdictStatus.CORRECT


@pytest.mark.parametrize("typed", ["False", "false", "no", "N", "f", "0", "torch.tensor(False)"])
def test_false_forms(typed: str) -> None:
    assert grade(Kind.BOOL, typed, number(False)).status is VerdictStatus.CORRECT


def test_wrong_bool() -> None:
    verdict = grade(Kind.BOOL, "no", number(True))
    assert (verdict.status, verdict.explanation, verdict.answer, verdict.truth_text) == (
        VerdictStatus.WRONG, "you gave False; the truth is True", "False", "True",
    )  # fmt: skip


@pytest.mark.parametrize("typed", ["maybe", "yes!", "???"])
def test_unreadable_bools(typed: str) -> None:
    assert grade(Kind.BOOL, typed, number(True)).status is VerdictStatus.UNPARSED


@pytest.mark.parametrize(
    ("typed", "given"),
    [("2", "an int 2"), ("[False, True]", "a list [False, True]"), ("(2, 3)", "a tuple (2, 3)")],
)
def test_a_value_of_another_kind_for_a_bool_is_wrong(typed: str, given: str) -> None:
    verdict = grade(Kind.BOOL, typed, number(False))
    assert (verdict.status, verdict.explanation) == (
        VerdictStatus.WRONG, f"you gave {given}, not True or False; the truth is False",
    )  # fmt: skip


def test_a_one_element_tensor_reads_as_its_value() -> None:
    assert grade(Kind.BOOL, "tensor([True])", number(True)).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "tensor([[3.]])", number(3.0)).status is VerdictStatus.CORRECT


def test_one_element_bool_tensor_is_a_bool_truth() -> None:
    assert grade(Kind.BOOL, "True", tensor(True, "bool")).status is VerdictStatus.CORRECT
    assert grade(Kind.BOOL, "True", tensor([[True]], "bool")).status is VerdictStatus.CORRECT


# int


@pytest.mark.parametrize("typed", ["3", "3.0", "3e0", "+3", "6/2", "tensor(3)", "3.", "0x3"])
def test_int_forms(typed: str) -> None:
    assert grade(Kind.INT, typed, number(3)).status is VerdictStatus.CORRECT


@pytest.mark.parametrize(
    ("typed", "explanation"),
    [
        ("4", "you gave 4; the truth is 3"),
        ("3.5", "you gave 3.5; the truth is 3"),
        ("-3", "you gave -3; the truth is 3"),
    ],
)
def test_wrong_ints(typed: str, explanation: str) -> None:
    verdict = grade(Kind.INT, typed, number(3))
    assert verdict.status is VerdictStatus.WRONG
    assert verdict.explanation.startswith(explanation)


def test_int_kind_renders_an_integral_float_without_decimals() -> None:
    assert render_truth(Kind.INT, number(3.0)) == "3"
    assert render_truth(Kind.INT, tensor(5, "int64")) == "5"


def test_huge_ints_are_exact() -> None:
    assert grade(Kind.INT, str(2**62 + 1), tensor(2**62 + 1, "int64")).status is VerdictStatus.CORRECT
    assert grade(Kind.INT, str(2**62), tensor(2**62 + 1, "int64")).status is VerdictStatus.WRONG


# float


def test_a_name_for_a_bool_is_wrong() -> None:
    verdict = grade(Kind.BOOL, "MulBackward0", number(True))
    assert (verdict.status, verdict.explanation) == (
        VerdictStatus.WRONG, "you gave the name MulBackward0, not True or False; the truth is True",
    )  # fmt: skip


THIRD32 = tensor(0.3333333432674408, "float32")  # torch.tensor(1/3) as tolist() gives it


@pytest.mark.parametrize(
    "typed",
    ["0.3333", "0.333", "0.33", "0.3", "0.33333334", "0.3333333", "0.333333", "3.333e-1", "1/3", "tensor(0.3333)"],
)
def test_typed_precision_accepts_rounded_or_cut_digits(typed: str) -> None:
    assert grade(Kind.FLOAT, typed, THIRD32).status is VerdictStatus.CORRECT


@pytest.mark.parametrize("typed", ["0.3334", "0.34", "0.3332", "0.4", "0.2", "3.334e-1"])
def test_typed_precision_rejects_other_digits(typed: str) -> None:
    assert grade(Kind.FLOAT, typed, THIRD32).status is VerdictStatus.WRONG


@pytest.mark.parametrize(
    ("typed", "status"), [("0.0", "wrong"), ("0.00", "wrong"), ("0.1", "wrong"), ("0.03", "correct")]
)
def test_typed_digits_must_reach_the_first_significant_digit(typed: str, status: str) -> None:
    assert grade(Kind.FLOAT, typed, number(0.0327)).status is VerdictStatus(status)
    assert grade(Kind.FLOAT, "0.1", number(0.05)).status is VerdictStatus.WRONG
    assert grade(Kind.FLOAT, "-1.0", number(-0.96)).status is VerdictStatus.CORRECT  # rounded, one digit kept


def test_two_thirds_rounded_or_cut() -> None:
    truth = number(2 / 3)
    assert grade(Kind.FLOAT, "0.667", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "0.666", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "0.668", truth).status is VerdictStatus.WRONG
    assert grade(Kind.FLOAT, "0.665", truth).status is VerdictStatus.WRONG


def test_cut_digits_do_not_pass_a_float32_just_below_a_round_number() -> None:
    seven_tenths = tensor(0.699999988079071, "float32")  # torch.tensor(0.7)
    assert grade(Kind.FLOAT, "0.7", seven_tenths).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "0.6", seven_tenths).status is VerdictStatus.WRONG
    assert grade(Kind.FLOAT, "2.9", number(3)).status is VerdictStatus.WRONG
    assert grade(Kind.FLOAT, "0.9", number(1)).status is VerdictStatus.WRONG


def test_negative_numbers_cut_toward_zero() -> None:
    truth = number(-2 / 3)
    assert grade(Kind.FLOAT, "-0.666", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "-0.667", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "-0.668", truth).status is VerdictStatus.WRONG


def test_numbers_without_decimals_need_the_dtype_tolerance() -> None:
    assert grade(Kind.FLOAT, "3", number(3.4)).status is VerdictStatus.WRONG
    assert grade(Kind.FLOAT, "1e-3", number(0.0012)).status is VerdictStatus.WRONG
    assert grade(Kind.FLOAT, "1e-3", tensor(0.0010000000474974513, "float32")).status is VerdictStatus.CORRECT


@pytest.mark.parametrize(
    ("dtype", "truth", "typed", "right"),
    [
        ("float32", 1.0, "1.000001", True),  # within rtol 1.3e-6
        ("float32", 1.0, "1.00001", True),  # within atol 1e-5 + rtol
        ("float32", 1.0, "1.0001", False),
        ("float64", 1.0, "1.00000001", True),
        ("float64", 1.0, "1.000001", False),
        ("float16", 1.0, "1.0009", True),  # rtol 1e-3
        ("float16", 1.0, "1.002", False),
        ("bfloat16", 1.0, "1.015", True),  # rtol 1.6e-2
        ("bfloat16", 1.0, "1.02", False),
        ("int64", 3, "3.0000001", False),  # exact
    ],
)
def test_default_tolerance_follows_the_truths_dtype(dtype: str, truth: float, typed: str, right: bool) -> None:
    verdict = grade(Kind.FLOAT, typed, tensor(truth, dtype))
    assert (verdict.status is VerdictStatus.CORRECT) is right, verdict


def test_python_floats_use_float64_tolerance() -> None:
    assert grade(Kind.FLOAT, "0.30000000000000004", number(0.1 + 0.2)).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "3e-1", number(0.1 + 0.2)).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "0.300001", number(0.1 + 0.2)).status is VerdictStatus.WRONG


@pytest.mark.parametrize(
    ("typed", "truth", "right"),
    [
        ("nan", math.nan, True), ("NaN", math.nan, True), ("float('nan')", math.nan, True),
        ("math.nan", math.nan, True), ("inf", math.inf, True), ("+inf", math.inf, True),
        ("torch.inf", math.inf, True), ("-inf", -math.inf, True), ("inf", -math.inf, False),
        ("1e999", math.inf, True), ("nan", 1.0, False), ("1.0", math.nan, False), ("1e308", math.inf, False),
    ],
)  # fmt: skip
def test_nan_and_inf(typed: str, truth: float, right: bool) -> None:
    assert (grade(Kind.FLOAT, typed, number(truth)).status is VerdictStatus.CORRECT) is right


def test_wrong_float_shows_the_truth_at_the_typed_precision() -> None:
    verdict = grade(Kind.FLOAT, "0.3334", THIRD32)
    assert verdict.explanation == "you gave 0.3334; the truth is 0.33333334 (0.3333 to 4 decimals)"
    assert verdict.truth_text == "0.33333334"


@pytest.mark.parametrize(
    ("typed", "right"),
    [("0.0327", True), ("0.03272", True), (".0327", True), ("0.0", False), ("0.03", False), ("0.1", False),
     ("0.0328", False), ("0.0326", False)],
)  # fmt: skip
def test_stated_decimals_are_enforced(typed: str, right: bool) -> None:
    verdict = grade(Kind.FLOAT, typed, number(0.03272), judging=Judging(decimals=4))
    assert (verdict.status is VerdictStatus.CORRECT) is right
    if not right:
        assert verdict.explanation.endswith("(0.0327 to the 4 decimals asked)")


def test_arithmetic_is_read_as_its_value() -> None:
    assert grade(Kind.FLOAT, "1/(1-0.75)", number(4.0)).status is VerdictStatus.CORRECT
    assert grade(Kind.INT, "2**10", number(1024)).status is VerdictStatus.CORRECT
    assert grade(Kind.INT, "4*20", number(80)).status is VerdictStatus.CORRECT
    assert grade(Kind.INT, "2**3", number(3)).explanation == "you gave 8; the truth is 3"


def test_complex_truths() -> None:
    truth = tensor([1.0, 2.0], "complex64", ())
    assert grade(Kind.FLOAT, "1+2j", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "(1.0000+2.0000j)", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.FLOAT, "1-2j", truth).status is VerdictStatus.WRONG


@pytest.mark.parametrize("typed", ["three", "1/0", "x", "???"])
def test_unreadable_numbers(typed: str) -> None:
    assert grade(Kind.FLOAT, typed, number(3.0)).status is VerdictStatus.UNPARSED


def test_float_rendering_per_dtype() -> None:
    assert render_truth(Kind.FLOAT, number(1 / 3)) == "0.3333333333333333"
    assert render_truth(Kind.FLOAT, THIRD32) == "0.33333334"
    assert render_truth(Kind.FLOAT, tensor(0.0999755859375, "float16")) == "0.1"
    assert render_truth(Kind.FLOAT, tensor(0.333984375, "bfloat16")) == "0.334"
    assert render_truth(Kind.FLOAT, number(2.0)) == "2.0"
    assert render_truth(Kind.FLOAT, number(-math.inf)) == "-inf"


# str


@pytest.mark.parametrize(
    "typed", ["MulBackward0", "'MulBackward0'", '"MulBackward0"', "  MulBackward0 ", "' MulBackward0'"]
)
def test_str_forms(typed: str) -> None:
    verdict = grade(Kind.STR, typed, text("MulBackward0"))
    assert verdict.status is VerdictStatus.CORRECT
    assert verdict.answer == "MulBackward0"


def test_wrong_strs() -> None:
    verdict = grade(Kind.STR, "AddBackward0", text("MulBackward0"))
    assert verdict.explanation == "you gave AddBackward0; the truth is MulBackward0"


@pytest.mark.parametrize(
    ("typed", "truth", "note"),
    [("mulbackward0", "MulBackward0", "exactly: MulBackward0"), ("CPU", "cpu", "exactly: cpu"),
     ("torch.Size", "Size", ""), ("numpy.int64", "int64", ""), ("torch.return_types.max", "max", ""),
     ("np.Int64", "int64", "exactly: int64")],
)  # fmt: skip
def test_names_without_module_path_or_case(typed: str, truth: str, note: str) -> None:
    verdict = grade(Kind.STR, typed, text(truth))
    assert (verdict.status, verdict.note) == (VerdictStatus.CORRECT, note)


def test_spacing_counts_in_str_unless_the_question_says_not() -> None:
    assert grade(Kind.STR, "[1.0,2.0]", text("[1.0, 2.0]")).status is VerdictStatus.WRONG
    loose = grade(Kind.STR, "[1.0,2.0]", text("[1.0, 2.0]"), judging=Judging(whitespace=True))
    assert loose.status is VerdictStatus.CORRECT


def test_quotes_that_belong_to_the_truth() -> None:
    assert grade(Kind.STR, "'a'", text("'a'")).status is VerdictStatus.CORRECT
    assert render_truth(Kind.STR, text("")) == "''"
    assert grade(Kind.STR, "''", text("")).status is VerdictStatus.CORRECT


def test_a_device_is_a_str_truth() -> None:
    assert grade(Kind.STR, "cuda:0", value("device", "device(type='cuda', index=0)", "cuda:0")).status is (
        VerdictStatus.CORRECT
    )


def test_one_stated_decimal_is_singular() -> None:
    verdict = grade(Kind.FLOAT, "5.7", number(5.8125), judging=Judging(decimals=1))
    assert verdict.explanation.endswith("(5.8 to the 1 decimal asked)")
