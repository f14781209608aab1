package org.dl4j.snn.layers.internal.samediff;

import java.util.function.Supplier;
import org.dl4j.snn.layers.internal.kernel.NativeThreads;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a SameDiff call with every intermediate array of its session in one reusable workspace (and, for graphs of
 * small per-step ops, libnd4j on one thread).
 *
 * <p>M2.1's default session memory manager ({@code ArrayCacheMemoryMgr}) hands out fresh detached arrays for almost
 * every op output of the T-unrolled spiking graphs and leaves them to the garbage collector, so the engine spends much
 * of its CPU time in {@code malloc} and the kernel zeroing new pages, and its resident memory grows large. Here the
 * sessions of the graph (and of its gradient function) allocate from a workspace that is opened around each call and
 * reset when it closes, so after the first call the same memory serves every call.
 *
 * <p>{@link GraphPlan} runs allocate their op outputs in the same workspace (kept forward values excepted).
 *
 * <p>Contract: whatever the call returns lives in the workspace and must be copied out inside {@link #run}'s body
 * (arrays SameDiff asks for as detached are allocated outside it); nothing is released early, so the workspace holds
 * all arrays of one call.
 */
final class SessionWorkspace {
    /** One workspace per thread for all SameDiff-engine layers: their calls run one after another. */
    private static final String ID = "DL4J_SNN_SAMEDIFF_SESSION";
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.1)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();
    private static final Manager MANAGER = new Manager();

    private SessionWorkspace() {
    }

    /**
     * Points the current thread's sessions of {@code graphs} at the workspace, opens it, runs {@code body} and
     * closes it (which frees everything the call allocated in it for the next call). With {@code smallOps} libnd4j
     * runs the call on one thread: the unrolled graphs execute thousands of ops on one time step's slice each, and
     * for slices of a few thousand elements waking and parking OpenMP threads per op costs more than it saves.
     * libnd4j's thread settings are restored afterwards.
     */
    static <T> T run(boolean smallOps, Supplier<T> body, SameDiff... graphs) {
        for (SameDiff sd : graphs) {
            if (sd != null) install(sd);
        }
        Supplier<T> inWorkspace = () -> {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, ID)) {
                return body.get();
            }
        };
        return smallOps ? NativeThreads.serial(inWorkspace) : inWorkspace.get();
    }

    private static void install(SameDiff sd) {
        long thread = Thread.currentThread().getId();
        InferenceSession session = sd.getSessions().get(thread);
        if (session == null) {
            session = new InferenceSession(sd);
            sd.getSessions().put(thread, session);
        }
        if (session.getMmgr() != MANAGER) {
            session.setMmgr(MANAGER);
        }
    }

    /** Allocates in the current workspace (detached when asked), never releases: the workspace's reset does. */
    private static final class Manager extends AbstractMemoryMgr {
        @Override
        public INDArray allocate(boolean detached, DataType dataType, long... shape) {
            return detached ? Nd4j.createUninitializedDetached(dataType, shape)
                    : Nd4j.createUninitialized(dataType, shape);
        }

        @Override
        public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
            if (descriptor.isEmpty()) {
                INDArray empty = Nd4j.create(descriptor);
                return detached ? empty.detach() : empty;
            }
            if (detached) {
                try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    return Nd4j.createUninitialized(descriptor.dataType(), descriptor.getShape(),
                            descriptor.getOrder());
                }
            }
            return Nd4j.createUninitialized(descriptor.dataType(), descriptor.getShape(), descriptor.getOrder());
        }

        @Override
        public void release(INDArray array) {
            // Freed in bulk when the workspace closes.
        }

        @Override
        public void close() {
        }
    }
}
