#!/usr/bin/env python3
"""EZKL oracle: generates the zkML conformance vectors in test-vectors/zk/.

Usage:
  scripts/zk-vectors.py            regenerate test-vectors/zk/ (replaces it whole)
  scripts/zk-vectors.py --check    re-run ezkl.verify on every committed case and assert
                                   the recorded verdict (for CI where the wheel is present)
  options: --out DIR (default <repo>/test-vectors/zk), --keep-work DIR (keep pk/witness)

Needs `pip install ezkl==23.0.5 onnx` (Python 3.11; no torch: the ONNX graphs are
built with the onnx helper API from fixed weights).

For each model: build the ONNX graph, gen_settings (PyRunArgs), compile_circuit,
gen_srs (ezkl's UNSAFE test SRS, random tau, at the model's logrows), gen_witness,
mock, setup, prove, ezkl.verify (must be True), create_evm_vka. The committed SRS is a
k=1 reduction of that SRS (g[0], g[1], their k=1 Lagrange basis, g2, s_g2: exactly what
halo2's ParamsKZG::downsize(1) gives), which ezkl accepts with verify(reduced_srs=True);
the full SRS is kept only for the two smallest logrows.

Then mutations, each a separate proof JSON judged by ezkl.verify (an exception counts
as False): one flipped byte at ~24 evenly spaced 32-byte words of the proof, each public
instance + 1, a non-canonical instance (+ r), instance-list and proof-length changes,
and the valid proof with another ceremony's SRS. Proofs are randomised (blinding) and the
SRS tau is random, so a re-run writes different bytes; the verdicts reproduce.

Mutated proof files hold the fields ezkl needs ("protocol", "instances", "proof" as a
byte array, "split", "version"): no "hex_proof" / "pretty_public_inputs", to keep the
folder small. The valid proof.json is ezkl's file unchanged.
"""

import argparse
import asyncio
import json
import os
import shutil
import struct
import sys
import tempfile
import time

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(SCRIPT_DIR)
DEFAULT_OUT = os.path.join(REPO, "test-vectors", "zk")
EZKL_VERSION = "23.0.5"

# BN254 base field p and scalar field r.
P = 21888242871839275222246405745257275088696311157297823662689037894645226208583
R_SCALAR = 21888242871839275222246405745257275088548364400416034343698204186575808495617
MONT_R = pow(2, 256, P)
MONT_R_INV = pow(MONT_R, -1, P)

N_BYTE_FLIPS = 20
# (byte position inside the 32-byte big-endian word, xor mask), cycled over the sampled words:
# low bit of the least significant byte, top bit of the most significant byte (>= 2^255:
# a non-canonical field element / coordinate), a middle byte, low bit of the top byte, a
# whole byte inverted.
FLIP_PATTERN = [(31, 0x01), (0, 0x80), (16, 0x01), (0, 0x01), (8, 0xFF)]


class quiet_fds:
    """ezkl's Rust code logs ("Using 2 columns for range-check.") straight to fds 1/2: silence them
    for the duration of one call (ezkl reports failures by raising, not by printing)."""

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = [os.dup(1), os.dup(2)]
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)

    def __exit__(self, *exc):
        for fd, saved in zip((1, 2), self.saved):
            os.dup2(saved, fd)
            os.close(saved)
        return False


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------- BN254 G1 / SRS


def fq_from_raw(b):
    """halo2curves RawBytes: 4 little-endian u64 limbs of the Montgomery form."""
    return int.from_bytes(b, "little") * MONT_R_INV % P


def fq_to_raw(x):
    return (x * MONT_R % P).to_bytes(32, "little")


def g1_add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    (x1, y1), (x2, y2) = a, b
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return None
        lam = 3 * x1 * x1 * pow(2 * y1, -1, P) % P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (lam * lam - x1 - x2) % P
    return (x3, (lam * (x1 - x3) - y1) % P)


def g1_neg(a):
    return (a[0], (-a[1]) % P)


def g1_mul(a, k):
    acc = None
    while k:
        if k & 1:
            acc = g1_add(acc, a)
        a = g1_add(a, a)
        k >>= 1
    return acc


