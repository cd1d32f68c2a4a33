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


# ---- hostile pickles, opcode by opcode (never loaded: each would run its payload) ----
def su(s):  # SHORT_BINUNICODE
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b


def hostile(name, body, proto=4):
    open(name, "wb").write(b"\x80" + bytes([proto]) + body + b".")


CMD = su("touch /tmp/clearml_acceptance_PWNED_vitrine_scan")
# os.system hidden behind a POP: a naive scan pairs 'x' with the string after it
hostile("pop_hides_stack_global.pkl", su("x") + su("os") + su("junk") + b"0" + su("system") + b"\x93" + CMD + b"\x85R")
# the same with DUP/POP_MARK and the memo in between
hostile("dup_popmark_memo.pkl", su("os") + b"\x94" + b"(" + su("a") + su("b") + b"1" + su("noise") + b"0"
        + b"h\x00" + su("system") + b"2" + b"0" + b"\x93" + CMD + b"\x85R")
# gadgets a deny-list misses
hostile("pkgutil_resolve_name.pkl", su("pkgutil") + su("resolve_name") + b"\x93" + su("os:system") + b"\x85R" + CMD + b"\x85R")
hostile("osx_support_read_output.pkl", su("_osx_support") + su("_read_output") + b"\x93" + CMD + b"\x85R")
hostile("imaplib_stream.pkl", su("imaplib") + su("IMAP4_stream") + b"\x93" + CMD + b"\x85R")
# an unknown class's NEWOBJ with arguments, and BUILD setting attributes on a class itself
hostile("newobj_with_args.pkl", su("somelib") + su("Gadget") + b"\x93" + CMD + b"\x85\x81")
hostile("build_on_class.pkl", su("collections") + su("OrderedDict") + b"\x93" + b"N}" + su("__reduce__") + b"N" + b"s\x86b")
# protocol 0 INST and protocol 1 OBJ
hostile("inst_protocol0.pkl", b"(S'touch /tmp/clearml_acceptance_PWNED_vitrine_scan'\nios\nsystem\n", proto=2)
hostile("obj_protocol1.pkl", b"(cos\nsystem\nS'touch /tmp/x'\no", proto=2)
# an inert factory handed a gadget class
hostile("factory_gets_gadget.pkl", su("copyreg") + su("_reconstructor") + b"\x93" + su("subprocess") + su("Popen") + b"\x93"
        + su("builtins") + su("list") + b"\x93" + b"N\x87R")
