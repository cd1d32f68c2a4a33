"""Writes legacy_state_dict.pt the way torch < 1.6 saved checkpoints (torch/serialization.py's
legacy save, emulated without torch: stand-in torch modules under the real names, persistent ids,
then each storage as an 8-byte little-endian element count and its raw bytes)."""
import collections, pickle, struct, sys, types

MAGIC_NUMBER = 0x1950a86a20f9469cfc6c
PROTOCOL_VERSION = 1001


def module(name, **attrs):
    m = types.ModuleType(name)
    for k, v in attrs.items():
        v.__module__ = name
        v.__qualname__ = k
        setattr(m, k, v)
    sys.modules[name] = m
    parts = name.split(".")
    for i in range(1, len(parts)):
        parent = ".".join(parts[:i])
        sys.modules.setdefault(parent, types.ModuleType(parent))
        setattr(sys.modules[parent], parts[i], sys.modules.get(".".join(parts[:i + 1]), m))
    return m


class FloatStorage: pass
class LongStorage: pass
def _rebuild_tensor_v2(*a): pass
module("torch", FloatStorage=FloatStorage, LongStorage=LongStorage)
module("torch._utils", _rebuild_tensor_v2=_rebuild_tensor_v2)


class Storage:
    def __init__(self, cls, fmt, values):
        self.cls, self.fmt, self.values = cls, fmt, values


class Tensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return (_rebuild_tensor_v2, self.args)


def save(obj, path):
    storages = {}

    def persistent_id(o):
        if isinstance(o, Storage):
            key = str(id(o))
            storages[key] = o
            return ("storage", o.cls, key, "cpu", len(o.values), None)
        return None

    with open(path, "wb") as f:
        pickle.dump(MAGIC_NUMBER, f, protocol=2)
        pickle.dump(PROTOCOL_VERSION, f, protocol=2)
        pickle.dump(dict(protocol_version=PROTOCOL_VERSION, little_endian=True, type_sizes=dict(short=2, int=4, long=4)), f, protocol=2)
        p = pickle.Pickler(f, protocol=2)
        p.persistent_id = persistent_id
        p.dump(obj)
        keys = sorted(storages)
        pickle.dump(keys, f, protocol=2)
        for k in keys:
            s = storages[k]
            f.write(struct.pack("<q", len(s.values)))
            f.write(struct.pack("<%d%s" % (len(s.values), s.fmt), *s.values))


w = Storage(FloatStorage, "f", [0.5, -1.0, 2.0, 3.25, 4.0, -5.5])
steps = Storage(LongStorage, "q", [7])
state = collections.OrderedDict()
state["fc.weight"] = Tensor(w, 0, (2, 3), (3, 1))
state["fc.bias"] = Tensor(w, 4, (2,), (1,))  # shares the weight's storage at an offset
state["steps"] = Tensor(steps, 0, (), ())
save({"state_dict": state, "epoch": 3}, "legacy_state_dict.pt")
