"""Makes the pickle fixtures of the pickle tests (python3 make_fixtures.py). pandas and numpy are not
needed: stand-in modules under the real names make pickle write exactly the globals a real
DataFrame pickle holds; hostile pickles are written opcode by opcode."""
import pickle, struct, sys, types


def module(name, **attrs):
    m = types.ModuleType(name)
    for k, v in attrs.items():
        v.__module__ = name
        v.__qualname__ = k
        setattr(m, k, v)
    sys.modules[name] = m
    parts = name.split(".")
    for i in range(1, len(parts)):  # parents, so that import of the dotted name succeeds
        parent = ".".join(parts[:i])
        sys.modules.setdefault(parent, types.ModuleType(parent))
        setattr(sys.modules[parent], parts[i], sys.modules.get(".".join(parts[:i + 1]), m))
    return m


class Call:
    """pickled as REDUCE of fn(*args), with an optional BUILD state"""
    def __init__(self, fn, *args, state=None):
        self.fn, self.args, self.state = fn, args, state

    def __reduce__(self):
        return (self.fn, self.args) if self.state is None else (self.fn, self.args, self.state)


def _new_Index(*a): pass
def _frombuffer(*a): pass
def _unpickle_block(*a): pass
class Index: pass
class RangeIndex: pass
class BlockManager: pass
class dtype: pass
class DataFrame:
    def __init__(self, mgr):
        self._mgr = mgr
    def __reduce__(self):
        return (copyreg_newobj, (DataFrame,), {"_mgr": self._mgr})

import copyreg
copyreg_newobj = copyreg.__newobj__
module("pandas.core.indexes.base", _new_Index=_new_Index, Index=Index)
module("pandas.core.indexes.range", RangeIndex=RangeIndex)
module("pandas.core.internals.managers", BlockManager=BlockManager)
module("pandas.core.internals.blocks", _unpickle_block=_unpickle_block)
module("pandas.core.frame", DataFrame=DataFrame)
module("numpy.core.numeric", _frombuffer=_frombuffer)
module("numpy", dtype=dtype)


def f8(values):
    return Call(_frombuffer, struct.pack("<%dd" % len(values), *values), Call(dtype, "f8", False, True, state=(3, "<", None, None, None, -1, -1, 0)),
                (1, len(values)), "C")


def range_frame(stop):
    cols = Call(_new_Index, Index, {"data": Call(_frombuffer, struct.pack("<q", 7), Call(dtype, "i8", False, True, state=(3, "<", None, None, None, -1, -1, 0)), (1,), "C"), "name": None})
    rows = Call(_new_Index, RangeIndex, {"name": None, "start": 0, "stop": stop, "step": 1})
    n = min(stop, 3)
    block = Call(_unpickle_block, f8([0.5 * i for i in range(n)]), slice(0, 1, 1), 2)
    return DataFrame(Call(BlockManager, (block,), [cols, rows]))


open("range_3.pkl", "wb").write(pickle.dumps(range_frame(3), protocol=4))
open("range_2e9.pkl", "wb").write(pickle.dumps(range_frame(2_000_000_000), protocol=4))
