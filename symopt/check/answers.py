"""Reading a class's answers file: one ``student id, answer`` per line, each line on its own.

A malformed line (an unclosed quote, a missing answer column) is an error naming
the line, or with ``lenient`` that row alone becomes an :class:`UnreadableRow`
that the batch grades unreadable; nothing one line contains spills into the next.
"""

import csv

from ..errors import SymoptError

#: Largest answers file read (bytes); larger files are refused with a clear message.
MAX_FILE_BYTES = 50 * 1024 * 1024
_HEADER_IDS = {"id", "student", "student_id", "student id", "studentid", "name", "login", "user"}
_HEADER_ANSWERS = {"answer", "answers", "response", "submission", "solution"}


class UnreadableRow(str):
    """The answer slot of a CSV line that could not be read (the text is the reason)."""


def read_answers(path, lenient=False):
    """Rows ``(student_id, answer)`` of a CSV file (see :func:`answers_from_csv`)."""
    return answers_from_csv(_read_file(path), lenient=lenient, source=str(path))


def answers_from_csv(text, lenient=False, source="the answers"):
    """Rows ``(student_id, answer)`` from CSV text, one answer per line; the header row is optional.

    A row with more than two fields is taken as an id followed by an unquoted
    answer that contained commas (``s1,(1, 2)``); ``s1,`` is an empty answer
    (graded "undetermined"); blank lines are skipped. A line with an unclosed
    quote or without an answer column raises :class:`~symopt.errors.SymoptError`
    naming the line — or, with ``lenient``, becomes a row whose answer is an
    :class:`UnreadableRow`, and the other lines are read as usual.

    >>> answers_from_csv("student_id,answer\\ns1,b^2\\ns2,\\"(1, 2)\\"\\ns3,(1, 2)\\n")
    [('s1', 'b^2'), ('s2', '(1, 2)'), ('s3', '(1, 2)')]
    >>> rows = answers_from_csv('s1,x\\ns2,"x + 1\\ns3,x\\n', lenient=True)
    >>> [(student, type(answer).__name__) for student, answer in rows]
    [('s1', 'str'), ('s2', 'UnreadableRow'), ('s3', 'str')]
    """
    previous = csv.field_size_limit()
    # one huge cell must become one "too long" verdict, not a CSV error that stops the batch
    csv.field_size_limit(max(previous, len(text) + 1))
    out = []
    try:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            problem = None
            try:
                # one line at a time: an unclosed quote cannot swallow the lines after it
                row = next(csv.reader([line], strict=True))
            except csv.Error as exc:
                row, problem = [line.split(",", 1)[0]], f"unclosed quote or malformed CSV ({exc})"
            if problem is None and len(out) == 0 and len(row) >= 2 and \
                    row[0].strip().lower() in _HEADER_IDS and row[1].strip().lower() in _HEADER_ANSWERS:
                continue
            if problem is None and len(row) < 2:
                problem = "no answer column (expected: student id, answer)"
            student = row[0].strip().strip('"') or f"line {number}"
            if problem is not None:
                if not lenient:
                    raise SymoptError(f"{source}, line {number}: {problem}; fix the line or use --lenient")
                out.append((student, UnreadableRow(f"line {number}: {problem}")))
                continue
            out.append((student, ",".join(row[1:]).strip()))
    finally:
        csv.field_size_limit(previous)
    return out


def _read_file(path):
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SymoptError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise SymoptError(f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data.decode("utf-8-sig", errors="replace")
