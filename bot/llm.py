"""The chat model behind the generative answerer, chosen from settings: an OpenAI-compatible server
(``openai``), a local GGUF file through llama-cpp-python (``llamacpp``), or none (``extractive``)."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from bot.settings import Settings

# the prompts ask for one or two sentences (the 1.5B test model writes 20-65 tokens); a model that
# rambles instead is cut off after ~40 s on a 2-core CPU rather than ~85 s
MAX_ANSWER_TOKENS = 256
CONTEXT_TOKENS = 4096
INSTALL_HINT = "pip install '.[llamacpp]' (or run scripts/get_test_llm.sh)"


class LLMUnavailableError(RuntimeError):
    """The language model cannot be used: not installed, not found, not reachable or too slow."""


def chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model ``settings.answerer`` names; ``None`` for the extractive answerer."""
    match settings.answerer:
        case "extractive":
            return None
        case "openai":
            from langchain_openai import ChatOpenAI
            from pydantic import SecretStr

            return ChatOpenAI(
                model=settings.llm_model or "default",
                base_url=settings.llm_base_url,
                api_key=SecretStr(settings.llm_api_key),
                timeout=settings.llm_timeout,
                max_retries=1,
                temperature=0,
                # ``max_tokens``, not ``max_completion_tokens``: llama.cpp's and older servers ignore the latter
                extra_body={"max_tokens": MAX_ANSWER_TOKENS},
            )
        case "llamacpp":
            _check_llamacpp(settings.llm_model)
            return LlamaCppChatModel(model_path=settings.llm_model, n_threads=settings.llm_threads)
    raise ValueError(f"unknown answerer {settings.answerer!r}")


def describe(settings: Settings) -> str:
    """Where the answers come from, for messages: ``the language model at http://…``."""
    if settings.answerer == "openai":
        return f"the language model at {settings.llm_base_url}"
    return f"the local model {settings.llm_model or '(NEWSBOT_LLM_MODEL is not set)'}"


@contextmanager
def model_errors(settings: Settings) -> Iterator[None]:
    """Turn the client libraries' connection, timeout and status errors into one clear
    ``LLMUnavailableError``; other errors pass through."""
    try:
        yield
    except LLMUnavailableError:
        raise
    except Exception as error:
        message = _explain(error, settings)
        if message is None:
            raise
        raise LLMUnavailableError(message) from error


def _explain(error: Exception, settings: Settings) -> str | None:
    try:
        import openai
    except ImportError:  # pragma: no cover - langchain-openai depends on it
        return None
    where = describe(settings)
    if isinstance(error, openai.APITimeoutError):
        return f"{where} did not answer within {settings.llm_timeout:g} s (NEWSBOT_LLM_TIMEOUT)"
    if isinstance(error, openai.APIConnectionError):
        return f"cannot reach {where}: is the server running? (NEWSBOT_LLM_BASE_URL)"
    if isinstance(error, openai.APIStatusError):
        detail = str(error).splitlines()[0][:200]
        return f"{where} refused the request (HTTP {error.status_code}): {detail}"
    return None


class LlamaCppChatModel(BaseChatModel):
    """A GGUF model run in this process by llama-cpp-python (an optional extra). The weights are
    loaded once per process and shared; generation is serialised (llama.cpp contexts are not
    thread-safe)."""

    model_path: str
    n_threads: int = 2
    n_ctx: int = CONTEXT_TOKENS
    max_tokens: int = MAX_ANSWER_TOKENS
    temperature: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "n_threads": self.n_threads, "n_ctx": self.n_ctx}

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(str(c.message.content) for c in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        llama, lock = _load_llama(self.model_path, self.n_threads, self.n_ctx)
        with lock:
            parts = llama.create_chat_completion(
                messages=[{"role": _ROLES.get(m.type, "user"), "content": m.text} for m in messages],
                temperature=self.temperature,
                max_tokens=kwargs.get("max_tokens", self.max_tokens),
                stop=stop,
                stream=True,
            )
            for part in parts:
                delta = part["choices"][0]["delta"].get("content")
                if not delta:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk


_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def _check_llamacpp(model_path: str) -> None:
    if importlib.util.find_spec("llama_cpp") is None:
        raise LLMUnavailableError(f"the llamacpp answerer needs llama-cpp-python: {INSTALL_HINT}")
    if not model_path:
        raise LLMUnavailableError("set NEWSBOT_LLM_MODEL to the path of a GGUF file")
    if not Path(model_path).is_file():
        raise LLMUnavailableError(f"no GGUF file at {model_path} (NEWSBOT_LLM_MODEL)")


@cache
def _load_llama(model_path: str, n_threads: int, n_ctx: int) -> tuple[Any, threading.Lock]:
    _check_llamacpp(model_path)
    from llama_cpp import Llama

    llama = Llama(model_path=model_path, n_threads=n_threads, n_ctx=n_ctx, seed=0, verbose=False)
    return llama, threading.Lock()
