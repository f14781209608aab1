package org.dl4j.snn.layers.internal.kernel;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.lang.ref.Reference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.dl4j.snn.layers.internal.kernel.OneDnnConvKernel.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The oneDNN C API calls of {@link OneDnnConvKernel}: one CPU engine for the process, the convolution primitives of
 * each shape made once and kept, and per call memory objects around the ND4J buffers (no copies). Loaded only when the
 * binding is on the class path.
 *
 * <p>Threads: the primitives run on any thread, several at once (ParallelWrapper's replicas), each thread with its own
 * stream and its own scratchpad. The scratchpad is the user's ({@code dnnl_scratchpad_mode_user}): with oneDNN's
 * default (library) mode a primitive's scratchpad belongs to the thread that made it, and the same primitive run on
 * another thread failed ({@code invalid_arguments}, or a crash).
 */
final class OneDnnConv {
    private static final dnnl_engine ENGINE = createEngine();
    private static final dnnl_primitive_attr USER_SCRATCHPAD = userScratchpad();
    private static final ThreadLocal<dnnl_stream> STREAM = ThreadLocal.withInitial(OneDnnConv::createStream);
    /** This thread's scratchpad, grown to the largest any primitive asked for (freed with the thread). */
    private static final ThreadLocal<BytePointer[]> SCRATCHPAD = ThreadLocal.withInitial(() -> new BytePointer[1]);
    private static final Map<Shape, Primitives> CACHE = new ConcurrentHashMap<>();

    private OneDnnConv() {
    }

    static dnnl_engine engine() {
        return ENGINE;
    }

    static void forward(Shape s, INDArray x, INDArray w, INDArray bias, INDArray z) {
        Primitives p = primitives(s);
        if (bias == null) {
            execute(s, p.forward(false), new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                    new dnnl_memory_desc_t[] {p.x, p.w, p.z}, new INDArray[] {x, w, z});
        } else {
            execute(s, p.forward(true), new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST},
                    new dnnl_memory_desc_t[] {p.x, p.w, p.b, p.z}, new INDArray[] {x, w, bias, z});
        }
    }

    static void backwardData(Shape s, INDArray w, INDArray dz, INDArray dx) {
        Primitives p = primitives(s);
        execute(s, p.backwardData(), new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC},
                new dnnl_memory_desc_t[] {p.z, p.w, p.x}, new INDArray[] {dz, w, dx});
    }

    static void backwardWeights(Shape s, INDArray x, INDArray dz, INDArray dw) {
        Primitives p = primitives(s);
        execute(s, p.backwardWeights(), new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS},
                new dnnl_memory_desc_t[] {p.x, p.z, p.w}, new INDArray[] {x, dz, dw});
    }

    private static Primitives primitives(Shape s) {
        return CACHE.computeIfAbsent(s, Primitives::new);
    }

    /**
     * One run of {@code op} on this thread's stream and scratchpad, with memory objects wrapping {@code arrays} for its
     * arguments {@code args} (described by {@code descs}).
     */
    private static void execute(Shape s, Op op, int[] args, dnnl_memory_desc_t[] descs, INDArray[] arrays) {
        int n = args.length + 1;
        dnnl_memory[] mems = new dnnl_memory[n];
        dnnl_exec_arg_t exec = new dnnl_exec_arg_t(n);
        try {
            for (int i = 0; i < args.length; i++) {
                INDArray a = arrays[i];
                FloatPointer data = new FloatPointer(a.data().addressPointer()).position(a.offset() - a.data().offset());
                mems[i] = memory(descs[i], data);
                exec.position(i).arg(args[i]).memory(mems[i]);
            }
            mems[args.length] = memory(op.scratchpad(), scratchpad(op.scratchpadBytes()));
            exec.position(args.length).arg(DNNL_ARG_SCRATCHPAD).memory(mems[args.length]);
            exec.position(0);
            dnnl_stream stream = STREAM.get();
            int status = dnnl_primitive_execute(op.primitive(), stream, n, exec);
            if (status != dnnl_success) {
                throw new IllegalStateException("oneDNN: dnnl_primitive_execute failed with status " + status + " for "
                        + s);
            }
            check(dnnl_stream_wait(stream), "dnnl_stream_wait");
        } finally {
            for (dnnl_memory m : mems) {
                if (m != null && !m.isNull()) dnnl_memory_destroy(m);
            }
            exec.close();
            Reference.reachabilityFence(arrays); // their buffers must outlive the primitive's run
        }
    }

    private static dnnl_memory memory(dnnl_memory_desc_t desc, Pointer data) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, desc, ENGINE, data), "dnnl_memory_create");
        return m;
    }

    /** This thread's scratchpad, at least {@code bytes} long. */
    private static BytePointer scratchpad(long bytes) {
        BytePointer[] held = SCRATCHPAD.get();
        if (held[0] == null || held[0].capacity() < bytes) {
            if (held[0] != null) held[0].close();
            held[0] = new BytePointer(Math.max(bytes, 64));
        }
        return held[0];
    }

    /** A primitive and the scratchpad it needs at each run (its descriptor, owned by the kept primitive descriptor). */
    private record Op(dnnl_primitive primitive, dnnl_memory_desc_t scratchpad, long scratchpadBytes) {
    }

    /**
     * The memory descriptors of one convolution shape and its primitives, each made at its first use (a layer without
     * bias never makes the forward primitive with one; inference never makes the backward ones).
     */
    private static final class Primitives {
        final dnnl_memory_desc_t x;
        final dnnl_memory_desc_t w;
        final dnnl_memory_desc_t b;
        final dnnl_memory_desc_t z;
        private final long[] strides = {1, 1, 1};
        private final long[] padL;
        private final long[] padR;
        private dnnl_primitive_desc hint;
        private Op forward;
        private Op forwardBias;
        private Op backwardData;
        private Op backwardWeights;

        Primitives(Shape s) {
            long outH = s.h() + s.padH() + s.padBottom() - s.kH() + 1;
            long outW = s.w() + s.padW() + s.padRight() - s.kW() + 1;
            x = desc(new long[] {s.batch(), s.c(), s.t(), s.h(), s.w()}, dnnl_ncdhw);
            w = desc(new long[] {s.nOut(), s.c(), 1, s.kH(), s.kW()}, dnnl_oidhw);
            b = desc(new long[] {s.nOut()}, dnnl_x);
            z = desc(new long[] {s.batch(), s.nOut(), s.t(), outH, outW}, dnnl_ncdhw);
            padL = new long[] {0, s.padH(), s.padW()};
            padR = new long[] {0, s.padBottom(), s.padRight()};
        }

        synchronized Op forward(boolean withBias) {
            if (withBias) {
                if (forwardBias == null) forwardBias = op(forwardDesc(true));
                return forwardBias;
            }
            if (forward == null) forward = op(hint());
            return forward;
        }

        synchronized Op backwardData() {
            if (backwardData == null) {
                dnnl_convolution_desc_t bd = new dnnl_convolution_desc_t();
                check(dnnl_convolution_backward_data_desc_init(bd, dnnl_convolution_direct, x, w, z, strides, padL,
                        padR), "convolution backward data");
                backwardData = op(primitiveDesc(bd, hint()));
            }
            return backwardData;
        }

        synchronized Op backwardWeights() {
            if (backwardWeights == null) {
                dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
                check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, x, w, null, z, strides,
                        padL, padR), "convolution backward weights");
                backwardWeights = op(primitiveDesc(wd, hint()));
            }
            return backwardWeights;
        }

        /** The forward descriptor without bias: the backward primitives' hint (a descriptor, no primitive). */
        private dnnl_primitive_desc hint() {
            if (hint == null) hint = forwardDesc(false);
            return hint;
        }

        private dnnl_primitive_desc forwardDesc(boolean withBias) {
            dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct, x, w,
                    withBias ? b : null, z, strides, padL, padR), "convolution forward");
            return primitiveDesc(fd, null);
        }

        private static dnnl_memory_desc_t desc(long[] dims, int tag) {
            dnnl_memory_desc_t d = new dnnl_memory_desc_t();
            check(dnnl_memory_desc_init_by_tag(d, dims.length, dims, dnnl_f32, tag), "dnnl_memory_desc_init_by_tag");
            return d;
        }

        private static dnnl_primitive_desc primitiveDesc(dnnl_convolution_desc_t op, dnnl_primitive_desc hint) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(op), USER_SCRATCHPAD, ENGINE, hint),
                    "dnnl_primitive_desc_create");
            return pd;
        }

        /** The primitive of {@code pd} (kept, with the scratchpad descriptor it owns). */
        private static Op op(dnnl_primitive_desc pd) {
            dnnl_primitive p = new dnnl_primitive();
            check(dnnl_primitive_create(p, pd), "dnnl_primitive_create");
            dnnl_memory_desc_t scratch = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
            return new Op(p, scratch, dnnl_memory_desc_get_size(scratch));
        }
    }

    private static dnnl_engine createEngine() {
        dnnl_engine e = new dnnl_engine();
        check(dnnl_engine_create(e, dnnl_cpu, 0), "dnnl_engine_create");
        return e;
    }

    private static dnnl_primitive_attr userScratchpad() {
        dnnl_primitive_attr a = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(a), "dnnl_primitive_attr_create");
        check(dnnl_primitive_attr_set_scratchpad_mode(a, dnnl_scratchpad_mode_user),
                "dnnl_primitive_attr_set_scratchpad_mode");
        return a;
    }

    private static dnnl_stream createStream() {
        dnnl_stream s = new dnnl_stream();
        check(dnnl_stream_create(s, ENGINE, dnnl_stream_default_flags), "dnnl_stream_create");
        return s;
    }

    private static void check(int status, String call) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN: " + call + " failed with status " + status);
        }
    }
}
