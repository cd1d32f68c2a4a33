"""Bench image and the Pillow reference. image.py make OUT.png | image.py time OUT.png W H
(prints seconds for Image.open + thumbnail((W, H)), i.e. Pillow's screen-size decode)."""
import json, sys, time
import numpy as np
from PIL import Image

if sys.argv[1] == "make":
    n = 8000
    y, x = np.mgrid[0:n, 0:n]
    rgb = np.stack([(x * 255 // n), (y * 255 // n), ((x ^ y) & 255)], axis=-1).astype(np.uint8)
    Image.fromarray(rgb, "RGB").save(sys.argv[2], compress_level=1)
else:
    w, h = int(sys.argv[3]), int(sys.argv[4])
    t0 = time.perf_counter()
    im = Image.open(sys.argv[2])
    im.thumbnail((w, h))
    print(json.dumps({"thumbnail_s": time.perf_counter() - t0, "size": list(im.size)}))