def read_srs(data):
    """halo2 ParamsKZG::write layout: u32 LE k, 2^k g, 2^k g_lagrange (64 B raw each), g2, s_g2."""
    k = struct.unpack("<I", data[:4])[0]
    n = 1 << k
    if len(data) != 4 + 128 * n + 256:
        raise ValueError("SRS size %d does not match k=%d" % (len(data), k))

    def point(off):
        return (fq_from_raw(data[off : off + 32]), fq_from_raw(data[off + 32 : off + 64]))

    g = [point(4 + 64 * i) for i in range(n)]
    g_lagrange = [point(4 + 64 * (n + i)) for i in range(n)]
    for x, y in g[:2] + g_lagrange[:2]:
        assert (y * y - x * x * x - 3) % P == 0, "SRS point not on BN254"
    return k, g, g_lagrange, data[4 + 128 * n :]


def reduce_srs_to_k1(data):
    """ParamsKZG::downsize(1): g[0..2], g_lagrange = inverse FFT over {1, -1} / 2, same G2 tail."""
    k, g, _, tail = read_srs(data)
    assert k >= 1
    half = pow(2, -1, R_SCALAR)
    g0, g1 = g[0], g[1]
    pts = [g0, g1, g1_mul(g1_add(g0, g1), half), g1_mul(g1_add(g0, g1_neg(g1)), half)]
    out = struct.pack("<I", 1) + b"".join(fq_to_raw(x) + fq_to_raw(y) for x, y in pts) + tail
    assert len(out) == 516 and out[4:132] == data[4:132]
    return out


def self_test_srs_reduction(ezkl, work):
    """A fresh k=1 SRS from ezkl must equal our reduction of itself (checks the Lagrange step)."""
    path = os.path.join(work, "selftest-k1.srs")
    ezkl.gen_srs(path, 1)
    data = open(path, "rb").read()
    assert reduce_srs_to_k1(data) == data, "k=1 SRS reduction disagrees with ezkl's own k=1 SRS"


# ---------------------------------------------------------------- ONNX models


def build_models():
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(20260101)

    def w(shape):
        # multiples of 1/8 in [-1, 1): exact at scale 4 (x16)
        return (rng.integers(-8, 8, size=shape) / 8).astype(np.float32)

    def vi(name, shape):
        return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)

    def model(name, nodes, inputs, outputs, inits):
        graph = helper.make_graph(nodes, name, inputs, outputs, [numpy_helper.from_array(v, k) for k, v in inits])
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="lightcheck zk-vectors")
        m.ir_version = 8
        onnx.checker.check_model(m)
        return m.SerializeToString()

    models = {}
    models["linear"] = (
        model(
            "linear",
            [helper.make_node("MatMul", ["x", "W"], ["m"]), helper.make_node("Add", ["m", "b"], ["y"])],
            [vi("x", [1, 3])],
            [vi("y", [1, 2])],
            [("W", w((3, 2))), ("b", w((2,)))],
        ),
        "MatMul(3x2) + Add: x[1,3] -> y[1,2]",
    )
    models["mlp"] = (
        model(
            "mlp",
            [
                helper.make_node("Gemm", ["x", "W1", "b1"], ["h"]),
                helper.make_node("Relu", ["h"], ["r"]),
                helper.make_node("MatMul", ["r", "W2"], ["m"]),
                helper.make_node("Add", ["m", "b2"], ["y"]),
            ],
            [vi("x", [1, 4])],
            [vi("y", [1, 2])],
            [("W1", w((4, 8))), ("b1", w((8,))), ("W2", w((8, 2))), ("b2", w((2,)))],
        ),
        "MLP Gemm(4x8) + Relu + MatMul(8x2) + Add: x[1,4] -> y[1,2]",
    )
    models["conv1d"] = (
        model(
            "conv1d",
            [
                helper.make_node("Conv", ["x", "W", "b"], ["c"], kernel_shape=[3], strides=[1], pads=[0, 0], dilations=[1]),
                helper.make_node("Relu", ["c"], ["y"]),
            ],
            [vi("x", [1, 1, 6])],
            [vi("y", [1, 2, 4])],
            [("W", w((2, 1, 3))), ("b", w((2,)))],
        ),
        "1-D Conv (2 filters, kernel 3) + Relu: x[1,1,6] -> y[1,2,4]",
    )
    models["conv2d"] = (
        model(
            "conv2d",
            [
                helper.make_node(
                    "Conv", ["x", "W", "b"], ["c"], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0], dilations=[1, 1]
                ),
                helper.make_node("Relu", ["c"], ["y"]),
            ],
            [vi("x", [1, 1, 4, 4])],
            [vi("y", [1, 1, 2, 2])],
            [("W", w((1, 1, 2, 2))), ("b", w((1,)))],
        ),
        "2-D Conv (1 filter 2x2, stride 2) + Relu: x[1,1,4,4] -> y[1,1,2,2]",
    )
    models["reduce-sigmoid"] = (
        model(
            "reduce_sigmoid",
            [
                helper.make_node("ReduceSum", ["x", "axes"], ["s"], keepdims=1),
                helper.make_node("ReduceMean", ["x"], ["m"], axes=[1], keepdims=1),
                helper.make_node("Concat", ["s", "m"], ["c"], axis=1),
                helper.make_node("Sigmoid", ["c"], ["y"]),
            ],
            [vi("x", [1, 6])],
            [vi("y", [1, 2])],
            [("axes", np.array([1], dtype=np.int64))],
        ),
        "ReduceSum + ReduceMean + Concat + Sigmoid (lookup table): x[1,6] -> y[1,2]",
    )
    return models


