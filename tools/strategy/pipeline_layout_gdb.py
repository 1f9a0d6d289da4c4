# tools/strategy/pipeline_layout_gdb.py: run inside gdb (gdb -batch -x THIS BINARY) by
# pipeline_lines.py. Prints the member layout of strategy::SignalPipeline from the binary's debug
# info, one leaf per line: "OFFSET SIZE PATH" (bytes from the object's start, dotted member
# path). Arrays of structs of at least a cache line are split into their elements (states_[0],
# states_[1]); library plumbing (std::array's _M_elems, std::tuple's bases) is left out of the
# paths.
import gdb

ROOT = "alphapulse::strategy::SignalPipeline"


def short_type_name(t):
    name = str(t.strip_typedefs())
    return name.replace("alphapulse::", "").replace("regime::", "").replace("ta::", "")


def walk(t, offset, path, out):
    t = t.strip_typedefs()
    if t.code == gdb.TYPE_CODE_ARRAY:
        element = t.target().strip_typedefs()
        count = t.sizeof // element.sizeof if element.sizeof else 0
        if element.code == gdb.TYPE_CODE_STRUCT and element.sizeof >= 64 and count <= 16:
            for i in range(count):
                walk(element, offset + i * element.sizeof, path + ["[%d]" % i], out)
            return
        out.append((offset, t.sizeof, path))
        return
    if t.code not in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION) or t.sizeof == 0:
        out.append((offset, t.sizeof, path))
        return
    fields = [f for f in t.fields() if not f.is_base_class or f.type.sizeof > 0]
    if not fields:
        out.append((offset, t.sizeof, path))
        return
    for f in fields:
        if not hasattr(f, "bitpos") or f.bitpos is None:
            continue  # static member
        name = f.name or ""
        sub = offset + f.bitpos // 8
        if f.is_base_class or name in ("_M_elems", "_M_t", "_M_head_impl") or name.startswith("std::"):
            if name == "_M_head_impl":
                walk(f.type, sub, path + ["<" + short_type_name(f.type) + ">"], out)
            else:
                walk(f.type, sub, path, out)
        else:
            walk(f.type, sub, path + [name], out)


out = []
walk(gdb.lookup_type(ROOT), 0, [], out)
for offset, size, path in out:
    print("%d %d %s" % (offset, size, ".".join(path).replace(".[", "[") or "(object)"))
