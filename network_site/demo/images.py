"""Pictures for the demo site, drawn with Pillow: abstract, calm, and the same on every run.

Nothing is downloaded. Each picture comes from a seed string, so a rerun draws the
same shapes, and a palette of muted colours that sit well with the site's design.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

# Dark, mid, light, paper and accent: muted colours that read well together.
PALETTES = {
    "harbour": ("#1d4e5f", "#3f8f8a", "#a9d3c4", "#f4ead5", "#e59f71"),
    "moorland": ("#38375a", "#6f6a9a", "#c8bfdc", "#f3efe6", "#d9a441"),
    "allotment": ("#2f5233", "#6d9a5b", "#c9dfa8", "#f6f1e1", "#d7754a"),
    "brick": ("#5a2f2a", "#b5553c", "#eab08a", "#f7ecde", "#3c6e71"),
    "estuary": ("#22364f", "#4a7fa7", "#b3d3e6", "#f5f1e8", "#e8b04b"),
    "heather": ("#4a2f45", "#8e5f86", "#e0c3d6", "#f7f0ea", "#7aa37a"),
}
HERO_SIZE = (1600, 900)
PORTRAIT_SIZE = (800, 800)
JPEG_QUALITY = 85


def _rgba(colour, alpha=255):
    colour = colour.lstrip("#")
    return (*(int(colour[i : i + 2], 16) for i in (0, 2, 4)), alpha)


def _diagonal_gradient(size, start, end, flip=False):
    """A gradient from one corner to the other, made from Pillow's built-in ramps."""
    width, height = size
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    if flip:
        across = across.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    mask = Image.blend(across, down, 0.5)
    return Image.composite(
        Image.new("RGBA", (width, height), _rgba(end)),
        Image.new("RGBA", (width, height), _rgba(start)),
        mask,
    )


def _to_jpeg(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def _palette(rng, palette):
    return PALETTES[palette] if palette else rng.choice(list(PALETTES.values()))


def hero_image(seed: str, palette: str | None = None, size=HERO_SIZE) -> bytes:
    """A wide JPEG: a soft gradient, a few translucent bands, circles and a dot grid."""
    rng = random.Random(seed)
    dark, mid, light, paper, accent = _palette(rng, palette)
    width, height = size
    if rng.random() < 0.5:
        canvas = _diagonal_gradient(size, dark, mid, flip=rng.random() < 0.5)
        shapes = (light, paper, accent)
    else:
        canvas = _diagonal_gradient(size, paper, light, flip=rng.random() < 0.5)
        shapes = (dark, mid, accent)

    bands = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(bands)
    slope = rng.uniform(0.3, 0.8) * height
    for _ in range(rng.randint(2, 4)):
        x = rng.uniform(-0.2, 1.0) * width
        band = rng.uniform(0.04, 0.12) * width
        points = [(x, height), (x + band, height), (x + band + slope, 0), (x + slope, 0)]
        draw.polygon(points, fill=_rgba(rng.choice(shapes), rng.randint(28, 60)))
    canvas = Image.alpha_composite(canvas, bands)

    circles = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(circles)
    for _ in range(rng.randint(3, 6)):
        radius = rng.uniform(0.1, 0.42) * height
        cx, cy = rng.uniform(0.05, 0.95) * width, rng.uniform(0.05, 0.95) * height
        box = (cx - radius, cy - radius, cx + radius, cy + radius)
        colour = rng.choice(shapes)
        if rng.random() < 0.3:
            draw.ellipse(box, outline=_rgba(colour, 200), width=int(height * 0.02))
        else:
            draw.ellipse(box, fill=_rgba(colour, rng.randint(140, 220)))
    canvas = Image.alpha_composite(canvas, circles)

    dots = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(dots)
    step = height // 22
    left = rng.choice((step, width - 8 * step))
    top = rng.choice((step, height - 6 * step))
    for row in range(5):
        for column in range(7):
            x, y = left + column * step, top + row * step
            r = step * 0.16
            draw.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(shapes[0], 170))
    return _to_jpeg(Image.alpha_composite(canvas, dots))


def portrait_image(seed: str, palette: str | None = None, size=PORTRAIT_SIZE) -> bytes:
    """A square JPEG that suggests a head and shoulders without showing anyone."""
    rng = random.Random(seed)
    dark, mid, light, paper, accent = _palette(rng, palette)
    width, height = size
    canvas = _diagonal_gradient(size, paper, light, flip=rng.random() < 0.5)

    halo = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(halo)
    radius = width * rng.uniform(0.36, 0.44)
    cx, cy = width * rng.uniform(0.45, 0.55), height * rng.uniform(0.4, 0.5)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=_rgba(accent, 120))
    canvas = Image.alpha_composite(canvas, halo.filter(ImageFilter.GaussianBlur(width // 40)))

    figure = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(figure)
    shoulders = width * rng.uniform(0.34, 0.4)
    draw.ellipse(
        (width / 2 - shoulders, height * 0.68, width / 2 + shoulders, height * 1.3),
        fill=_rgba(rng.choice((dark, mid))),
    )
    head = width * rng.uniform(0.14, 0.17)
    head_y = height * 0.44
    draw.ellipse(
        (width / 2 - head, head_y - head * 1.15, width / 2 + head, head_y + head * 1.15),
        fill=_rgba(rng.choice((mid, dark))),
    )
    return _to_jpeg(Image.alpha_composite(canvas, figure))