X4x4 = [round(((i * 7) % 11 - 5) / 4, 2) for i in range(16)]

# name, model, input data, input/output/param visibility, logrows, num_inner_cols,
# decomp (base, legs), lookup_range, extras (instance-list / proof-length mutations),
# keep the full SRS as an extra valid case
CASES = [
    dict(name="linear-k6-public-public", model="linear", data=[[0.5, -0.25, 1.0]], vis=("public", "public", "fixed"),
         logrows=6, cols=2, decomp=(32, 3), lookup=(0, 0), extras=False, full_srs=True),
    dict(name="linear-k7-public-hashed", model="linear", data=[[0.5, -0.25, 1.0]], vis=("public", "hashed", "private"),
         logrows=7, cols=2, decomp=(128, 2), lookup=(0, 0), extras=False, full_srs=False),
    dict(name="mlp-k8-public-public", model="mlp", data=[[0.5, -0.25, 1.0, 0.75]], vis=("public", "public", "fixed"),
         logrows=8, cols=1, decomp=(128, 2), lookup=(0, 0), extras=False, full_srs=False),
    dict(name="conv1d-k9-public-private", model="conv1d", data=[[0.5, -0.25, 1.0, 0.75, -1.0, 0.25]],
         vis=("public", "private", "fixed"), logrows=9, cols=2, decomp=(128, 2), lookup=(0, 0), extras=False,
         full_srs=False),
    dict(name="conv2d-k8-fixed-public", model="conv2d", data=[X4x4], vis=("fixed", "public", "fixed"),
         logrows=8, cols=1, decomp=(128, 2), lookup=(0, 0), extras=False, full_srs=False),
    dict(name="mlp-k10-private-public", model="mlp", data=[[0.5, -0.25, 1.0, 0.75]], vis=("private", "public", "fixed"),
         logrows=10, cols=1, decomp=(128, 2), lookup=(0, 0), extras=True, full_srs=False),
    dict(name="reduce-sigmoid-k12-hashed-public", model="reduce-sigmoid", data=[[0.5, -0.25, 1.0, 0.75, -1.0, 0.25]],
         vis=("hashed", "public", "fixed"), logrows=12, cols=2, decomp=(128, 2), lookup=(-128, 128), extras=True,
         full_srs=False),
]


# ---------------------------------------------------------------- ezkl helpers


