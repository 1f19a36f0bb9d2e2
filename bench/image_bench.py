"""Peak memory and time of processing one uploaded image (companies.logos), for the worst files the site accepts.

Run with ``python -m bench.image_bench`` (``--runs 5``). Target: ≤ 100 MB above a bare process for the worst
accepted file. It takes about a minute.

It writes, into a temporary directory, the largest images companies.logos accepts — squares (the most pixels
for the limit), as many pixels as the limit and the decoding budget allow, under the 5 MB byte limit: an RGBA
PNG, a palette PNG with transparency, a baseline 4:4:4 JPEG, progressive JPEGs (4:2:0, 4:4:4, CMYK) and a
lossless WebP.
Each file is processed in a fresh subprocess, as a logo (400 × 400) and as a story photo (1200 × 800), the way
the form gets it (the bytes in memory, an InMemoryUploadedFile below FILE_UPLOAD_MAX_MEMORY_SIZE). The child
reports its peak resident set (``ru_maxrss``) and the processing time; the baseline is a child that imports the
same modules and processes nothing. Peak memory is the child's minus the baseline's median.
"""

import argparse
import io
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 3
TARGET_MB = 100
PIPELINES = {"logo": ((400, 400), (96, 96)), "photo": ((1200, 800), (480, 320))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--child", nargs=2, metavar=("FILE", "PIPELINE"), help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=2, metavar=("DIRECTORY", "SIDE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.write:
        from django.conf import settings

        settings.configure()
        _write_files(Path(args.write[0]), int(args.write[1]))
        return
    if args.baseline or args.child:
        _child(*(args.child or (None, None)))
        return
    _measure(args.runs)


def _measure(runs: int) -> None:
    from PIL import Image

    from companies import logos

    side = math.isqrt(logos.MAX_PIXELS)
    print(f"Image processing: the worst accepted files (limits {logos.MAX_PIXELS / 1e6:.0f} MP, "
          f"{logos.MAX_BYTES / 2**20:.0f} MB, decoding budget {logos.DECODE_BUDGET / 2**20:.0f} MB), "
          f"median of {runs} fresh processes")
    with tempfile.TemporaryDirectory(prefix="tb-image-bench-") as directory:
        # Written by a child: a process's peak memory is inherited by the processes it starts, so this one must
        # never hold a large image.
        subprocess.run([sys.executable, "-m", "bench.image_bench", "--write", directory, str(side)], check=True)
        files = {name: Path(directory) / file for name, file in FILES.items()}
        baseline = statistics.median(_run(["--baseline"])["maxrss_kb"] for _ in range(runs))
        print(f"baseline child (imports only): {baseline / 1024:.0f} MB")
        print(f"{'file':<24} {'pixels':>11} {'bytes':>9} {'pipeline':<8} {'peak MB':>8} {'time ms':>8}  result")
        worst = 0.0
        for name, path in files.items():
            with Image.open(path) as image:
                dimensions = "{} × {}".format(*image.size)
            for pipeline in PIPELINES:
                results = [_run(["--child", str(path), pipeline]) for _ in range(runs)]
                peak = (statistics.median(r["maxrss_kb"] for r in results) - baseline) / 1024
                elapsed = statistics.median(r["seconds"] for r in results) * 1000
                worst = max(worst, peak)
                print(f"{name:<24} {dimensions:>11} {path.stat().st_size:>9,} {pipeline:<8} {peak:>8.0f} "
                      f"{elapsed:>8.0f}  {results[0]['result']}")
    print(f"worst peak: {worst:.0f} MB (target ≤ {TARGET_MB} MB): {'met' if worst <= TARGET_MB else 'NOT met'}")


FILES = {
    "png-rgba": "png-rgba.png",
    "png-palette-transparent": "png-palette-transparent.png",
    "jpeg-baseline-444": "jpeg-baseline-444.jpeg",
    "jpeg-progressive-420": "jpeg-progressive-420.jpeg",
    "jpeg-progressive-444": "jpeg-progressive-444.jpeg",
    "jpeg-progressive-cmyk": "jpeg-progressive-cmyk.jpeg",
    "webp-lossless": "webp-lossless.webp",
}


def _write_files(directory: Path, side: int) -> None:
    """Each kind of file at the largest square size companies.logos accepts, at most side × side."""
    from PIL import Image

    def smooth(size):
        # A smooth picture with a little detail: it compresses under the 5 MB limit at these sizes (noise would
        # not), and decoding costs the same whatever the content.
        gradient = Image.linear_gradient("L").resize(size)
        detail = Image.radial_gradient("L").resize(size)
        return Image.merge("RGB", (gradient, detail, gradient.transpose(Image.Transpose.ROTATE_90))), detail

    def rgba(size):
        image, detail = smooth(size)
        image.putalpha(detail)
        return image

    kinds = {
        "png-rgba": (rgba, "PNG", {}),
        "png-palette-transparent": (lambda size: smooth(size)[0].quantize(64), "PNG", {"transparency": 0}),
        "jpeg-baseline-444": (lambda size: smooth(size)[0], "JPEG", {"quality": 90, "subsampling": 0}),
        "jpeg-progressive-420": (lambda size: smooth(size)[0], "JPEG",
                                 {"quality": 90, "subsampling": 2, "progressive": True}),
        "jpeg-progressive-444": (lambda size: smooth(size)[0], "JPEG",
                                 {"quality": 90, "subsampling": 0, "progressive": True}),
        "jpeg-progressive-cmyk": (lambda size: smooth(size)[0].convert("CMYK"), "JPEG",
                                  {"quality": 90, "subsampling": 0, "progressive": True}),
        "webp-lossless": (lambda size: smooth(size)[0], "WEBP", {"lossless": True, "quality": 0, "method": 0}),
    }
    for name, (make, fmt, options) in kinds.items():
        size = side
        while True:
            buffer = io.BytesIO()
            make((size, size)).save(buffer, format=fmt, **options)
            refusal = _refusal(buffer.getvalue())
            if refusal is None:
                break
            if refusal[0] != "too_costly":
                raise SystemExit(f"{name} at {size} × {size} refused: {refusal[0]}")
            # The cost grows with the pixels: aim just under the budget, then step down.
            size = min(size - 8, math.isqrt(int(size * size * refusal[1])))
        (directory / FILES[name]).write_bytes(buffer.getvalue())


def _refusal(content: bytes) -> tuple[str, float] | None:
    """None when companies.logos.check_image accepts the file, else (code, budget / estimated cost)."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from companies import logos

    try:
        logos.check_image(SimpleUploadedFile("image", content), logos.LOGO_MESSAGES)
    except ValidationError as error:
        with Image.open(io.BytesIO(content)) as image:
            return error.code, logos.DECODE_BUDGET / logos._decoding_cost(image, content)
    return None


def _run(arguments: list[str]) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.image_bench", *arguments], check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])


def _child(path: str | None, pipeline: str | None) -> None:
    # Default settings are enough for companies.logos (no database, no app registry): the measure does not
    # depend on the project's settings.
    from django.conf import settings

    settings.configure()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import InMemoryUploadedFile

    from companies import logos

    result, seconds = "", 0.0
    if path:
        display, thumbnail = PIPELINES[pipeline]
        content = Path(path).read_bytes()
        upload = InMemoryUploadedFile(io.BytesIO(content), "image", Path(path).name, "application/octet-stream",
                                      len(content), None)
        started = time.perf_counter()
        try:
            processed = logos.process_image(upload, display_size=display, thumbnail_size=thumbnail, name=pipeline,
                                            messages=logos.LOGO_MESSAGES)
        except ValidationError as error:
            result = f"refused: {error.code}"
        else:
            result = f"ok, {len(processed.display)} + {len(processed.thumbnail)} bytes"
        seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"maxrss_kb": usage.ru_maxrss, "seconds": seconds, "result": result}))


if __name__ == "__main__":
    main()
