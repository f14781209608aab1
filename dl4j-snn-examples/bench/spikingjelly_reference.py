#!/usr/bin/python3
"""Reference trainer for the dl4j-snn benchmark: SpikingJelly's torch backend, re-implemented in plain PyTorch.

This is NOT SpikingJelly itself (it cannot be installed on the benchmark machines). It re-implements exactly what
SpikingJelly's `torch` backend runs for the two benchmark networks in multi-step mode:

* `neuron.ParametricLIFNode(init_tau=2, decay_input=True, v_threshold=1, v_reset=0, detach_reset=False,
  surrogate_function=surrogate.ATan(alpha=2), step_mode='m', backend='torch')`: `BaseNode.multi_step_forward`
  loops `single_step_forward` over T in Python: charge `v = v + (x - v) * w.sigmoid()` (v_reset = 0),
  fire `spike = ATan(v - v_threshold)` (an autograd.Function: Heaviside forward,
  `alpha/2 / (1 + (pi/2*alpha*u)^2)` backward), hard reset `v = (1 - spike) * v + spike * v_reset`, then
  `torch.stack` of the spikes. w is one scalar per layer, w = -ln(init_tau - 1) = 0.
* `layer.Linear` / `layer.SeqToANNContainer(Conv2d, BatchNorm2d)` / `layer.MaxPool2d` / `layer.Flatten`:
  the stateless layers run once over [T*N, ...] (flatten(0, 1) before, unflatten after).
* readout: mean over T of the last Linear's output, `F.cross_entropy`, `torch.optim.Adam(lr=1e-3)`, float32.

Regimes: --weight-gain multiplies the default-initialised weights of every Linear that feeds a PLIF layer and
--bn-gamma sets the initial BatchNorm gamma (dl4j-snn's BenchNet.Regime passes its values: the realistic regime
makes the hidden layers fire at 5-20 %, the sparse one is PyTorch's default init).

--net nmnist-real --root DIR [--epochs N] [--seed S]: SpikingJelly's PLIF conv net
(Conv32-BN-PLIF-MP2-Conv32-BN-PLIF-MP2-FC128-PLIF-FC10-PLIF, PyTorch default inits) trained on N-MNIST .bin files
(DIR/Train/<digit>/*.bin, DIR/Test/<digit>/*.bin), T = 10 frames split by event count, batch 16, Adam(1e-3), CE on
the mean firing rate of the last PLIF layer; one JSON line per epoch with epoch_s (training with data decoding +
the test pass), train_s, test_acc, samples_per_s, peak_rss_mib.

Prints one JSON line per network, in the format of `dl4j-snn bench`:
{"net":"mlp","impl":"torch-sj-reimpl","samples_per_s":...,"step_ms_median":...,"step_ms_min":...,
 "peak_rss_mib":...,"threads":...}
peak_rss_mib is the process's peak resident set (VmHWM): run one network per process (the default with --net
mlp or --net conv) for a per-network figure.

Run with Debian's torch 1.13: /usr/bin/python3 spikingjelly_reference.py --net mlp --steps 30 --warmup 5
"""
import argparse
import json
import math
import os
import platform
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---- neuron: SpikingJelly's torch backend, multi-step ----------------------------------------------------------

def heaviside(x):
    return (x >= 0).to(x)


class ATanSurrogate(torch.autograd.Function):
    """surrogate.ATan(alpha) with spiking=True: SpikingJelly's `atan` autograd function."""

    @staticmethod
    def forward(ctx, x, alpha):
        if x.requires_grad:
            ctx.save_for_backward(x)
            ctx.alpha = alpha
        return heaviside(x)

    @staticmethod
    def backward(ctx, grad_output):
        grad_x = None
        if ctx.needs_input_grad[0]:
            x = ctx.saved_tensors[0]
            alpha = ctx.alpha
            grad_x = alpha / 2 / (1 + (math.pi / 2 * alpha * x).pow_(2)) * grad_output
        return grad_x, None