def ezkl_verify(ezkl, proof, settings, vk, srs, reduced):
    """(verdict, error message). Any exception from ezkl counts as False."""
    try:
        with quiet_fds():
            ok = ezkl.verify(proof, settings, vk, srs_path=srs, reduced_srs=reduced)
        return bool(ok), None
    except Exception as e:  # noqa: BLE001 - ezkl raises RuntimeError/PanicException
        return False, str(e).splitlines()[0][:300]


def create_vka(ezkl, vk, settings, vka, srs):
    async def go():
        return await ezkl.create_evm_vka(vk, settings, vka, srs_path=srs)

    return asyncio.run(go())


def dump_json(path, obj, compact=True):
    with open(path, "w") as f:
        if compact:
            json.dump(obj, f, separators=(",", ":"))
        else:
            json.dump(obj, f, indent=2, sort_keys=True)
            f.write("\n")


def le_hex_to_int(h):
    return int.from_bytes(bytes.fromhex(h), "little")


def int_to_le_hex(v):
    return v.to_bytes(32, "little").hex()


# ---------------------------------------------------------------- generation


def generate(out, keep_work):
    import ezkl

    t_start = time.time()
    if os.path.isdir(out):
        if os.listdir(out) and not os.path.isfile(os.path.join(out, "manifest.json")):
            raise SystemExit("zk-vectors: %s is not empty and has no manifest.json: refusing to replace it" % out)
        shutil.rmtree(out)
    os.makedirs(out)
    work_root = keep_work or tempfile.mkdtemp(prefix="zk-vectors-")
    os.makedirs(work_root, exist_ok=True)
    self_test_srs_reduction(ezkl, work_root)
    models = build_models()
    cases = []
    timings = {}
    built = []

    for spec in CASES:
        t0 = time.time()
        name = spec["name"]
        d = os.path.join(out, name)
        wk = os.path.join(work_root, name)
        os.makedirs(d)
        os.makedirs(wk, exist_ok=True)
        onnx_bytes, shape_desc = models[spec["model"]]
        onnx_path = os.path.join(d, "network.onnx")
        open(onnx_path, "wb").write(onnx_bytes)
        input_path = os.path.join(d, "input.json")
        dump_json(input_path, {"input_data": spec["data"]})
        settings = os.path.join(d, "settings.json")
        compiled = os.path.join(wk, "network.ezkl")
        srs_full = os.path.join(wk, "kzg.srs")
        witness = os.path.join(wk, "witness.json")
        vk = os.path.join(d, "vk.key")
        pk = os.path.join(wk, "pk.key")
        proof = os.path.join(d, "proof.json")
        vka = os.path.join(d, "vka.bytes")
        srs1 = os.path.join(d, "kzg1.srs")

        vis_in, vis_out, vis_param = spec["vis"]
        ra = ezkl.PyRunArgs()
        ra.input_scale = 4
        ra.param_scale = 4
        ra.logrows = spec["logrows"]
        ra.num_inner_cols = spec["cols"]
        ra.decomp_base, ra.decomp_legs = spec["decomp"]
        ra.lookup_range = spec["lookup"]
        ra.input_visibility = vis_in
        ra.output_visibility = vis_out
        ra.param_visibility = vis_param
        with quiet_fds():  # ezkl's own logging; failures raise
            assert ezkl.gen_settings(onnx_path, settings, py_run_args=ra)
            assert ezkl.compile_circuit(onnx_path, compiled, settings)
            logrows = json.load(open(settings))["run_args"]["logrows"]
            assert logrows == spec["logrows"], "gen_settings changed logrows to %d" % logrows
            ezkl.gen_srs(srs_full, logrows)
            ezkl.gen_witness(input_path, compiled, witness)
            assert ezkl.mock(witness, compiled), "mock failed"
            # fixed (baked-in) inputs need the witness at setup time
            assert ezkl.setup(compiled, vk, pk, srs_path=srs_full, witness_path=witness if vis_in == "fixed" else None)
            assert ezkl.prove(witness, compiled, pk, proof_path=proof, srs_path=srs_full)
            ok, err = ezkl_verify(ezkl, proof, settings, vk, srs_full, False)
            assert ok, "fresh proof does not verify with the full SRS: %s" % err
            assert create_vka(ezkl, vk, settings, vka, srs_full)
            open(srs1, "wb").write(reduce_srs_to_k1(open(srs_full, "rb").read()))
            ok, err = ezkl_verify(ezkl, proof, settings, vk, srs1, True)
            assert ok, "fresh proof does not verify with the reduced k=1 SRS: %s" % err
        full_srs_rel = None
        if spec["full_srs"]:
            shutil.copy(srs_full, os.path.join(d, "kzg.srs"))
            full_srs_rel = "%s/kzg.srs" % name

        pj = json.load(open(proof))
        proof_bytes = bytes(pj["proof"])
        assert pj.get("hex_proof", "0x" + proof_bytes.hex()) == "0x" + proof_bytes.hex()
        instances = pj["instances"]
        flat = [(c, i) for c, col in enumerate(instances) for i in range(len(col))]
        timings[name] = {"pipeline_s": round(time.time() - t0, 2)}
        built.append(dict(spec=spec, dir=d, shape=shape_desc, proof_len=len(proof_bytes), instances=instances,
                          proof_json=pj, srs1=srs1, settings=settings, vk=vk, logrows=logrows, full_srs_rel=full_srs_rel))
        log("built %-34s logrows %2d  instances %2d  proof %5d B  vka %5d B  vk %5d B  (%.2f s)" % (
            name, logrows, len(flat), len(proof_bytes), os.path.getsize(vka), os.path.getsize(vk), time.time() - t0))

    # mutations and verdicts
    for idx, b in enumerate(built):
        t0 = time.time()
        spec, d, name, pj = b["spec"], b["dir"], b["spec"]["name"], b["proof_json"]
        vis_in, vis_out, _ = spec["vis"]
        rel = lambda p: os.path.relpath(p, out)  # noqa: E731
        mdir = os.path.join(d, "mutations")
        os.makedirs(mdir)
        proof_bytes = bytes(pj["proof"])
        instances = pj["instances"]
        n_inst = sum(len(c) for c in instances)
        base = {"protocol": pj.get("protocol"), "instances": instances, "proof": list(proof_bytes),
                "split": pj.get("split"), "version": pj.get("version")}

        def add_case(case_name, proof_path, srs_path, reduced, mutation, description, stricter_ok=False):
            verdict, err = ezkl_verify(ezkl, proof_path, b["settings"], b["vk"], srs_path, reduced)
            c = {
                "name": case_name,
                "dir": name,
                "vka": rel(os.path.join(d, "vka.bytes")),
                "proof": rel(proof_path),
                "srs": rel(srs_path),
                "settings": rel(b["settings"]),
                "vk": rel(b["vk"]),
                "reduced_srs": reduced,
                "logrows": b["logrows"],
                "input_visibility": vis_in,
                "output_visibility": vis_out,
                "num_instances": n_inst,
                "expected": "valid" if verdict else "invalid",
                "ezkl_verdict": verdict,
                "ezkl_error": err,
                "mutation": mutation,
                "description": description,
            }
            if stricter_ok:
                c["stricter_ok"] = True
            cases.append(c)
            return verdict

        def write_mut(fname, obj):
            path = os.path.join(mdir, fname)
            dump_json(path, obj)
            return path

        v = add_case(name, os.path.join(d, "proof.json"), b["srs1"], True, None,
                     "valid proof (ezkl's proof.json), k=1 reduced SRS of the same ceremony")
        assert v
        if b["full_srs_rel"]:
            v = add_case(name + "/full-srs", os.path.join(d, "proof.json"), os.path.join(out, b["full_srs_rel"]), False,
                         None, "valid proof, full k=%d SRS (%d points)" % (b["logrows"], 1 << b["logrows"]))
            assert v
        other = built[(idx + 1) % len(built)]
        add_case(name + "/srs-other-tau", os.path.join(d, "proof.json"), other["srs1"], True,
                 {"kind": "srs_other_tau", "srs_from": other["spec"]["name"]},
                 "valid proof, k=1 SRS of another ceremony (different tau: s_g2 differs)")

        # one flipped byte at evenly spaced 32-byte words
        n_words = len(proof_bytes) // 32
        assert n_words * 32 == len(proof_bytes)
        n = min(N_BYTE_FLIPS, n_words)
        words = sorted({round(i * (n_words - 1) / (n - 1)) for i in range(n)})
        for j, word in enumerate(words):
            pos, mask = FLIP_PATTERN[j % len(FLIP_PATTERN)]
            off = word * 32 + pos
            mutated = bytearray(proof_bytes)
            mutated[off] ^= mask
            path = write_mut("byte-%05d.json" % off, dict(base, proof=list(mutated)))
            add_case("%s/byte-%05d" % (name, off), path, b["srs1"], True,
                     {"kind": "proof_byte", "offset": off, "xor": mask},
                     "proof byte %d (word %d of %d, byte %d of the big-endian word) xor 0x%02x" % (
                         off, word, n_words, pos, mask))

        # each public instance + 1
        k = 0
        for c, col in enumerate(instances):
            for i in range(len(col)):
                inst = [list(x) for x in instances]
                inst[c][i] = int_to_le_hex((le_hex_to_int(col[i]) + 1) % R_SCALAR)
                path = write_mut("instance-%d.json" % k, dict(base, instances=inst))
                add_case("%s/instance-%d" % (name, k), path, b["srs1"], True, {"kind": "instance", "index": k},
                         "instance %d (column %d row %d) + 1" % (k, c, i))
                k += 1

        if spec["extras"]:
            inst = [list(x) for x in instances]
            inst[0][0] = int_to_le_hex(le_hex_to_int(inst[0][0]) + R_SCALAR)
            path = write_mut("instance-0-plus-r.json", dict(base, instances=inst))
            add_case(name + "/instance-0-plus-r", path, b["srs1"], True, {"kind": "instance_noncanonical", "index": 0},
                     "instance 0 + r: same value mod r, non-canonical 32-byte encoding")
            inst = [list(x) for x in instances]
            inst[-1] = inst[-1][:-1]
            path = write_mut("instances-drop-last.json", dict(base, instances=inst))
            add_case(name + "/instances-drop-last", path, b["srs1"], True, {"kind": "instances_drop_last"},
                     "last public instance removed (one fewer than the circuit has)")
            inst = [list(x) for x in instances]
            inst[-1] = inst[-1] + ["00" * 32]
            path = write_mut("instances-extra-zero.json", dict(base, instances=inst))
            add_case(name + "/instances-extra-zero", path, b["srs1"], True, {"kind": "instances_extra_zero"},
                     "a zero instance appended (the column's padding value, but absorbed into the transcript)")
            path = write_mut("instances-extra-column.json", dict(base, instances=[list(x) for x in instances] + [[]]))
            add_case(name + "/instances-extra-column", path, b["srs1"], True, {"kind": "instances_extra_column"},
                     "an empty second instance column")
            path = write_mut("proof-truncated-1.json", dict(base, proof=list(proof_bytes[:-1])))
            add_case(name + "/proof-truncated-1", path, b["srs1"], True, {"kind": "proof_truncated", "bytes": 1},
                     "last proof byte removed")
            path = write_mut("proof-truncated-32.json", dict(base, proof=list(proof_bytes[:-32])))
            add_case(name + "/proof-truncated-32", path, b["srs1"], True, {"kind": "proof_truncated", "bytes": 32},
                     "last 32-byte word of the proof removed")
            path = write_mut("proof-extended-32.json", dict(base, proof=list(proof_bytes) + [0] * 32))
            add_case(name + "/proof-extended-32", path, b["srs1"], True, {"kind": "proof_extended", "bytes": 32},
                     "32 zero bytes appended after the proof. ezkl does not check that the transcript is "
                     "consumed and accepts it; a verifier that rejects trailing bytes is stricter, not wrong",
                     stricter_ok=True)
        timings[name]["mutations_s"] = round(time.time() - t0, 2)

    manifest = {
        "generator": "scripts/zk-vectors.py (ezkl %s)" % EZKL_VERSION,
        "description": (
            "EZKL 23.0.5 proofs (halo2 KZG/BN254, SHPLONK, EVM keccak transcript) of small ONNX models, "
            "with ezkl.verify's verdict on each valid and mutated proof. Paths are relative to this file's "
            "directory. Verify with vka + proof + srs (lightcheck) or proof + settings + vk + srs "
            "(ezkl.verify, reduced_srs as given). Proofs and SRS taus are random: a re-run changes the "
            "bytes, not the verdicts. expected == ezkl_verdict for every case; stricter_ok marks cases "
            "ezkl accepts that a stricter verifier may reject."),
        "ezkl_version": EZKL_VERSION,
        "models": [
            {
                "dir": b["spec"]["name"],
                "model": b["shape"],
                "input_visibility": b["spec"]["vis"][0],
                "output_visibility": b["spec"]["vis"][1],
                "param_visibility": b["spec"]["vis"][2],
                "logrows": b["logrows"],
                "num_inner_cols": b["spec"]["cols"],
                "decomp_base": b["spec"]["decomp"][0],
                "decomp_legs": b["spec"]["decomp"][1],
                "lookup_range": list(b["spec"]["lookup"]),
                "num_instances": sum(len(c) for c in b["instances"]),
                "proof_len": b["proof_len"],
            }
            for b in built
        ],
        "cases": cases,
    }
    write_manifest(os.path.join(out, "manifest.json"), manifest)
    write_readme(out, built, cases)
    if not keep_work:
        shutil.rmtree(work_root, ignore_errors=True)

    total = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(out) for f in fs)
    biggest = max(((os.path.getsize(os.path.join(r, f)), os.path.join(r, f)) for r, _, fs in os.walk(out) for f in fs))
    n_valid = sum(c["ezkl_verdict"] for c in cases)
    flips = [c for c in cases if c["mutation"] and c["mutation"]["kind"] == "proof_byte"]
    accepted_mut = [c["name"] for c in cases if c["mutation"] and c["ezkl_verdict"]]
    log("cases: %d (%d valid, %d invalid); proof-byte flips %d, accepted by ezkl: %d" % (
        len(cases), n_valid, len(cases) - n_valid, len(flips), sum(c["ezkl_verdict"] for c in flips)))
    log("mutations accepted by ezkl: %s" % (", ".join(accepted_mut) or "none"))
    log("output %s: %d bytes in %d files; largest %s (%d B)" % (
        out, total, sum(len(fs) for _, _, fs in os.walk(out)), os.path.relpath(biggest[1], out), biggest[0]))
    log("timings: %s" % json.dumps(timings))
    log("generator runtime %.1f s" % (time.time() - t_start))


