"""Finding the entries a question may be about: lexical and semantic retrieval, fused.

Lexical: BM25 (bm25s) over the terms the language analyzer makes of every passage (Snowball stems
from PyStemmer with derivational endings and domain phrases folded, see language.py), so
"classify" finds "classification" and "2FA" finds "multi-factor authentication".

Semantic: a local embedding model. The default is WordLlama, whose English weights ship inside its
wheel (MIT licence): it is loaded from its own package folder with downloads disabled, so nothing
is fetched at run time. A multilingual model in a local folder can be used instead (configuration:
TRUSTGEN_EMBEDDING_MODEL=DIR): an ONNX export (model.onnx and tokenizer.json, run by onnxruntime, no
PyTorch) or a sentence-transformers folder.

The two rankings, for the question alone and for the question with its row context (section,
control title, the previous question of a follow-up), are fused by reciprocal rank fusion.
Passage embeddings are cached in the user's cache folder by the hash of the passage texts and the model, so the
second questionnaire against the same knowledge base starts warm.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import UsageError

RRF_K = 60  # the usual constant of reciprocal rank fusion: ranks past the first few count alike
ENV_MODEL = "TRUSTGEN_EMBEDDING_MODEL"
ENV_CACHE = "TRUSTGEN_CACHE_DIR"


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


class WordLlamaEmbedder:
    """WordLlama's packaged English weights (256 dimensions), read from its own package folder."""

    def __init__(self) -> None:
        import wordllama
        from wordllama import WordLlama

        folder = Path(wordllama.__file__).parent
        # The wheel ships weights/l2_supercat_256.safetensors and the tokenizer config; with the
        # package folder as cache and downloads disabled, a missing file is an error, not a fetch.
        self._model = WordLlama.load(cache_dir=folder, disable_download=True)
        self.name = f"wordllama-{getattr(wordllama, '__version__', '0.4')}-l2_supercat-256"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        return _by_length(texts, lambda ordered: np.asarray(self._model.embed(ordered, norm=True), dtype=np.float32))


class SentenceTransformerEmbedder:
    """A sentence-transformers model in a local folder (for example paraphrase-multilingual-MiniLM-L12-v2
    or multilingual-e5-small), loaded without any hub access."""

    def __init__(self, folder: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise UsageError(f"embedding model {folder}: the sentence-transformers package is not installed "
                             "(pip install sentence-transformers)") from None
        self._model = SentenceTransformer(str(folder), local_files_only=True, device="cpu")
        self.name = f"st-{folder.resolve()}"
        self._e5 = "e5" in folder.name.lower()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        items = [f"query: {t}" for t in texts] if self._e5 else list(texts)
        return np.asarray(self._model.encode(items, normalize_embeddings=True, batch_size=64,
                                             show_progress_bar=False), dtype=np.float32)


class OnnxEmbedder:
    """A transformer encoder exported to ONNX (model.onnx or onnx/model.onnx) with its tokenizer.json,
    as optimum and sentence-transformers export them, run by onnxruntime on the CPU. Token vectors are
    pooled as the folder's 1_Pooling/config.json says (mean over the real tokens when it says nothing,
    the sentence-transformers default) and normalised."""

    MAX_TOKENS = 256  # questions and statements are sentences; longer texts are cut here
    # Attention holds batch x heads x tokens x tokens numbers per layer: 16 texts of the longest kind
    # take about 50 MB, where 64 took 200 MB (the languages of an index are embedded at the same time).
    BATCH = 16

    def __init__(self, folder: Path, model_file: Path) -> None:
        try:
            import onnxruntime
        except ImportError:
            raise UsageError(f"embedding model {folder}: the onnxruntime package is not installed "
                             "(pip install onnxruntime)") from None
        from tokenizers import Tokenizer

        tokenizer_file = folder / "tokenizer.json"
        if not tokenizer_file.is_file():
            raise UsageError(f"embedding model {folder}: tokenizer.json is missing beside {model_file.name} "
                             "(export the model with its tokenizer)")
        try:
            self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        except Exception as exc:  # noqa: BLE001 - tokenizers raises its own untyped errors
            raise UsageError(f"embedding model {tokenizer_file}: not a tokenizer file ({exc})") from None
        self._tokenizer.enable_truncation(self.MAX_TOKENS)
        self._tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # the other core builds the indexes meanwhile
        options.enable_cpu_mem_arena = False  # an arena kept for the longest batch holds hundreds of MB
        options.log_severity_level = 3
        try:
            self._session = onnxruntime.InferenceSession(str(model_file), options,
                                                         providers=["CPUExecutionProvider"])
        except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own untyped errors
            raise UsageError(f"embedding model {model_file}: onnxruntime cannot load it ({exc})") from None
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._cls = _pooling(folder) == "cls"
        digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:16]
        self.name = f"onnx-{digest}"
        self._e5 = "e5" in folder.name.lower()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return _by_length([f"query: {t}" for t in texts] if self._e5 else list(texts), self._embed_ordered)

    def _embed_ordered(self, items: list[str]) -> np.ndarray:
        rows: list[np.ndarray] = []
        for start in range(0, len(items), self.BATCH):
            batch = self._tokenizer.encode_batch(items[start:start + self.BATCH])
            ids = np.asarray([e.ids for e in batch], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in batch], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.asarray([e.type_ids for e in batch], dtype=np.int64)
            hidden = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
            if self._cls:
                pooled = hidden[:, 0, :]
            else:
                weights = mask[:, :, None].astype(np.float32)
                pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            rows.append(pooled.astype(np.float32))
        found = np.concatenate(rows)
        found /= np.maximum(np.linalg.norm(found, axis=1, keepdims=True), 1e-12)
        return found


