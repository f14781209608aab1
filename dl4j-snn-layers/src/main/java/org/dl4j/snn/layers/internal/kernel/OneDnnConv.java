package org.dl4j.snn.layers.internal.kernel;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
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
 * each shape made once and kept, and per call memory objects around the ND4J buffers, reordered to and from the
 * channel-blocked layouts the primitives run on (see {@link Primitives}). Loaded only when the binding is on the class
 * path.
 *
 * <p>Threads: the primitives run on any thread, several at once (ParallelWrapper's replicas), each thread with its own
 * stream, scratchpad and buffers for the blocked layouts. The scratchpad is the user's
 * ({@code dnnl_scratchpad_mode_user}): with oneDNN's
 * default (library) mode a primitive's scratchpad belongs to the thread that made it, and the same primitive run on
 * another thread failed ({@code invalid_arguments}, or a crash).
 */
final class OneDnnConv {
    private static final dnnl_engine ENGINE = createEngine();
    private static final dnnl_primitive_attr USER_SCRATCHPAD = userScratchpad();
    private static final ThreadLocal<dnnl_stream> STREAM = ThreadLocal.withInitial(OneDnnConv::createStream);
    /** This thread's scratchpad, grown to the largest any primitive asked for (freed with the thread). */
    private static final ThreadLocal<BytePointer[]> SCRATCHPAD = ThreadLocal.withInitial(() -> new BytePointer[1]);
    /** This thread's buffers for the arguments of a primitive in its own layout, by argument position. */
    private static final ThreadLocal<BytePointer[]> BUFFERS = ThreadLocal.withInitial(() -> new BytePointer[4]);
    private static final Map<Shape, Primitives> CACHE = new ConcurrentHashMap<>();

    private OneDnnConv() {
    }

    static dnnl_engine engine() {
        return ENGINE;
    }

    static void forward(Shape s, INDArray x, INDArray w, INDArray bias, INDArray z) {
        Primitives p = primitives(s);
        if (bias == null) {
            execute(s, p.forward(false), x, w, z);
        } else {
            execute(s, p.forward(true), x, w, bias, z);
        }
    }

    static void backwardData(Shape s, INDArray w, INDArray dz, INDArray dx) {
        execute(s, primitives(s).backwardData(), dz, w, dx);
    }

    static void backwardWeights(Shape s, INDArray x, INDArray dz, INDArray dw) {
        execute(s, primitives(s).backwardWeights(), x, dz, dw);
    }

    private static Primitives primitives(Shape s) {
        return CACHE.computeIfAbsent(s, Primitives::new);
    }

    /**
     * One run of {@code op} on this thread's stream and scratchpad, its arguments {@code arrays} in the order of
     * {@link Op#args}: an argument in the layout the primitive chose is reordered from the array before the run (an
     * input) or into it after (an output), through this thread's buffer for that argument.
     */
    private static void execute(Shape s, Op op, INDArray... arrays) {
        Arg[] args = op.args();
        int n = args.length + 1;
        List<dnnl_memory> made = new ArrayList<>();
        dnnl_memory[] inner = new dnnl_memory[args.length];
        dnnl_memory[] user = new dnnl_memory[args.length];
        dnnl_exec_arg_t exec = new dnnl_exec_arg_t(n);
        try {
            dnnl_stream stream = STREAM.get();
            for (int i = 0; i < args.length; i++) {
                INDArray a = arrays[i];
                FloatPointer data = new FloatPointer(a.data().addressPointer()).position(a.offset() - a.data().offset());
                user[i] = memory(args[i].user(), data, made);
                inner[i] = args[i].reorder() == null ? user[i]
                        : memory(args[i].inner(), buffer(i, args[i].innerBytes()), made);
                if (args[i].reorder() != null && !args[i].output()) {
                    run(s, args[i].reorder(), stream, made, DNNL_ARG_FROM, user[i], DNNL_ARG_TO, inner[i]);
                }
                exec.position(i).arg(args[i].kind()).memory(inner[i]);
            }
            exec.position(args.length).arg(DNNL_ARG_SCRATCHPAD)
                    .memory(memory(op.scratchpad(), scratchpad(op.scratchpadBytes()), made));
            exec.position(0);
            check(s, dnnl_primitive_execute(op.primitive(), stream, n, exec), "dnnl_primitive_execute");
            for (int i = 0; i < args.length; i++) {
                if (args[i].reorder() != null && args[i].output()) {
                    run(s, args[i].reorder(), stream, made, DNNL_ARG_FROM, inner[i], DNNL_ARG_TO, user[i]);
                }
            }
            check(s, dnnl_stream_wait(stream), "dnnl_stream_wait");
        } finally {
            for (dnnl_memory m : made) dnnl_memory_destroy(m);
            exec.close();
            Reference.reachabilityFence(arrays); // their buffers must outlive the primitive's run
        }
    }

    /** Runs a reorder from memory {@code from} to memory {@code to} on {@code stream}. */
    private static void run(Shape s, Op reorder, dnnl_stream stream, List<dnnl_memory> made, int fromArg,
                            dnnl_memory from, int toArg, dnnl_memory to) {
        try (dnnl_exec_arg_t exec = new dnnl_exec_arg_t(3)) {
            exec.position(0).arg(fromArg).memory(from);
            exec.position(1).arg(toArg).memory(to);
            exec.position(2).arg(DNNL_ARG_SCRATCHPAD)
                    .memory(memory(reorder.scratchpad(), scratchpad(reorder.scratchpadBytes()), made));
            exec.position(0);
            check(s, dnnl_primitive_execute(reorder.primitive(), stream, 3, exec), "reorder");
        }
    }

    private static dnnl_memory memory(dnnl_memory_desc_t desc, Pointer data, List<dnnl_memory> made) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, desc, ENGINE, data), "dnnl_memory_create");
        made.add(m);
        return m;
    }

    /** This thread's scratchpad, at least {@code bytes} long. */
    private static BytePointer scratchpad(long bytes) {
        return grown(SCRATCHPAD.get(), 0, bytes);
    }

    /** This thread's buffer for a primitive's argument {@code i} in the primitive's own layout. */
    private static BytePointer buffer(int i, long bytes) {
        return grown(BUFFERS.get(), i, bytes);
    }

    private static BytePointer grown(BytePointer[] held, int i, long bytes) {
        if (held[i] == null || held[i].capacity() < bytes) {
            if (held[i] != null) held[i].close();
            held[i] = new BytePointer(Math.max(bytes, 64));
        }
        return held[i];
    }

    /**
     * A primitive, its arguments in call order, and the scratchpad it needs at each run (descriptors owned by the kept
     * primitive descriptor).
     */
    private record Op(dnnl_primitive primitive, Arg[] args, dnnl_memory_desc_t scratchpad, long scratchpadBytes) {
    }

    /**
     * An argument of a primitive: its kind ({@code DNNL_ARG_SRC} ...), the array's plain layout, the layout the
     * primitive chose and, where they differ, the reorder between them (array to primitive for an input, back for an
     * output).
     */
    private record Arg(int kind, dnnl_memory_desc_t user, dnnl_memory_desc_t inner, long innerBytes, Op reorder,
                       boolean output) {
    }

    /**
     * The memory descriptors of one convolution shape and its primitives, each made at its first use (a layer without
     * bias never makes the forward primitive with one; inference never makes the backward ones). The primitives choose
     * their layouts ({@code format_tag any}): oneDNN's direct convolutions run on channel-blocked layouts, 2.5-4x
     * faster here than its GEMM-based convolution on the arrays' plain NCDHW (conv2 of the bench net: 4.4 / 5.0 / 4.9
     * ms forward / backward data / backward weights against 12.5 / 19 / 18 ms, reorders 0.5-1.3 ms each).
     */
    private static final class Primitives {
        final dnnl_memory_desc_t x;
        final dnnl_memory_desc_t w;
        final dnnl_memory_desc_t b;
        final dnnl_memory_desc_t z;
        private final dnnl_memory_desc_t anyX;
        private final dnnl_memory_desc_t anyW;
        private final dnnl_memory_desc_t anyZ;
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
            long[] xDims = {s.batch(), s.c(), s.t(), s.h(), s.w()};
            long[] wDims = {s.nOut(), s.c(), 1, s.kH(), s.kW()};
            long[] zDims = {s.batch(), s.nOut(), s.t(), outH, outW};
            x = desc(xDims, dnnl_ncdhw);
            w = desc(wDims, dnnl_oidhw);
            b = desc(new long[] {s.nOut()}, dnnl_x);
            z = desc(zDims, dnnl_ncdhw);
            anyX = desc(xDims, dnnl_format_tag_any);
            anyW = desc(wDims, dnnl_format_tag_any);
            anyZ = desc(zDims, dnnl_format_tag_any);
            padL = new long[] {0, s.padH(), s.padW()};
            padR = new long[] {0, s.padBottom(), s.padRight()};
        }

        synchronized Op forward(boolean withBias) {
            if (withBias) {
                if (forwardBias == null) {
                    dnnl_primitive_desc pd = forwardDesc(true);
                    forwardBias = op(pd, arg(pd, DNNL_ARG_SRC, x, false), arg(pd, DNNL_ARG_WEIGHTS, w, false),
                            arg(pd, DNNL_ARG_BIAS, b, false), arg(pd, DNNL_ARG_DST, z, true));
                }
                return forwardBias;
            }
            if (forward == null) {
                dnnl_primitive_desc pd = hint();
                forward = op(pd, arg(pd, DNNL_ARG_SRC, x, false), arg(pd, DNNL_ARG_WEIGHTS, w, false),
                        arg(pd, DNNL_ARG_DST, z, true));
            }
            return forward;
        }

        synchronized Op backwardData() {
            if (backwardData == null) {
                dnnl_convolution_desc_t bd = new dnnl_convolution_desc_t();
                check(dnnl_convolution_backward_data_desc_init(bd, dnnl_convolution_direct, anyX, anyW, anyZ, strides,
                        padL, padR), "convolution backward data");
                dnnl_primitive_desc pd = primitiveDesc(bd, hint());
                backwardData = op(pd, arg(pd, DNNL_ARG_DIFF_DST, z, false), arg(pd, DNNL_ARG_WEIGHTS, w, false),
                        arg(pd, DNNL_ARG_DIFF_SRC, x, true));
            }
            return backwardData;
        }

        synchronized Op backwardWeights() {
            if (backwardWeights == null) {
                dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
                check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, anyX, anyW, null, anyZ,
                        strides, padL, padR), "convolution backward weights");
                dnnl_primitive_desc pd = primitiveDesc(wd, hint());
                backwardWeights = op(pd, arg(pd, DNNL_ARG_SRC, x, false), arg(pd, DNNL_ARG_DIFF_DST, z, false),
                        arg(pd, DNNL_ARG_DIFF_WEIGHTS, w, true));
            }
            return backwardWeights;
        }

        /** The forward descriptor without bias: the backward primitives' hint. */
        private dnnl_primitive_desc hint() {
            if (hint == null) hint = forwardDesc(false);
            return hint;
        }

        private dnnl_primitive_desc forwardDesc(boolean withBias) {
            dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct, anyX, anyW,
                    withBias ? b : null, anyZ, strides, padL, padR), "convolution forward");
            return primitiveDesc(fd, null);
        }

        /**
         * Argument {@code kind} of {@code pd}, whose array has the plain layout {@code user}: with a reorder where the
         * primitive chose another layout.
         */
        private static Arg arg(dnnl_primitive_desc pd, int kind, dnnl_memory_desc_t user, boolean output) {
            dnnl_memory_desc_t inner = dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, kind);
            if (dnnl_memory_desc_equal(inner, user) != 0) return new Arg(kind, user, user, 0, null, output);
            dnnl_primitive_desc rd = new dnnl_primitive_desc();
            check(output ? dnnl_reorder_primitive_desc_create(rd, inner, ENGINE, user, ENGINE, USER_SCRATCHPAD)
                    : dnnl_reorder_primitive_desc_create(rd, user, ENGINE, inner, ENGINE, USER_SCRATCHPAD),
                    "dnnl_reorder_primitive_desc_create");
            return new Arg(kind, user, inner, dnnl_memory_desc_get_size(inner), op(rd), output);
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

        /** The primitive of {@code pd} with its arguments (kept, with the scratchpad descriptor it owns). */
        private static Op op(dnnl_primitive_desc pd, Arg... args) {
            dnnl_primitive p = new dnnl_primitive();
            check(dnnl_primitive_create(p, pd), "dnnl_primitive_create");
            dnnl_memory_desc_t scratch = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
            return new Op(p, args, scratch, dnnl_memory_desc_get_size(scratch));
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

    private static void check(Shape s, int status, String call) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN: " + call + " failed with status " + status + " for " + s);
        }
    }
}