def write_manifest(path, manifest):
    """Pretty top level, one compact line per model and per case (keeps the file small and diffable)."""
    lines = ["{"]
    for key in ("generator", "ezkl_version", "description"):
        lines.append("  %s: %s," % (json.dumps(key), json.dumps(manifest[key])))
    for key in ("models", "cases"):
        items = manifest[key]
        lines.append("  %s: [" % json.dumps(key))
        for i, item in enumerate(items):
            lines.append("    %s%s" % (json.dumps(item, separators=(", ", ": ")), "," if i + 1 < len(items) else ""))
        lines.append("  ]%s" % ("," if key == "models" else ""))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == manifest
    open(path, "w").write(text)


def write_readme(out, built, cases):
    lines = [
        "# zkML (EZKL) conformance vectors",
        "",
        "Generated by `scripts/zk-vectors.py` with ezkl %s (PyPI wheel); do not edit by hand." % EZKL_VERSION,
        "`manifest.json` lists every case with ezkl.verify's verdict; `scripts/zk-vectors.py --check` re-checks",
        "the verdicts, `scripts/zk-differential` compares them with `lightcheck zk verify`.",
        "",
        "Per model folder: `network.onnx` (fixed weights), `input.json`, `settings.json`, `vk.key`, `vka.bytes`",
        "(`create_evm_vka`), `proof.json` (ezkl's file), `kzg1.srs` (k=1 reduction of the model's UNSAFE random-tau",
        "test SRS: verify with `reduced_srs=True`), optionally `kzg.srs` (the full SRS), and",
        "`mutations/*.json` (proof JSON with only protocol/instances/proof/split/version).",
        "",
        "| folder | model | visibility in/out/params | logrows | instances | proof bytes |",
        "|---|---|---|---|---|---|",
    ]
    for b in built:
        s = b["spec"]
        lines.append("| `%s` | %s | %s | %d | %d | %d |" % (
            s["name"], b["shape"], "/".join(s["vis"]), b["logrows"], sum(len(c) for c in b["instances"]),
            b["proof_len"]))
    lines += ["", "%d cases, %d valid per ezkl." % (len(cases), sum(c["ezkl_verdict"] for c in cases)), ""]
    open(os.path.join(out, "README.md"), "w").write("\n".join(lines))


