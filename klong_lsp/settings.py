"""The server's settings: one typed object, read from `initializationOptions` and from
`workspace/didChangeConfiguration` (or pulled with `workspace/configuration`, section
"klong").

Accepted shapes (all equivalent):
    {"klong": {"liveEvaluation": "onSave", "evaluation": {"timeout": 2}}}
    {"liveEvaluation": "onSave", "evaluation": {"timeout": 2}}
    {"klong.liveEvaluation": "onSave", "klong.evaluation.timeout": 2}
Unknown keys are ignored; a value of the wrong type keeps the previous value.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
import os
from typing import Any, Dict, List, Optional, Tuple

from klong.syntax.source import search_path

LIVE_MODES = ("off", "onSave", "onType")
_LIVE_ALIASES = {"off": "off", "none": "off", "false": "off", "onsave": "onSave",
                 "save": "onSave", "ontype": "onType", "type": "onType", "true": "onType"}


@dataclass(frozen=True)
class Settings:
    live_evaluation: str = "off"          # klong.liveEvaluation: off | onSave | onType
    backend: str = "numpy"                # klong.backend: numpy | torch
    device: Optional[str] = None          # klong.device: None (auto) | cpu | cuda | mps
    timeout: float = 5.0                  # klong.evaluation.timeout (seconds)
    max_output: int = 65536               # klong.evaluation.maxOutput (characters)
    max_memory: float = 2.0               # klong.evaluation.maxMemory (GB; 0: no ceiling)
    allow_side_effects: bool = False      # klong.evaluation.allowSideEffects
    debounce: float = 0.2                 # klong.diagnostics.debounce (seconds)
    max_diagnostics: int = 1000           # klong.diagnostics.max
    hint_length: int = 40                 # klong.inlayHints.maxLength (characters)
    search_path: Tuple[str, ...] = ()     # klong.searchPath: folders for .l, before KLONGPATH
    extra: Dict[str, Any] = field(default_factory=dict, compare=False)

    def evaluation_options(self) -> Dict[str, Any]:
        return {"backend": self.backend, "device": self.device,
                "allow_side_effects": self.allow_side_effects,
                "max_output": self.max_output, "max_memory": self.max_memory,
                "search_path": self.klong_path()}

    def klong_path(self) -> str:
        """The search path of `.l`: the folders of klong.searchPath, then those of the
        server's KLONGPATH (default .:lib); relative ones start from the document's folder."""
        return ":".join(self.search_path + (search_path(),))


# setting path (below "klong") -> (field, converter)
def _live(v: Any) -> str:
    key = str(v).replace("_", "").replace("-", "").lower()
    if key not in _LIVE_ALIASES:
        raise ValueError(v)
    return _LIVE_ALIASES[key]


def _backend(v: Any) -> str:
    if v not in ("numpy", "torch"):
        raise ValueError(v)
    return str(v)


def _device(v: Any) -> Optional[str]:
    if v in (None, "", "auto"):
        return None
    return str(v)


def _positive(v: Any) -> float:
    f = float(v)
    if not f > 0:
        raise ValueError(v)
    return f


def _count(v: Any) -> int:
    if isinstance(v, bool):
        raise ValueError(v)
    n = int(v)
    if n < 1:
        raise ValueError(v)
    return n


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError(v)
    return v


def _seconds(v: Any) -> float:
    if isinstance(v, bool):
        raise ValueError(v)
    f = float(v)
    if f < 0:
        raise ValueError(v)
    return f


def _gigabytes(v: Any) -> float:
    """A size in GB: a finite number >= 0 (0: no limit)."""
    f = _seconds(v)
    if f != f or f == float("inf"):
        raise ValueError(v)
    return f


def _folders(v: Any) -> Tuple[str, ...]:
    """A list of folders, or one string of them separated by `:` (as KLONGPATH)."""
    items = v.split(":") if isinstance(v, str) else v
    if not isinstance(items, (list, tuple)) or not all(isinstance(d, str) for d in items):
        raise ValueError(v)
    return tuple(os.path.expanduser(d) for d in items if d)


_KEYS = {
    "liveEvaluation": ("live_evaluation", _live),
    "backend": ("backend", _backend),
    "device": ("device", _device),
    "evaluation.timeout": ("timeout", _positive),
    "evaluation.maxOutput": ("max_output", _count),
    "evaluation.maxMemory": ("max_memory", _gigabytes),
    "evaluation.allowSideEffects": ("allow_side_effects", _bool),
    "diagnostics.debounce": ("debounce", _seconds),
    "diagnostics.max": ("max_diagnostics", _count),
    "inlayHints.maxLength": ("hint_length", _count),
    "searchPath": ("search_path", _folders),
}
SETTING_NAMES = tuple("klong." + k for k in _KEYS)


def _flatten(obj: Any, prefix: str = "") -> List[Tuple[str, Any]]:
    out: List[Tuple[str, Any]] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            if isinstance(v, dict):
                out.extend(_flatten(v, key))
            else:
                out.append((key, v))
    return out


def merge(settings: Settings, options: Any) -> Tuple[Settings, List[str]]:
    """`settings` with the values in `options` applied; also the problems found."""
    if not isinstance(options, dict):
        return settings, []
    changes: Dict[str, Any] = {}
    problems: List[str] = []
    for key, value in _flatten(options):
        if key.startswith("klong."):
            key = key[len("klong."):]
        spec = _KEYS.get(key)
        if spec is None:
            continue
        name, convert = spec
        try:
            changes[name] = convert(value)
        except (TypeError, ValueError):
            problems.append(f"klong.{key}: invalid value {value!r}")
    return replace(settings, **changes), problems


def from_options(options: Any) -> Settings:
    return merge(Settings(), options)[0]


def describe() -> List[Tuple[str, str]]:
    """(setting, default) for the documentation and tests."""
    defaults = Settings()
    by_field = {f.name: f for f in fields(Settings)}
    return [("klong." + key, repr(getattr(defaults, by_field[name].name)))
            for key, (name, _) in _KEYS.items()]