class ParametricLIFNode(nn.Module):
    """neuron.ParametricLIFNode, step_mode='m', backend='torch' (v_reset = 0, decay_input = True)."""

    def __init__(self, init_tau=2.0, v_threshold=1.0, v_reset=0.0, alpha=2.0, detach_reset=False):
        super().__init__()
        self.w = nn.Parameter(torch.as_tensor(-math.log(init_tau - 1.0)))
        self.v_threshold = v_threshold
        self.v_reset = v_reset
        self.alpha = alpha
        self.detach_reset = detach_reset
        self.v = v_reset

    def reset(self):  # functional.reset_net
        self.v = self.v_reset

    def single_step_forward(self, x):
        # BaseNode.v_float_to_tensor
        if isinstance(self.v, float):
            self.v = torch.full_like(x.data, self.v)
        # ParametricLIFNode.neuronal_charge (decay_input, v_reset == 0)
        self.v = self.v + (x - self.v) * self.w.sigmoid()
        # BaseNode.neuronal_fire
        spike = ATanSurrogate.apply(self.v - self.v_threshold, self.alpha)
        # BaseNode.neuronal_reset -> jit_hard_reset
        spike_d = spike.detach() if self.detach_reset else spike
        self.v = (1.0 - spike_d) * self.v + spike_d * self.v_reset
        return spike

    def forward(self, x_seq):
        # BaseNode.multi_step_forward (store_v_seq = False)
        y_seq = []
        for t in range(x_seq.shape[0]):
            y_seq.append(self.single_step_forward(x_seq[t]))
        return torch.stack(y_seq)


class SeqToANNContainer(nn.Module):
    """layer.SeqToANNContainer: runs stateless modules once over [T*N, ...]."""

    def __init__(self, *args):
        super().__init__()
        self.module = args[0] if len(args) == 1 else nn.Sequential(*args)

    def forward(self, x_seq):
        y_shape = [x_seq.shape[0], x_seq.shape[1]]
        y = self.module(x_seq.flatten(0, 1))
        y_shape.extend(y.shape[1:])
        return y.view(y_shape)


# ---- the two benchmark networks ----------------------------------------------------------------------------------

def mlp():
    # layer.Linear in multi-step mode is nn.Linear on [T, N, D] (it acts on the last dimension).
    return nn.Sequential(
        nn.Linear(700, 256), ParametricLIFNode(),
        nn.Linear(256, 256), ParametricLIFNode(),
        nn.Linear(256, 20))


def conv():
    return nn.Sequential(
        SeqToANNContainer(nn.Conv2d(2, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32)), ParametricLIFNode(),
        SeqToANNContainer(nn.MaxPool2d(2)),
        SeqToANNContainer(nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64)), ParametricLIFNode(),
        SeqToANNContainer(nn.MaxPool2d(2)),
        SeqToANNContainer(nn.Flatten()),
        SeqToANNContainer(nn.Linear(64 * 8 * 8, 10)))


NETS = {
    # name: (builder, T, batch, per-step input shape, classes)
    "mlp": (mlp, 100, 32, (700,), 20),
    "conv": (conv, 10, 16, (2, 34, 34), 10),
}


def reset_net(net):
    for m in net.modules():
        if isinstance(m, ParametricLIFNode):
            m.reset()


