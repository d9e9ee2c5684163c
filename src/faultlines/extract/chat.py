"""A minimal client for OpenAI-compatible chat-completions servers (vLLM, llama.cpp, Ollama, ...).

One call, :meth:`ChatClient.complete`, POSTs ``{base_url}/chat/completions`` with a model, a list
of messages and a ``response_format`` and returns the assistant message's text and why it stopped.
A server error (5xx or 429), a timeout or a dropped connection is retried ``retries`` times,
waiting ``backoff``, then twice that, and so on; any other 4xx is final at once. What cannot be
mended is an :class:`~faultlines.errors.ExtractorError`: ``E030`` unreachable or too slow,
``E031`` an HTTP error status, ``E032`` an answer that is not a chat completion. The content
itself is not interpreted here.

>>> ChatConfig("http://127.0.0.1:8000/v1/", "qwen2.5-7b-instruct", api_key="").endpoint
'http://127.0.0.1:8000/v1/chat/completions'
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import httpx

from faultlines import __version__
from faultlines.errors import ExtractorError

API_KEY_ENV = "FAULTLINES_LLM_API_KEY"
USER_AGENT = f"Faultlines/{__version__} (extractor)"
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class ChatConfig:
    """Where the server is and how patiently to ask it.

    ``base_url`` is the API base (``http://127.0.0.1:8000/v1``); ``api_key`` defaults to
    ``$FAULTLINES_LLM_API_KEY`` (sent as a Bearer token when not empty); ``timeout`` bounds each
    read and connect in seconds; ``schema`` asks for schema-constrained JSON (``json_schema``), else
    plain JSON mode (``json_object``) for servers without it; ``max_chars`` is the chunk size of
    long documents (whole sentences, see :func:`faultlines.extract.llm.chunks`).
    """

    base_url: str
    model: str
    api_key: str | None = field(default_factory=lambda: os.environ.get(API_KEY_ENV), repr=False)
    timeout: float = 120.0
    retries: int = 2
    backoff: float = 1.0
    schema: bool = True
    temperature: float = 0.0
    max_chars: int = 6000

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


@dataclass(frozen=True, slots=True)
class Completion:
    """The assistant's text (None if the server gave none), ``finish_reason`` and attempts used."""

    content: str | None
    finish_reason: str | None
    n_attempts: int = 1


class ChatClient:
    """Talks to one server; reuse it for many documents (the connection is kept open)."""

    def __init__(self, config: ChatConfig) -> None:
        self.config = config
        headers = {"User-Agent": USER_AGENT}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        self._client = httpx.Client(timeout=httpx.Timeout(config.timeout), headers=headers)

    def close(self) -> None:
        self._client.close()

    def complete(self, messages: list[dict[str, str]], *, response_format: dict | None = None) -> Completion:
        """One chat completion; raise ``ExtractorError`` (E030/E031/E032) if none can be had."""
        body: dict = {"model": self.config.model, "messages": messages, "temperature": self.config.temperature}
        if response_format is not None:
            body["response_format"] = response_format
        tries = max(self.config.retries, 0) + 1
        for attempt in range(1, tries + 1):
            try:
                return _parse(self._post(body), self.config.endpoint, attempt)
            except _Retry as e:
                if attempt == tries:
                    raise e.final(self.config.endpoint, attempt) from None
                time.sleep(self.config.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _post(self, body: dict) -> httpx.Response:
        url = self.config.endpoint
        try:
            response = self._client.post(url, json=body)
        except httpx.TimeoutException:
            raise _Retry("E030", reason=f"no answer within {self.config.timeout:g} s") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
            raise ExtractorError("E030", url=url, reason=f"the URL is not valid: {e}") from None
        except httpx.TransportError as e:  # refused, reset, DNS failure, broken protocol
            raise _Retry("E030", reason=f"{type(e).__name__}: {e}") from None
        if response.status_code in _RETRY_STATUS:
            raise _Retry("E031", status=response.status_code, reason=_gist(response))
        if response.status_code >= 400:
            raise ExtractorError("E031", url=url, status=response.status_code, reason=_gist(response))
        return response


class _Retry(Exception):
    """A failure worth another attempt; :meth:`final` is the error once attempts run out."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code, self.values = code, values

    def final(self, url: str, attempts: int) -> ExtractorError:
        values = {**self.values, "reason": f"{self.values['reason']}; {attempts} attempt(s)"}
        return ExtractorError(self.code, url=url, **values)


def _gist(response: httpx.Response) -> str:
    """The status phrase and the start of the body: what a server says about its own error."""
    text = " ".join(response.text.split())[:200]
    return f"{response.reason_phrase}: {text}" if text else response.reason_phrase


def _parse(response: httpx.Response, url: str, attempt: int) -> Completion:
    try:
        data = response.json()
    except ValueError:
        raise ExtractorError("E032", url=url, reason=f"the body is not JSON: {response.text[:80]!r}") from None
    try:
        choice = data["choices"][0]
        content = choice["message"].get("content")
    except (KeyError, IndexError, TypeError, AttributeError):
        raise ExtractorError("E032", url=url, reason=f"no choices[0].message in {str(data)[:80]!r}") from None
    if content is not None and not isinstance(content, str):
        raise ExtractorError("E032", url=url, reason=f"the message content is a {type(content).__name__}, not text")
    return Completion(content, choice.get("finish_reason"), attempt)
