"""Benchmark: our engine against micrograd 0.1.0 on micrograd's own demo.

    python bench/engine_bench.py [--steps 5] [--rounds 3]

The workload is micrograd's demo.ipynb: MLP(2, [16, 16, 1]) with ReLU hidden
layers and a linear output, 100 two-moons points, max-margin loss plus 1e-4 L2,
lr = 1.0 - 0.9*k/100, full batch.  It runs, in one process and interleaved
round by round:

  fused       our MLP, each neuron's weighted sum one Value.dot node
  elementary  our MLP with fused=False: the same * and + nodes micrograd builds
  micrograd   micrograd 0.1.0 (pip install micrograd==0.1.0), same initial weights,
              driven by the demo notebook's own loss code

Every step's loss must equal micrograd's (relative difference <= 1e-9), or the
script exits with status 1.  It prints the median time per step and the ratios
micrograd/ours (targets: fused >= 20x, elementary >= 5x), then the memory per
graph node measured with tracemalloc on the demo's loss graph (target:
ours/micrograd <= 0.3x).  Times are wall-clock and vary between machines; no test
asserts them.
"""

import argparse
import gc
import importlib.metadata
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Value  # noqa: E402
from engine.data import make_moons  # noqa: E402
from engine.nn import MLP  # noqa: E402
from engine.train import max_margin_objective, train  # noqa: E402

try:
    import micrograd.engine as mg_engine
    import micrograd.nn as mg_nn
except ImportError:
    mg_engine = mg_nn = None

SIZES = [16, 16, 1]
ALPHA = 1e-4
LOSS_TOLERANCE = 1e-9
TARGETS = {"fused": 20.0, "elementary": 5.0}
MEMORY_TARGET = 0.3


def demo_lr(k, steps):
    return 1.0 - 0.9 * k / 100  # the demo's schedule, for its 100 steps


def our_model(seed, fused):
    return MLP(2, SIZES, activation="relu", rng=random.Random(seed), fused=fused)


def micrograd_model(initial):
    model = mg_nn.MLP(2, list(SIZES))
    params = model.parameters()
    assert len(params) == len(initial)
    for p, data in zip(params, initial):
        p.data = data
    return model


# --- the training runs: one (loss, seconds) pair per step ---------------------

def run_ours(xs, ys, seed, fused, steps):
    model = our_model(seed, fused)
    objective = max_margin_objective(ALPHA)
    records = []
    start = time.perf_counter()
    for step in train(model, xs, ys, steps=steps, lr=demo_lr, objective=objective):
        now = time.perf_counter()
        records.append((step.loss, now - start))
        start = now
    return records