def train_step(net, opt, x, y):
    """One training step: cross-entropy of the mean output over T, Adam, neuron state reset; returns the loss."""
    out = net(x).mean(0)
    loss = F.cross_entropy(out, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    reset_net(net)
    return loss


def peak_rss_mib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def apply_regime(net, weight_gain, bn_gamma):
    """The bench regime's initialisation (dl4j-snn's BenchNet.Regime): every Linear that feeds a PLIF layer has its
    default-initialised weights multiplied by weight_gain, every BatchNorm2d starts with gamma = bn_gamma."""
    mods = list(net.modules())
    with torch.no_grad():
        for i, m in enumerate(mods):
            if isinstance(m, nn.Linear) and any(isinstance(n, ParametricLIFNode) for n in mods[i + 1:]):
                m.weight.mul_(weight_gain)
            if isinstance(m, nn.BatchNorm2d):
                m.weight.fill_(bn_gamma)


def bench(name, steps, warmup, threads, density, seed, weight_gain=1.0, bn_gamma=1.0):
    builder, T, batch, shape, classes = NETS[name]
    torch.manual_seed(seed)
    net = builder()
    apply_regime(net, weight_gain, bn_gamma)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    # A few fixed batches, cycled: data generation is not part of the timed step.
    batches = []
    for _ in range(4):
        x = torch.bernoulli(torch.full((T, batch) + shape, density, dtype=torch.float32))
        y = torch.randint(0, classes, (batch,))
        batches.append((x, y))
    times = []
    cpu0 = 0.0
    for i in range(warmup + steps):
        if i == warmup:
            cpu0 = time.process_time()
        x, y = batches[i % len(batches)]
        t0 = time.perf_counter()
        loss = train_step(net, opt, x, y)
        t1 = time.perf_counter()
        if i >= warmup:
            times.append((t1 - t0) * 1000.0)
    cpu_ms_per_step = (time.process_time() - cpu0) * 1000.0 / steps
    med = statistics.median(times)
    # Firing rate of each PLIF layer on the first batch (training mode, as the timed steps ran), after timing.
    rates = []
    hooks = [m.register_forward_hook(lambda mod, inp, out: rates.append(round(out.mean().item(), 4)))
             for m in net.modules() if isinstance(m, ParametricLIFNode)]
    with torch.no_grad():
        net(batches[0][0])
    reset_net(net)
    for h in hooks:
        h.remove()
    return {
        "net": name,
        "impl": "torch-sj-reimpl",
        "engine": "torch",
        "samples_per_s": round(batch * 1000.0 / med, 2),
        "step_ms_median": round(med, 3),
        "step_ms_min": round(min(times), 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "threads": threads,
        "cpu_ms_per_step": round(cpu_ms_per_step, 3),
        "loss": round(loss.item(), 5),
        "firing_rates": rates,
        "steps": steps,
        "warmup": warmup,
        "batch": batch,
        "T": T,
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


# ---- nmnist-real: SpikingJelly's PLIF conv net trained on the bundled N-MNIST sample ----------------------------

NMNIST_FRAMES = 10
NMNIST_BATCH = 16
ATIS_OVERFLOW_Y = 240
ATIS_OVERFLOW_US = 1 << 13


def nmnist_real_net(width=32):
    """Conv32-BN-PLIF-MP2-Conv32-BN-PLIF-MP2-FC128-PLIF-FC10-PLIF, SpikingJelly's layer order, PyTorch default
    inits (Conv2d without bias, as SpikingJelly's conv-BN blocks; Linear with bias)."""
    return nn.Sequential(
        SeqToANNContainer(nn.Conv2d(2, width, 3, padding=1, bias=False), nn.BatchNorm2d(width)), ParametricLIFNode(),
        SeqToANNContainer(nn.MaxPool2d(2)),
        SeqToANNContainer(nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width)),
        ParametricLIFNode(),
        SeqToANNContainer(nn.MaxPool2d(2)),
        SeqToANNContainer(nn.Flatten()),
        nn.Linear(width * 8 * 8, 128), ParametricLIFNode(),
        nn.Linear(128, 10), ParametricLIFNode())


def read_atis_bin(path):
    """An N-MNIST .bin file (5 bytes per event: x, y, polarity bit + 23-bit big-endian time) as (t, x, y, p)."""
    raw = np.fromfile(path, dtype=np.uint8)
    if raw.size % 5:
        raise ValueError("%s: %d bytes is not a whole number of 5-byte events" % (path, raw.size))
    r = raw.reshape(-1, 5).astype(np.int64)
    x, y, p = r[:, 0], r[:, 1], (r[:, 2] >> 7) & 1
    t = ((r[:, 2] & 0x7F) << 16) | (r[:, 3] << 8) | r[:, 4]
    overflow = y == ATIS_OVERFLOW_Y
    if overflow.any():  # timestamp-overflow markers: dropped, 2**13 us added to every later event
        t = t + np.cumsum(overflow) * ATIS_OVERFLOW_US
        keep = ~overflow
        t, x, y, p = t[keep], x[keep], y[keep], p[keep]
    return t, x, y, p


def frames_by_count(path, frames=NMNIST_FRAMES):
    """SpikingJelly's integrate_events_by_fixed_frames_number(split_by='number'): events sorted by time, frame k
    counts events [k * (n // frames), (k + 1) * (n // frames)), the last frame up to n; channel 0 = OFF, 1 = ON."""
    t, x, y, p = read_atis_bin(path)
    if np.any(np.diff(t) < 0):
        o = np.argsort(t, kind="stable")
        x, y, p = x[o], y[o], p[o]
    n = t.size
    di = n // frames
    k = np.full(n, frames - 1, dtype=np.int64) if di == 0 else np.minimum(np.arange(n) // di, frames - 1)
    out = np.zeros((frames, 2, 34, 34), dtype=np.float32)
    np.add.at(out, (k, p, y, x), 1.0)
    return out


def nmnist_files(root, split):
    d = os.path.join(root, split)
    out = []
    for label in range(10):
        cd = os.path.join(d, str(label))
        if not os.path.isdir(cd):
            raise SystemExit("nmnist-real: %s is missing (need <root>/%s/<digit>/*.bin)" % (cd, split))
        out.extend((os.path.join(cd, f), label) for f in sorted(os.listdir(cd)) if f.endswith(".bin"))
    if not out:
        raise SystemExit("nmnist-real: no .bin files under " + d)
    return out


def nmnist_batches(files, order):
    """Mini-batches [T, batch, 2, 34, 34] decoded from the .bin files in this order (decoding is part of the epoch)."""
    for s in range(0, len(order), NMNIST_BATCH):
        idx = order[s:s + NMNIST_BATCH]
        x = np.stack([frames_by_count(files[i][0]) for i in idx], axis=1)
        y = np.array([files[i][1] for i in idx], dtype=np.int64)
        yield torch.from_numpy(x), torch.from_numpy(y)


def nmnist_real(root, epochs, threads, seed):
    """Trains nmnist_real_net with Adam(1e-3), CE on the mean firing rate of the last PLIF layer; one JSON line per
    epoch: epoch_s = training (data decoding included) + the test pass."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    train, test = nmnist_files(root, "Train"), nmnist_files(root, "Test")
    net = nmnist_real_net()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    lines = []
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        c0 = time.process_time()
        net.train()
        seen, loss_sum, steps = 0, 0.0, []
        for x, y in nmnist_batches(train, rng.permutation(len(train))):
            ts = time.perf_counter()
            loss = train_step(net, opt, x, y)
            steps.append((time.perf_counter() - ts) * 1000.0)
            seen += y.numel()
            loss_sum += loss.item() * y.numel()
        t1 = time.perf_counter()
        net.eval()
        correct = 0
        with torch.no_grad():
            for x, y in nmnist_batches(test, np.arange(len(test))):
                correct += (net(x).mean(0).argmax(1) == y).sum().item()
                reset_net(net)
        t2 = time.perf_counter()
        cpu_s = time.process_time() - c0
        line = {
            "net": "nmnist-real", "impl": "torch-sj-reimpl", "engine": "torch", "epoch": epoch,
            "epoch_s": round(t2 - t0, 3), "train_s": round(t1 - t0, 3), "test_s": round(t2 - t1, 3),
            "cpu_s": round(cpu_s, 3),
            "test_acc": round(correct / len(test), 4), "train_loss": round(loss_sum / seen, 5),
            "samples_per_s": round(seen / (t1 - t0), 2), "step_ms_median": round(statistics.median(steps), 3),
            "step_ms_min": round(min(steps), 3), "peak_rss_mib": round(peak_rss_mib(), 1),
            "threads": threads, "seed": seed, "train_samples": seen, "test_samples": len(test),
            "batch": NMNIST_BATCH, "T": NMNIST_FRAMES, "torch": torch.__version__}
        print(json.dumps(line, separators=(",", ":")), flush=True)
        lines.append(line)
    return lines


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--net", choices=["mlp", "conv", "all", "nmnist-real"], default="all")
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--density", type=float, default=0.05, help="Bernoulli input spike probability")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--weight-gain", type=float, default=1.0,
                   help="multiplies the initial weights of every Linear that feeds a PLIF layer (default 1)")
    p.add_argument("--bn-gamma", type=float, default=1.0, help="initial BatchNorm gamma (default 1)")
    p.add_argument("--root", help="nmnist-real: folder with Train/ and Test/ of N-MNIST .bin files")
    p.add_argument("--epochs", type=int, default=1, help="nmnist-real: epochs (default 1)")
    a = p.parse_args(argv)
    if a.steps < 1 or a.warmup < 0 or a.threads < 1 or not (0.0 <= a.density <= 1.0) or a.epochs < 1:
        p.error("need --steps >= 1, --warmup >= 0, --threads >= 1, 0 <= --density <= 1, --epochs >= 1")
    torch.set_num_threads(a.threads)
    if a.net == "nmnist-real":
        if not a.root:
            p.error("--net nmnist-real needs --root DIR")
        nmnist_real(a.root, a.epochs, a.threads, a.seed)
        return 0
    names = ["mlp", "conv"] if a.net == "all" else [a.net]
    for n in names:
        print(json.dumps(bench(n, a.steps, a.warmup, a.threads, a.density, a.seed, a.weight_gain, a.bn_gamma),
                         separators=(",", ":")),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
