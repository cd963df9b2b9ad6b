"""Loudspeaker audio (truyền thanh cơ sở): espeak-ng's Vietnamese voices read the title and summary.

espeak-ng ships three Vietnamese voices — northern (`vi`), central (`vi-vn-x-central`) and southern
(`vi-vn-x-south`) — and the commune chooses its region's. Output is WAV, compressed to Ogg Vorbis
when sox is installed; a daily bulletin joins the day's items into one file (sox, or Python's
`wave` for WAV).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

from django.conf import settings

ESPEAK = "espeak-ng"
SPEED_WPM = 145  # a little slower than espeak's 175: loudspeakers in the open air echo
TIMEOUT = 120


class AudioError(RuntimeError):
    pass


def available() -> bool:
    return shutil.which(getattr(settings, "ESPEAK_BINARY", ESPEAK)) is not None


def _sox() -> str | None:
    return shutil.which("sox")


def bulletin_text(*, issuing_unit: str, title: str, summary: str) -> str:
    from django.utils.translation import gettext as _

    parts = [_("Announcement from %(unit)s.") % {"unit": issuing_unit}, title.rstrip(".") + ".", summary]
    return "\n".join(p for p in parts if p)[:3000]


def synthesize(text: str, *, voice: str) -> tuple[bytes, str]:
    """Speak `text`; returns (audio bytes, extension "ogg" or "wav")."""
    binary = shutil.which(getattr(settings, "ESPEAK_BINARY", ESPEAK))
    if binary is None:
        raise AudioError("espeak-ng is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "out.wav"
        try:
            subprocess.run(
                [binary, "-v", voice, "-s", str(SPEED_WPM), "-b", "1", "-w", str(wav)],
                input=text.encode("utf-8"),
                check=True,
                capture_output=True,
                timeout=TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            raise AudioError(f"espeak-ng failed: {getattr(e, 'stderr', b'')!r}") from e
        if not wav.exists() or wav.stat().st_size < 100:
            raise AudioError("espeak-ng produced no audio")
        sox = _sox()
        if sox:
            ogg = Path(tmp) / "out.ogg"
            done = subprocess.run([sox, str(wav), "-C", "3", str(ogg)], capture_output=True, timeout=TIMEOUT)
            if done.returncode == 0 and ogg.exists():
                return ogg.read_bytes(), "ogg"
        return wav.read_bytes(), "wav"


def join(paths: list[Path], out: Path) -> str:
    """Join audio files (same format) into `out`; returns the extension used."""
    if not paths:
        raise AudioError("nothing to join")
    sox = _sox()
    ext = paths[0].suffix.lstrip(".")
    if sox:
        target = out.with_suffix("." + ext)
        done = subprocess.run([sox, *map(str, paths), str(target)], capture_output=True, timeout=TIMEOUT)
        if done.returncode == 0:
            return ext
    if ext != "wav":
        raise AudioError("joining non-WAV audio needs sox")
    with wave.open(str(out.with_suffix(".wav")), "wb") as w:
        for i, p in enumerate(paths):
            with wave.open(str(p), "rb") as r:
                if i == 0:
                    w.setparams(r.getparams())
                w.writeframes(r.readframes(r.getnframes()))
    return "wav"


CONTENT_TYPES = {"ogg": "audio/ogg", "wav": "audio/wav", "mp3": "audio/mpeg"}
