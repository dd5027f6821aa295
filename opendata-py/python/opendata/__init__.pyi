import os
from typing import IO, Any, Union

from ._report import Finding as Finding, Report as Report

CsvInput = Union[str, os.PathLike[str], bytes, bytearray, memoryview, IO[bytes], IO[str]]

class OpendataError(Exception):
    code: str

class TableError(OpendataError): ...
class InvalidOptionsError(OpendataError): ...

def check_csv(source: CsvInput, options: dict[str, Any] | None = None, **kwargs: Any) -> Report: ...
def codes() -> list[dict[str, str]]: ...
