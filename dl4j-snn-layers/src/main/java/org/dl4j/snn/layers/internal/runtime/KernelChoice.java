package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.Kernel;
import org.dl4j.snn.layers.internal.kernel.Kernels;
import org.dl4j.snn.layers.internal.kernel.NativeThreads;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A runtime's kernels for one operation, and the choice among them: each forward pass runs the kernel that
 * {@link Kernels#choose} picks for it (a fast one that applies, else the stock one); the backward pass over the same
 * input array runs that kernel again on that pass, which holds what the forward left (a spike raster, max-pooling
 * indices, batch statistics). A backward pass without its forward (another input array) runs the stock kernel, as
 * does one whose gradient a fast kernel cannot take.
 *
 * @param <P> the operation's pass
 */
final class KernelChoice<P extends KernelChoice.Pass> {

    /** One pass of an operation: the input array as DL4J gave it, and the workspaces of the current phase. */
    static class Pass {
        /** The input array: the backward pass reuses its forward's pass only for this very array. */
        final INDArray input;
        LayerWorkspaceMgr mgr;

        Pass(INDArray input, LayerWorkspaceMgr mgr) {
            this.input = input;
            this.mgr = mgr;
        }
    }

    private final Kernel<P> stock;
    private final Kernel<P>[] fast;
    private transient P last;
    private transient Kernel<P> lastKernel;

    /** The stock kernel and the fast ones, in the order they are offered each pass. */
    @SafeVarargs
    KernelChoice(Kernel<P> stock, Kernel<P>... fast) {
        this.stock = stock;
        this.fast = fast;
    }

    /** Runs the forward pass by the kernel chosen for it, and keeps both for the backward pass. */
    void forward(P pass) {
        Kernel<P> kernel = Kernels.choose(pass, stock, fast);
        run(kernel, () -> kernel.forward(pass));
        last = pass;
        lastKernel = kernel;
    }

    /** The pass for a backward pass over {@code input}: its forward's, else a new one from {@code fresh}. */
    P passFor(INDArray input, java.util.function.Supplier<P> fresh) {
        return last != null && last.input == input ? last : fresh.get();
    }

    /**
     * Runs the backward pass of {@code pass} (from {@link #passFor}) by its forward's kernel, or by the stock kernel
     * when it had no forward or {@code fastGradient} is false (the gradient is not what the fast kernels take).
     */
    void backward(P pass, boolean fastGradient) {
        Kernel<P> kernel = pass == last && fastGradient ? lastKernel : stock;
        run(kernel, () -> kernel.backward(pass));
    }

    /** Runs {@code body} of {@code kernel}: as it is for libnd4j's own loops, else with them parked. */
    private static void run(Kernel<?> kernel, Runnable body) {
        if (kernel.nativeLoops()) {
            body.run();
        } else {
            NativeThreads.serial(body);
        }
    }

    /** The class name of the kernel of the last forward pass, for tests; null before any. */
    String lastKernelName() {
        return lastKernel == null ? null : lastKernel.getClass().getSimpleName();
    }

    /**
     * Forgets the last pass (DL4J clears its layers after each minibatch; its arrays are dead by then); the name of its
     * kernel stays for {@link #lastKernelName}.
     */
    void clear() {
        last = null;
    }
}