def _by_length(texts: Sequence[str], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """`embed` over the texts shortest first, the vectors back in the texts' order. Texts of about the
    same length share a batch, and a batch is padded to its longest text: this does a third less
    work, and every vector comes out the same."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    found = embed([texts[i] for i in order])
    vectors = np.empty_like(found)
    vectors[order] = found
    return vectors


def _pooling(folder: Path) -> str:
    """The pooling a sentence-transformers export names in 1_Pooling/config.json: "cls" or "mean"."""
    import json

    try:
        config = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "mean"
    return "cls" if isinstance(config, dict) and config.get("pooling_mode_cls_token") else "mean"


def embedder() -> Embedder:
    """The configured embedding model: the folder TRUSTGEN_EMBEDDING_MODEL names, else WordLlama."""
    return _load(os.environ.get(ENV_MODEL) or None)


@cache
def _load(model: str | None) -> Embedder:
    """One loaded model per configuration and process (loading costs more than a questionnaire)."""
    if model is None:
        return WordLlamaEmbedder()
    folder = Path(model)
    if not folder.is_dir():
        raise UsageError(f"embedding model {model}: no such folder (set {ENV_MODEL} to a local model folder)")
    for onnx in (folder / "model.onnx", folder / "onnx" / "model.onnx"):
        if onnx.is_file():
            return OnnxEmbedder(folder, onnx)
    if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
        raise UsageError(f"embedding model {model}: neither model.onnx nor a sentence-transformers model "
                         "(modules.json) in this folder")
    return SentenceTransformerEmbedder(folder)


def cache_dir() -> Path:
    """The user's cache (TRUSTGEN_CACHE_DIR, else $XDG_CACHE_HOME/trustgen or ~/.cache/trustgen): never
    the working folder, which may be the buyer's questionnaire folder."""
    base = os.environ.get(ENV_CACHE) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "trustgen")
    return Path(base) / "answer-index"


