"""Five checkpoints of one real ONNX model, as saved while fine-tuning with a frozen backbone.

A few 3x3 convolutions (the backbone) and a two-layer classifier. Every save has the same
backbone weights; only the classifier's weights (and the epoch in the doc string) change.
The classifier's initializers come last in the file, as exporters write them in graph order.

Usage: make_checkpoints.py OUT_DIR SCALE
  SCALE 1.0 gives about 100 MiB of weights; the smoke mode uses a small fraction.
Writes OUT_DIR/epoch-{1..5}.onnx and prints a JSON summary.
"""

import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def channels(scale):
    # Widths chosen so that scale 1.0 is ~100 MiB of float32 weights, ~6% in the classifier.
    base = [3, 64, 128, 256, 512, 768, 1024, 1024]
    return [base[0]] + [max(4, int(round(c * scale ** 0.5))) for c in base[1:]]


def build(scale, epoch):
    rng_backbone = np.random.default_rng(1234)
    rng_head = np.random.default_rng(1000 + epoch)
    ch = channels(scale)
    inits, nodes = [], []
    x = "input"
    for i in range(len(ch) - 1):
        w = rng_backbone.standard_normal((ch[i + 1], ch[i], 3, 3), dtype=np.float32) * 0.05
        b = np.zeros(ch[i + 1], dtype=np.float32)
        inits += [numpy_helper.from_array(w, f"conv{i}.weight"), numpy_helper.from_array(b, f"conv{i}.bias")]
        nodes.append(helper.make_node("Conv", [x, f"conv{i}.weight", f"conv{i}.bias"], [f"conv{i}"], pads=[1, 1, 1, 1], strides=[2 if i % 2 else 1] * 2))
        nodes.append(helper.make_node("Relu", [f"conv{i}"], [f"relu{i}"]))
        x = f"relu{i}"
    nodes.append(helper.make_node("GlobalAveragePool", [x], ["pool"]))
    nodes.append(helper.make_node("Flatten", ["pool"], ["features"]))
    hidden, classes = max(8, int(round(1536 * scale ** 0.5))), 1000
    head = [
        ("fc1.weight", (ch[-1], hidden)), ("fc1.bias", (hidden,)),
        ("fc2.weight", (hidden, classes)), ("fc2.bias", (classes,)),
    ]
    for name, shape in head:
        inits.append(numpy_helper.from_array(rng_head.standard_normal(shape, dtype=np.float32) * 0.02, name))
    nodes.append(helper.make_node("Gemm", ["features", "fc1.weight", "fc1.bias"], ["fc1"]))
    nodes.append(helper.make_node("Relu", ["fc1"], ["fc1.relu"]))
    nodes.append(helper.make_node("Gemm", ["fc1.relu", "fc2.weight", "fc2.bias"], ["logits"]))
    graph = helper.make_graph(
        nodes, "bench_classifier",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, 224, 224])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", classes])],
        initializer=inits,
    )
    model = helper.make_model(graph, producer_name="arca-bench", opset_imports=[helper.make_opsetid("", 17)])
    model.doc_string = f"fine-tuned classifier head, epoch {epoch}"
    onnx.checker.check_model(model)
    head_bytes = sum(numpy_helper.to_array(t).nbytes for t in inits if t.name.startswith("fc"))
    all_bytes = sum(numpy_helper.to_array(t).nbytes for t in inits)
    return model, head_bytes, all_bytes


def main():
    out, scale = sys.argv[1], float(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    files = []
    for epoch in range(1, 6):
        model, head_bytes, all_bytes = build(scale, epoch)
        path = os.path.join(out, f"epoch-{epoch}.onnx")
        onnx.save_model(model, path)
        files.append(path)
    print(json.dumps({"files": files, "fileBytes": os.path.getsize(files[0]), "weightBytes": all_bytes, "classifierBytes": head_bytes}))


if __name__ == "__main__":
    main()