# ---------------------------------------------------------------- --check


def check(out):
    import ezkl

    manifest = json.load(open(os.path.join(out, "manifest.json")))
    passed = failed = 0
    for c in manifest["cases"]:
        p = lambda k: os.path.join(out, c[k])  # noqa: E731
        verdict, err = ezkl_verify(ezkl, p("proof"), p("settings"), p("vk"), p("srs"), c["reduced_srs"])
        if verdict == c["ezkl_verdict"]:
            passed += 1
        else:
            failed += 1
            print("MISMATCH %s: recorded %s, ezkl now %s (%s)" % (c["name"], c["ezkl_verdict"], verdict, err), flush=True)
    print("zk-vectors --check: %d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


SHARED_HALO2 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "vectors", "halo2")


def shared_set_vkas(ezkl, out):
    """VKAs for the shared EZKL repo-asset sets, which ship vk.key + settings but no VKA.

    The 2025-06 settings predate `disable_freivalds`; it is added (false) as ezkl 23 requires.
    Written to OUT/shared-sets/<set>/vka.bytes; the proofs stay in ../shared/vectors."""
    if not os.path.isdir(SHARED_HALO2):
        log("!!!!!!!! ../shared/vectors/halo2 not found: shared-set VKAs NOT regenerated !!!!!!!!")
        return
    srs = os.path.join(SHARED_HALO2, "ezkl-repo-assets-2025-10", "kzg1.srs")
    for name in ("ezkl-repo-assets-2025-10", "ezkl-repo-assets-2025-06"):
        src = os.path.join(SHARED_HALO2, name)
        dst = os.path.join(out, "shared-sets", name)
        os.makedirs(dst, exist_ok=True)
        with open(os.path.join(src, "settings.json")) as f:
            settings = json.load(f)
        settings["run_args"].setdefault("disable_freivalds", False)
        with tempfile.TemporaryDirectory() as tmp:
            patched = os.path.join(tmp, "settings.json")
            with open(patched, "w") as f:
                json.dump(settings, f)
            create_vka(ezkl, os.path.join(src, "vk.key"), patched, os.path.join(dst, "vka.bytes"), srs)
        log("shared set %s: vka.bytes %d bytes" % (name, os.path.getsize(os.path.join(dst, "vka.bytes"))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="re-verify committed cases with ezkl and assert verdicts")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--keep-work", default=None, help="directory for pk.key, witness, compiled circuit (kept)")
    args = ap.parse_args()
    import importlib.metadata
    import importlib.util

    if importlib.util.find_spec("ezkl") is None:
        print("zk-vectors: ezkl is not installed (pip install ezkl==%s onnx)" % EZKL_VERSION, file=sys.stderr)
        return 2
    version = importlib.metadata.version("ezkl")
    if version != EZKL_VERSION:
        print("zk-vectors: warning: ezkl %s, vectors are for %s" % (version, EZKL_VERSION), file=sys.stderr)
    if args.check:
        return check(args.out)
    generate(args.out, args.keep_work)
    import ezkl

    shared_set_vkas(ezkl, args.out)
    return 0


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # ezkl's tokio threads can crash CPython's finalisation (PyGILState_Release / SIGSEGV at exit)
    # after all work is done: skip finalisation.
    os._exit(rc)
