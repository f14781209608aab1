package org.dl4j.snn.layers.internal.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-major GEMM on sub-matrices of dense C-ordered ND4J arrays, each matrix given as (array, element offset,
 * leading dimension):
 * <pre>
 *   C[m x n] = alpha * op(A) * op(B) + beta * C,   op(A) [m x k], op(B) [k x n]
 * </pre>
 * For float32 with OpenBLAS (nd4j-native's BLAS) it calls {@code cblas_sgemm} on the buffers' addresses, found by
 * reflection as {@link Ranges.BlasThreads} finds its setter (this module does not depend on a backend). Why: the
 * per-sample GEMMs of a dense synapse went through {@code Nd4j.gemm} on {@code slice(n)} views, and every view made a
 * native shape-info buffer and every call an {@code Mmul} op (javacpp allocations, each with a check of the process's
 * resident size): in the bench MLP that bookkeeping cost about as much CPU as the GEMMs themselves. Otherwise (another
 * BLAS, float64) it runs {@code Nd4j.gemm} on views of the same sub-matrices. Called on {@link Ranges#parallelBlas}
 * threads, one BLAS thread per call.
 */
public final class BlasGemm {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    /** {@code cblas_sgemm} as (int x 6, float, Pointer, int, Pointer, int, float, Pointer, int) void, or null. */
    private static final MethodHandle SGEMM = sgemm();

    private BlasGemm() {}

    /** Whether float32 calls go straight to OpenBLAS (for tests). */
    static boolean direct() {
        return SGEMM != null;
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} on the sub-matrices at the given element offsets of {@code a}, {@code b},
     * {@code c} (dense C-ordered arrays of one data type), rows {@code lda}, {@code ldb}, {@code ldc} elements apart.
     * A is stored [m x k] ([k x m] when {@code transA}), B [k x n] ([n x k] when {@code transB}).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, INDArray a, long aOff,
                            int lda, INDArray b, long bOff, int ldb, double beta, INDArray c, long cOff, int ldc) {
        if (SGEMM != null && a.dataType() == DataType.FLOAT && b.dataType() == DataType.FLOAT
                && c.dataType() == DataType.FLOAT) {
            try {
                SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                        (float) alpha, at(a, aOff), lda, at(b, bOff), ldb, (float) beta, at(c, cOff), ldc);
            } catch (Throwable e) {
                throw new IllegalStateException("cblas_sgemm failed", e);
            }
            return;
        }
        INDArray av = view(a, aOff, transA ? k : m, transA ? m : k, lda);
        INDArray bv = view(b, bOff, transB ? n : k, transB ? k : n, ldb);
        INDArray cv = view(c, cOff, m, n, ldc);
        if (ldc == n) {
            Nd4j.gemm(av, bv, cv, transA, transB, alpha, beta);
        } else {
            // Nd4j.gemm writes only whole (element-wise stride 1) arrays.
            INDArray product = Nd4j.gemm(av, bv, transA, transB).muli(alpha);
            cv.assign(beta == 0 ? product : cv.muli(beta).addi(product));
        }
    }

    /** Rows x cols starting at element {@code off} of dense C-ordered {@code x}, rows {@code ld} elements apart. */
    private static INDArray view(INDArray x, long off, int rows, int cols, int ld) {
        return Nd4j.create(x.data(), new long[] {rows, cols}, new long[] {ld, 1}, x.offset() + off, 'c');
    }

    /** The native address of element {@code off} of {@code x}, as the FloatPointer cblas_sgemm takes. */
    private static Pointer at(INDArray x, long off) {
        // A view's buffer reports the address of the whole allocation; the array's offset counts from there.
        return new Address(x.data().address() + (x.offset() + off) * Float.BYTES);
    }

    /** A float pointer at a given address, owning nothing (no deallocator, no allocation). */
    private static final class Address extends FloatPointer {
        Address(long address) {
            this.address = address;
        }
    }

    private static MethodHandle sgemm() {
        try {
            if (Nd4j.factory().blas().getBlasVendor() != org.nd4j.linalg.api.blas.Blas.Vendor.OPENBLAS) return null;
            Class<?> openblas = Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
            MethodHandle h = MethodHandles.publicLookup().findStatic(openblas, "cblas_sgemm",
                    MethodType.methodType(void.class, int.class, int.class, int.class, int.class, int.class, int.class,
                            float.class, FloatPointer.class, int.class, FloatPointer.class, int.class, float.class,
                            FloatPointer.class, int.class));
            return h.asType(MethodType.methodType(void.class, int.class, int.class, int.class, int.class, int.class,
                    int.class, float.class, Pointer.class, int.class, Pointer.class, int.class, float.class,
                    Pointer.class, int.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
