package org.dl4j.snn.examples.scaleout;

import java.lang.reflect.Field;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.TrainerContext;
import org.deeplearning4j.parallelism.trainer.DefaultTrainer;
import org.deeplearning4j.parallelism.trainer.SymmetricTrainer;
import org.deeplearning4j.parallelism.trainer.Trainer;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A fix for ParallelWrapper's replica start-up in DL4J 1.0.0-M2.1: no replica trains until every replica of the
 * round is built.
 *
 * <p>The bug: replica 0 trains the original network itself and starts its first {@code fit} as soon as it has a
 * batch, while the other replicas are still being built from that same network ({@code DefaultTrainer.run}: its
 * configuration, then a copy of its parameters and updater state). With averaging
 * ({@code TrainingMode.AVERAGING}) the other replicas then copy parameters that replica 0 is updating: they start
 * from a torn or later state, and the first round differs from the same round done in order. With gradient sharing
 * ({@code TrainingMode.SHARED_GRADIENTS}) it deadlocks: inside {@code fit}, a {@code synchronized} method of the
 * network, replica 0 waits in {@code EncodedGradientsAccumulator.synchronize} for the others' first updates, and
 * their set-up calls {@code MultiLayerNetwork.getLayers()}, {@code synchronized} on the same network.
 *
 * <p>The fix: every replica waits, before its first {@code fit}, until all replicas are built (their
 * {@code postInit} done); replica 0 then holds no lock and changes nothing while the others copy the network.
 * ParallelWrapper's builder always installs its own trainer context for the chosen mode (it ignores
 * {@code trainerFactory}), so {@link #install} replaces the context of the built wrapper.
 */
public final class ReplicaStart {
    /** Upper bound on the wait for the other replicas to be built (a failed replica must not hang training). */
    static final long TIMEOUT_SECONDS = 300;

    private ReplicaStart() {
    }

    /** Gives {@code wrapper} (built with averaging or gradient sharing) start-together trainers. */
    public static ParallelWrapper install(ParallelWrapper wrapper, int workers, boolean sharedGradients) {
        try {
            Field f = ParallelWrapper.class.getDeclaredField("trainerContext");
            f.setAccessible(true);
            f.set(wrapper, new Context(workers, sharedGradients));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install the replica start-up fix into this ParallelWrapper "
                    + "(a DL4J version other than 1.0.0-M2.1?): " + e, e);
        }
        return wrapper;
    }

    /** Makes start-together trainers; each set of replicas (one per {@code fit}) shares one latch. */
    static final class Context implements TrainerContext {
        private final int workers;
        private final boolean shared;
        private volatile CountDownLatch built;

        Context(int workers, boolean shared) {
            this.workers = workers;
            this.shared = shared;
        }

        @Override
        public void init(Model model, Object... args) {
            // Called by ParallelWrapper each time it creates its replicas (at the start of every fit).
            built = new CountDownLatch(workers);
        }

        @Override
        public Trainer create(String uuid, int threadId, Model model, int rootDevice, boolean useMDS,
                              ParallelWrapper wrapper, WorkspaceMode mode, int averagingFrequency) {
            Thread t;
            if (shared) {
                t = new SharingTrainer(model, uuid, threadId, mode, wrapper, useMDS, built);
                t.setName("SymmetricTrainer thread " + threadId);
            } else {
                t = new AveragingTrainer(model, uuid, threadId, mode, wrapper, useMDS, averagingFrequency, built);
                t.setName("DefaultTrainer thread " + threadId);
            }
            t.setDaemon(true);
            return (Trainer) t;
        }

        @Override
        public void finalizeRound(Model originalModel, Model... models) {
            // Averaging happens in ParallelWrapper itself; gradient sharing keeps replicas in step.
        }

        @Override
        public void finalizeTraining(Model originalModel, Model... models) {
            if (shared) {
                originalModel.setParams(models[0].params());
            }
        }
    }

    private static void await(CountDownLatch built) {
        try {
            if (!built.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ParallelWrapper: the other replicas were not built within "
                        + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ParallelWrapper: interrupted while waiting for the replicas", e);
        }
    }

    /** DL4J's averaging trainer, built as its {@code DefaultTrainerContext} builds it, starting together. */
    static final class AveragingTrainer extends DefaultTrainer {
        private final CountDownLatch built;

        AveragingTrainer(Model original, String uuid, int threadId, WorkspaceMode mode, ParallelWrapper wrapper,
                         boolean useMDS, int averagingFrequency, CountDownLatch built) {
            super();
            this.originalModel = original;
            this.replicatedModel = original;
            this.threadId = threadId;
            this.parallelWrapper = wrapper;
            this.workspaceMode = mode;
            this.useMDS = useMDS;
            this.uuid = uuid + "_thread_" + threadId;
            this.averagingFrequency = averagingFrequency;
            this.built = built;
        }

        @Override
        protected void postInit() {
            super.postInit();
            built.countDown();
        }

        @Override
        protected void fit(DataSet dataSet) {
            await(built);
            super.fit(dataSet);
        }

        @Override
        protected void fit(MultiDataSet dataSet) {
            await(built);
            super.fit(dataSet);
        }
    }

    /** DL4J's gradient-sharing trainer, starting together. */
    static final class SharingTrainer extends SymmetricTrainer {
        private final CountDownLatch built;

        SharingTrainer(Model original, String uuid, int threadId, WorkspaceMode mode, ParallelWrapper wrapper,
                       boolean useMDS, CountDownLatch built) {
            super(original, uuid, threadId, mode, wrapper, useMDS);
            this.built = built;
        }

        @Override
        protected void postInit() {
            super.postInit();
            built.countDown();
        }

        @Override
        protected void fit(DataSet dataSet) {
            await(built);
            super.fit(dataSet);
        }

        @Override
        protected void fit(MultiDataSet dataSet) {
            await(built);
            super.fit(dataSet);
        }
    }
}
