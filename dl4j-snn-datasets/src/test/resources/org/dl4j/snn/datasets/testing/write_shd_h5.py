#!/usr/bin/env python3
"""Writes an HDF5 file in the layout of the Spiking Heidelberg Digits / Spiking Speech Commands data sets.

Called by org.dl4j.snn.datasets.testing.ShdWriter. The samples come from a little-endian spec file:
  b"SHDSPEC1", int32 n_samples,
  per sample: int32 n_times, int32 n_units, int32 label, int32 speaker, float64[n_times] times (s),
  int64[n_units] units,
  int32 n_keys, per key: int32 n_bytes, utf-8 bytes.
Layout written (as in shd_train.h5): spikes/times and spikes/units (variable-length arrays, one per sample),
labels, extra/speaker, extra/keys (fixed-length byte strings). Dtypes and omissions are set on the command line
so tests can cover every width and the malformed cases.
"""
import argparse
import struct

import h5py
import numpy as np


def read_spec(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"SHDSPEC1":
        raise SystemExit("bad spec magic in " + path)
    pos = 8

    def take(fmt):
        nonlocal pos
        vals = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return vals

    (n,) = take("i")
    samples = []
    for _ in range(n):
        k, m, label, speaker = take("iiii")
        times = np.frombuffer(data, dtype="<f8", count=k, offset=pos)
        pos += 8 * k
        units = np.frombuffer(data, dtype="<i8", count=m, offset=pos)
        pos += 8 * m
        samples.append((times, units, label, speaker))
    (n_keys,) = take("i")
    keys = []
    for _ in range(n_keys):
        (m,) = take("i")
        keys.append(data[pos:pos + m])
        pos += m
    return samples, keys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--times-dtype", default="float16")
    ap.add_argument("--units-dtype", default="uint16")
    ap.add_argument("--labels-dtype", default="uint16")
    ap.add_argument("--chunks", type=int, default=0, help="chunk length of the vlen datasets, 0 = contiguous")
    ap.add_argument("--omit", action="append", default=[], help="dataset path to leave out")
    args = ap.parse_args()

    samples, keys = read_spec(args.spec)
    n = len(samples)
    chunks = (args.chunks,) if args.chunks > 0 else None
    with h5py.File(args.out, "w") as f:
        spikes = f.create_group("spikes")
        if "spikes/times" not in args.omit:
            d = spikes.create_dataset("times", (n,), dtype=h5py.vlen_dtype(np.dtype(args.times_dtype)),
                                      chunks=chunks)
            for i, s in enumerate(samples):
                d[i] = s[0].astype(args.times_dtype)
        if "spikes/units" not in args.omit:
            d = spikes.create_dataset("units", (n,), dtype=h5py.vlen_dtype(np.dtype(args.units_dtype)),
                                      chunks=chunks)
            for i, s in enumerate(samples):
                d[i] = s[1].astype(args.units_dtype)
        if "labels" not in args.omit:
            f.create_dataset("labels", data=np.array([s[2] for s in samples], dtype=args.labels_dtype))
        extra = f.create_group("extra")
        if "extra/speaker" not in args.omit:
            extra.create_dataset("speaker", data=np.array([s[3] for s in samples], dtype="uint16"))
        if keys and "extra/keys" not in args.omit:
            extra.create_dataset("keys", data=np.array(keys))


if __name__ == "__main__":
    main()
