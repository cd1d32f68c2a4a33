"""Bomb fixtures for ImageBombTest (python3 make_fixtures.py): a small first frame, a huge later one."""
import struct

# GIF: frame 0 is 1x1, frame 1 declares 60000x60000
lzw_1px = bytes([2, 2, 0x44, 0x01, 0])
def descriptor(w, h):
    return b"\x2c" + struct.pack("<HHHHB", 0, 0, w, h, 0) + lzw_1px
gif = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
gif += descriptor(1, 1) + descriptor(60000, 60000) + b"\x3b"
open("second_frame_bomb.gif", "wb").write(gif)

# TIFF: page 0 is 1x1 grey, page 1 declares 60000x60000 (uncompressed strips, one byte of data)
def ifd(w, h, data_off, next_off):
    entries = [(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, data_off), (277, 3, 1, 1), (278, 4, 1, h), (279, 4, 1, 1)]
    b = struct.pack("<H", len(entries))
    for tag, typ, cnt, val in entries:
        b += struct.pack("<HHI", tag, typ, cnt) + (struct.pack("<HH", val, 0) if typ == 3 else struct.pack("<I", val))
    return b + struct.pack("<I", next_off)
data_off = 8
ifd0_off = 10
ifd1_off = ifd0_off + 2 + 9 * 12 + 4
tif = b"II*\x00" + struct.pack("<I", ifd0_off) + b"\x80\x00" + ifd(1, 1, data_off, ifd1_off) + ifd(60000, 60000, data_off, 0)
open("second_page_bomb.tiff", "wb").write(tif)
