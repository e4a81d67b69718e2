"""Answer kinds: how a typed answer is parsed and compared (DESIGN.md, "Answer kinds")."""

from enum import StrEnum


class Kind(StrEnum):
    """The kinds a question may declare."""

    SHAPE = "shape"
    DTYPE = "dtype"
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    TENSOR = "tensor"
    VALUE = "value"
    STR = "str"
    EXCEPTION = "exception"
    CHOICE = "choice"
    CODE = "code"
    RECALL = "recall"


KIND_NAMES: tuple[str, ...] = tuple(kind.value for kind in Kind)
