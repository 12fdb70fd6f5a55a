"""The environment that keeps the model libraries offline and quiet: no hub, no telemetry."""

from __future__ import annotations

import os
import sys

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def use_offline_environment() -> None:
    """Set what the user has not set; call it before the model libraries are imported."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    # ``import openvino`` sends a usage event to Google Analytics unless the user opted out in a file
    # under ~/intel; with its telemetry package unimportable it uses its built-in no-op stub instead
    sys.modules.setdefault("openvino_telemetry", None)  # type: ignore[arg-type]
