"""Reading questionnaires: every supported format, header detection, and hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.questionnaire import Question, read_questions


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_csv_with_id_and_question_needs_no_options(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", 'id,question\nQ1,Do you encrypt data?\nQ2,"Do you log access, and for how long?"\n')
    assert read_questions(path) == [Question("Q1", "Do you encrypt data?", 2),
                                    Question("Q2", "Do you log access, and for how long?", 3)]


def test_csv_headers_are_recognised_and_other_columns_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", "Section;Ref;Question Text\nCrypto;C-1;Krypterar ni data?\n\nNet;N-1;Har ni brandvägg?\n")
    questions = read_questions(path)
    assert [(q.id, q.text, q.row) for q in questions] == [("C-1", "Krypterar ni data?", 2),
                                                          ("N-1", "Har ni brandvägg?", 4)]
    assert questions[0].extra == (("Section", "Crypto"),)


def test_csv_columns_can_be_named(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", "Control,Ask\nAC-1,Is MFA enforced?\n")
    assert read_questions(path, question_column="ask", id_column="Control") == [Question("AC-1", "Is MFA enforced?", 2)]
    with pytest.raises(InputError) as err:
        read_questions(path, question_column="Prompt")
    assert str(err.value) == f"{path}: no column named 'Prompt' for the questions; the header has: Control, Ask"


def test_csv_without_a_question_column_says_how_to_name_it(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", "Control,Ask\nAC-1,Is MFA enforced?\n")
    with pytest.raises(InputError) as err:
        read_questions(path)
    assert str(err.value) == (f"{path}: cannot tell which column holds the questions (header: Control, Ask); "
                              "name it with --question-column")


def test_a_csv_row_without_an_id_gets_its_line_number(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", "question\nIs data encrypted?\n")
    assert read_questions(path) == [Question("2", "Is data encrypted?", 2)]


def test_json_and_yaml(tmp_path: Path) -> None:
    as_json = write(tmp_path, "q.json", '{"questions": ["Is data encrypted?", {"id": "b", "question": "Har ni MFA?",'
                                        ' "section": "IAM"}]}')
    assert read_questions(as_json) == [Question("1", "Is data encrypted?", 1),
                                       Question("b", "Har ni MFA?", 2, (("section", "IAM"),))]
    as_yaml = write(tmp_path, "q.yaml", "- Is data encrypted?\n- {id: b, text: Har ni MFA?}\n")
    assert [(q.id, q.text) for q in read_questions(as_yaml)] == [("1", "Is data encrypted?"), ("b", "Har ni MFA?")]


def test_plain_text_is_one_question_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, "q.txt", "Is data encrypted?\n\n  Har ni MFA?  \n")
    assert read_questions(path) == [Question("1", "Is data encrypted?", 1), Question("3", "Har ni MFA?", 3)]


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", "id,question\n1,Är data krypterade?\n".encode("utf-16"))
    assert read_questions(path)[0].text == "Är data krypterade?"


@pytest.mark.parametrize("name, content, message", [
    ("q.csv", b"id,question\n1,caf\xe9?\n", "not UTF-8 text (invalid byte at offset 17); save the file with UTF-8 encoding"),
    ("q.csv", b"id,question\n1,\x00\x01\x02\n", "binary file, not text"),
    ("q.csv", b"PK\x03\x04rest-of-a-zip", ("this is a spreadsheet or other binary file, not text; "
                                          "save the questions as CSV (UTF-8) and try again")),
    ("q.json", b'{"questions": [1, }', "1:19: invalid JSON: Expecting value"),
    ("q.json", b'{"items": []}', 'expected a list of questions or an object with a "questions" list'),
    ("q.json", b'[{"id": "a"}]', 'questions[0]: needs a "question" text'),
    ("q.yaml", b"a: &x [1]\nb: *x\n", ("1:4: YAML anchors and aliases (&name, *name) are not allowed in "
                                       "questionnaires; write the value out")),
    ("q.txt", b"\n\n", "no questions found"),
    ("q.txt", b"Is it \x1b[31mred\x1b[0m?\n", "contains control characters; this does not look like a text file"),
])
def test_hostile_or_malformed_files_raise_a_clear_input_error(tmp_path: Path, name: str, content: bytes,
                                                              message: str) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as err:
        read_questions(path)
    separator = ":" if message[0].isdigit() else ": "
    assert str(err.value) == f"{path}{separator}{message}"


def test_oversized_files_and_questions_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.write(b"Is data encrypted?\n" * (10 * 1024 * 1024 // 19 + 1))
    with pytest.raises(InputError) as err:
        read_questions(big)
    assert str(err.value) == f"{big}: file is 10.0 MB; questionnaires may be at most 10 MB"
    long = write(tmp_path, "long.txt", "Is " + "very " * 5000 + "long?\n")
    with pytest.raises(InputError, match=r"long.txt:1: question is 25008 characters long; at most 20000 are allowed"):
        read_questions(long)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_questions(tmp_path / "nope.csv")
    assert str(err.value) == f"{tmp_path / 'nope.csv'}: no such file"