def run_micrograd(xs, ys, initial, steps):
    model = micrograd_model(initial)
    Value = mg_engine.Value

    def loss():  # demo.ipynb's loss(), full batch
        inputs = [list(map(Value, xrow)) for xrow in xs]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(ys, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = ALPHA * sum((p * p for p in model.parameters()))
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(ys, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    records = []
    for k in range(steps):  # demo.ipynb's optimization loop
        start = time.perf_counter()
        total_loss, acc = loss()
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        records.append((total_loss.data, time.perf_counter() - start))
    return records


# --- memory -------------------------------------------------------------------

def count_nodes(root):
    seen, stack = {id(root)}, [root]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def demo_graph(model, value_class, xs, ys):
    """The demo's loss graph, inputs wrapped as Values as the notebook does."""
    inputs = [[value_class(x) for x in row] for row in xs]
    scores = [model(x) for x in inputs]
    losses = [(1 + -yi * si).relu() for yi, si in zip(ys, scores)]
    return sum(losses) * (1.0 / len(losses)) + ALPHA * sum(p * p for p in model.parameters())


def measure_graph(build):
    """(bytes, nodes) of the graph that build() returns, with tracemalloc."""
    gc.collect()
    gc.disable()
    try:
        tracemalloc.start()
        root = build()
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        return size, count_nodes(root)
    finally:
        del build
        gc.enable()
        gc.collect()


# --- the report ------------------------------------------------------------------

def verdict(ok):
    return "PASS" if ok else "FAIL"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=5, help="training steps per run (5)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--points", type=int, default=100, help="two-moons points (100)")
    parser.add_argument("--seed", type=int, default=1337, help="data and weights seed")
    args = parser.parse_args(argv)

    xs, ys = make_moons(args.points, noise=0.1, rng=random.Random(args.seed))
    initial = [p.data for p in our_model(args.seed, fused=True).parameters()]
    have_micrograd = mg_engine is not None

    print("engine benchmark: micrograd's demo, MLP(2, [16, 16, 1]) relu, "
          f"{args.points} two-moons points, max-margin + {ALPHA:g} L2, full batch")
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{args.steps} steps x {args.rounds} rounds, interleaved")
    if have_micrograd:
        print(f"micrograd {importlib.metadata.version('micrograd')} from {mg_engine.__file__}")
    else:
        print("micrograd is not installed (pip install micrograd==0.1.0): "
              "our absolute figures only, no ratios")
    print()

    engines = ["fused", "elementary"] + (["micrograd"] if have_micrograd else [])
    runs = {name: [] for name in engines}
    for r in range(args.rounds):
        order = engines[r % len(engines):] + engines[:r % len(engines)]  # rotate who goes first
        for name in order:
            gc.collect()
            if name == "micrograd":
                runs[name].append(run_micrograd(xs, ys, initial, args.steps))
            else:
                runs[name].append(run_ours(xs, ys, args.seed, name == "fused", args.steps))

    # correctness: every run's losses, step by step, against the reference
    reference = [loss for loss, _ in runs[engines[-1]][0]]
    worst = 0.0
    for name in engines:
        for run in runs[name]:
            for (loss, _), ref in zip(run, reference):
                worst = max(worst, abs(loss - ref) / max(abs(ref), 1e-300))
    losses_ok = worst <= LOSS_TOLERANCE

    print("per step: loss, then median seconds over the rounds")
    print("  step  loss                " + "".join(f"{name:>12}" for name in engines))
    for k in range(args.steps):
        times = [statistics.median(run[k][1] for run in runs[name]) for name in engines]
        print(f"  {k:4d}  {reference[k]:<18.15f}  " + "".join(f"{t:12.4f}" for t in times))
    median = {name: statistics.median(t for run in runs[name] for _, t in run) for name in engines}
    print("  all   median s/step      " + "".join(f"{median[n]:12.4f}" for n in engines))
    print()
    against = "micrograd" if have_micrograd else "fused"
    print(f"losses: max relative difference {worst:.3g} across all runs "
          f"(vs {against}, tolerance {LOSS_TOLERANCE:g})  {verdict(losses_ok)}")

    results = [losses_ok]
    if have_micrograd:
        for name, target in TARGETS.items():
            ratio = median["micrograd"] / median[name]
            print(f"speed: micrograd/{name:<10} {ratio:6.1f}x  (target >= {target:g}x)  "
                  f"{verdict(ratio >= target)}")
            results.append(ratio >= target)
    print()

    # memory per node, on the demo's loss graph (same nodes in elementary and micrograd)
    fused_bytes, fused_nodes = measure_graph(
        lambda: demo_graph(our_model(args.seed, True), Value, xs, ys))
    plain_bytes, plain_nodes = measure_graph(
        lambda: demo_graph(our_model(args.seed, False), Value, xs, ys))
    print("memory: the demo's loss graph (one forward pass over all points), tracemalloc")
    print(f"  {'elementary':<11} {plain_nodes:7d} nodes {plain_bytes / 1e6:7.2f} MB "
          f"{plain_bytes / plain_nodes:6.0f} bytes/node")
    print(f"  {'fused':<11} {fused_nodes:7d} nodes {fused_bytes / 1e6:7.2f} MB "
          f"{fused_bytes / fused_nodes:6.0f} bytes/node")
    if have_micrograd:
        mg_bytes, mg_nodes = measure_graph(
            lambda: demo_graph(micrograd_model(initial), mg_engine.Value, xs, ys))
        print(f"  {'micrograd':<11} {mg_nodes:7d} nodes {mg_bytes / 1e6:7.2f} MB "
              f"{mg_bytes / mg_nodes:6.0f} bytes/node")
        per_node = (plain_bytes / plain_nodes) / (mg_bytes / mg_nodes)
        same_graph = plain_nodes == mg_nodes
        print(f"memory: ours/micrograd per node {per_node:.2f}x on the same "
              f"{'graph' if same_graph else 'workload (node counts differ!)'} "
              f"(target <= {MEMORY_TARGET:g}x)  {verdict(per_node <= MEMORY_TARGET)}")
        print(f"memory: fused graph/micrograd graph {fused_bytes / mg_bytes:.2f}x in total")
        results.append(per_node <= MEMORY_TARGET)

    print()
    print(f"overall: {sum(results)} of {len(results)} targets met")
    return 0 if losses_ok else 1


if __name__ == "__main__":
    sys.exit(main())