def _cached_embeddings(model: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Embeddings of the texts, read from the cache when the same texts were embedded before."""
    digest = hashlib.sha256(model.name.encode("utf-8"))
    for t in texts:
        digest.update(t.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    path = cache_dir() / f"{digest.hexdigest()}.npy"
    try:
        found = np.load(path, allow_pickle=False)
        if found.shape[0] == len(texts):
            return found.astype(np.float32, copy=False)
    except (OSError, ValueError):
        pass
    vectors = model.embed(texts)
    try:  # a cache that cannot be written (read-only checkout) only costs the next run time
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npy", delete=False) as f:
            np.save(f, vectors, allow_pickle=False)
        os.replace(f.name, path)
    except OSError:
        pass
    return vectors


def embed_in_background(model: Embedder, texts: Sequence[str]) -> Callable[[], np.ndarray]:
    """Start embedding the texts (through the cache) in a thread; the returned function waits for the
    vectors and returns them (or raises what the embedding raised)."""
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["vectors"] = _cached_embeddings(model, texts) if texts else np.zeros((0, 0), np.float32)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, which raises it in its own thread
            result["error"] = exc

    thread = threading.Thread(target=work, name="trustgen-embed", daemon=True)
    thread.start()

    def wait() -> np.ndarray:
        thread.join()
        if "error" in result:
            raise result["error"]
        return result["vectors"]  # type: ignore[no-any-return]

    return wait


class Retriever:
    """BM25 and embedding search over the passages of one language's index."""

    def __init__(self, passage_terms: Sequence[Sequence[str]], passage_entry: Sequence[int], model: Embedder,
                 vectors: np.ndarray | None):
        """`vectors`: the passages' embeddings by `model` (embed_in_background), one row a passage;
        None when there are no passages."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it reports each index build at DEBUG
        self.passage_entry = np.asarray(passage_entry, dtype=np.int64)
        self.n_entries = int(self.passage_entry.max()) + 1 if len(passage_entry) else 0
        self._bm25: Any = None
        self.vocabulary: frozenset[str] = frozenset()
        if passage_terms:
            self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
            self._bm25.index([list(t) or ["\0"] for t in passage_terms], show_progress=False)
            self.vocabulary = frozenset(self._bm25.vocab_dict)
        self.model = model
        self.vectors = vectors
        self._asked: dict[str, np.ndarray] = {}  # the embedding of each question text seen, by text

    def prime(self, texts: Sequence[str]) -> None:
        """Embed the texts not seen yet in one batch: one call for a whole questionnaire costs a
        fraction of one call per question (the tokenizer and the model work per batch)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._asked))
        if missing and self.vectors is not None:
            for text, vector in zip(missing, self.model.embed(missing)):
                self._asked[text] = vector

    def lexical(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every passage for the terms (unknown terms ignored)."""
        known = [t for t in dict.fromkeys(terms) if t in self.vocabulary]
        if self._bm25 is None or not known:
            return np.zeros(len(self.passage_entry), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def semantic(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of every passage to each text: one row per text."""
        if self.vectors is None or not texts:
            return np.zeros((len(texts), len(self.passage_entry)), dtype=np.float32)
        self.prime(texts)
        return np.stack([self._asked[t] for t in texts]) @ self.vectors.T

    def by_entry(self, scores: np.ndarray) -> np.ndarray:
        """The best passage score of each entry."""
        best = np.full(self.n_entries, -np.inf, dtype=np.float32)
        np.maximum.at(best, self.passage_entry, scores)
        return best

    def fuse(self, rankings: Sequence[np.ndarray], limit: int, weights: Sequence[float] | None = None
             ) -> list[tuple[int, float]]:
        """Reciprocal rank fusion of per-entry score arrays; entries that score nothing in a ranking
        get nothing from it."""
        fused = np.zeros(self.n_entries, dtype=np.float64)
        for k, scores in enumerate(rankings):
            w = 1.0 if weights is None else weights[k]
            order = np.argsort(-scores, kind="stable")
            ranks = np.empty(self.n_entries, dtype=np.float64)
            ranks[order] = np.arange(1, self.n_entries + 1)
            fused += np.where(scores > 0, w / (RRF_K + ranks), 0.0)
        top = np.argsort(-fused, kind="stable")[:limit]
        return [(int(e), float(fused[e])) for e in top if fused[e] > 0]
