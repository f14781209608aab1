package org.dl4j.snn.examples.scaleout.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.examples.scaleout.ScaleOut;
import org.dl4j.snn.examples.scaleout.SparkBackend;
import org.dl4j.snn.examples.scaleout.TrainingMode;
import org.dl4j.snn.examples.scaleout.TrainingSession;
import org.dl4j.snn.examples.train.RunConfig;
import org.dl4j.snn.examples.train.Trainer;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * {@code train --spark MASTER}: a Spark application that trains the run's network with DL4J's
 * {@link ParameterAveragingTrainingMaster} (averaging, in ParallelWrapper's rounds: {@link InOrderParameterAveraging})
 * or {@link SharedTrainingMaster} (gradient sharing over Aeron).
 *
 * <p>Spark settings: any {@code spark.*} Java system property ({@code java -Dspark.executor.memory=4g -jar ...}) or
 * those of {@code spark-submit} apply; on top of them, where not set: the application jar ({@code spark.jars}, for a
 * cluster), Spark's web UI off, and, when the master is this machine ({@code local[N]}, {@code spark://127.0.0.1:P},
 * {@code spark://localhost:P}), the driver, its block manager and Aeron on loopback only. Each replica trains at the
 * run's learning rate times the application's cores when averaging ({@link ScaleOut#learningRate}).
 */
public final class SparkTraining implements SparkBackend {
    /** Aeron refuses its defaults (publication unblock timeout <= client liveness timeout) in this version mix. */
    static final String AERON_UNBLOCK = "aeron.publication.unblock.timeout";
    static final String AERON_UNBLOCK_NS = "60000000000";
    private static final Pattern SPARK_HOST = Pattern.compile("spark://([^:/,]+)(:\\d+)?");

    @Override
    public TrainingSession open(MultiLayerNetwork net, RunConfig config, EventChecks checks, ScaleOut scaleOut,
                                PrintStream out) {
        String master = scaleOut.sparkMaster();
        boolean loopback = isLoopback(master);
        SparkConf conf = new SparkConf(true).setMaster(master)
                .setAppName("dl4j-snn train " + config.preset());
        conf.setIfMissing("spark.ui.enabled", "false");
        if (loopback) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!master.startsWith("local") && !conf.contains("spark.jars")) {
            Path jar = ownJar();
            if (jar != null) {
                conf.setJars(new String[] {jar.toUri().toString()});
            }
        }
        String aeron = "-D" + AERON_UNBLOCK + "=" + AERON_UNBLOCK_NS;
        String executorOptions = conf.get("spark.executor.extraJavaOptions", "");
        if (!executorOptions.contains(AERON_UNBLOCK)) {
            conf.set("spark.executor.extraJavaOptions", (executorOptions + " " + aeron).trim());
        }
        if (System.getProperty(AERON_UNBLOCK) == null) {
            System.setProperty(AERON_UNBLOCK, AERON_UNBLOCK_NS);
        }

        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            int cores = cores(sc);
            double lr = scaleOut.learningRate(config.learningRate(), cores);
            net.setLearningRate(lr);
            TrainingMaster<?, ?> master0 = trainingMaster(config, scaleOut, loopback);
            SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, net, master0);
            out.printf(Locale.ROOT, "spark: application %s on %s, %d executor cores, %s%s%n", sc.sc().applicationId(),
                    master, cores, scaleOut.mode() == TrainingMode.AVERAGING
                            ? "ParameterAveragingTrainingMaster" : "SharedTrainingMaster",
                    lr == config.learningRate() ? "" : String.format(Locale.ROOT, ", learning rate %.3g x %d",
                            config.learningRate(), cores));
            SparkNet trained = new SparkNet(sc, sparkNet, config, checks, cores,
                    scaleOut.mode() == TrainingMode.AVERAGING, out);
            return new TrainingSession() {
                @Override
                public Trainer.Net net() {
                    return trained;
                }

                @Override
                public void close() {
                    try {
                        master0.deleteTempFiles(sc);
                    } finally {
                        sc.stop();
                    }
                }
            };
        } catch (RuntimeException | Error e) {
            sc.stop();
            throw e;
        }
    }

    /**
     * The training master of the mode: mini-batches of the run's batch size per worker; averaging in the rounds of
     * ParallelWrapper ({@link InOrderParameterAveraging}).
     */
    static TrainingMaster<?, ?> trainingMaster(RunConfig config, ScaleOut scaleOut, boolean loopback) {
        if (scaleOut.mode() == TrainingMode.AVERAGING) {
            return new InOrderParameterAveraging(new ParameterAveragingTrainingMaster.Builder(config.batch())
                    .batchSizePerWorker(config.batch())
                    .averagingFrequency(scaleOut.averagingFrequency())
                    .workerPrefetchNumBatches(2)
                    .saveUpdater(true)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .rngSeed(config.seed()));
        }
        VoidConfiguration.VoidConfigurationBuilder voidConf = VoidConfiguration.builder();
        if (loopback) {
            voidConf.unicastPort(freeUdpPort()).networkMask("127.0.0.0/8").controllerAddress("127.0.0.1");
        }
        return new SharedTrainingMaster.Builder(voidConf.build(), new FixedThresholdAlgorithm(config.learningRate()),
                config.batch())
                .batchSizePerWorker(config.batch())
                .workersPerNode(1)
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(config.seed())
                .build();
    }

    /** The application's executor cores: waits up to 60 s for a cluster's executors to register. */
    private static int cores(JavaSparkContext sc) {
        if (sc.sc().isLocal()) {
            return sc.defaultParallelism();
        }
        long until = System.nanoTime() + 60_000_000_000L;
        while (sc.sc().getExecutorMemoryStatus().size() < 2 && System.nanoTime() < until) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (sc.sc().getExecutorMemoryStatus().size() < 2) {
            throw new IllegalStateException("--spark " + sc.master() + ": no executor registered within 60 s (are "
                    + "workers running, with enough free cores and memory?)");
        }
        // Executors that register a moment later are given a little longer.
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sc.defaultParallelism();
    }

    static boolean isLoopback(String master) {
        if (master.startsWith("local")) {
            return true;
        }
        Matcher m = SPARK_HOST.matcher(master);
        if (!m.matches()) {
            return false;
        }
        String host = m.group(1).toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** The jar this class was loaded from (the application jar executors need), or null outside a jar. */
    static Path ownJar() {
        try {
            URI uri = SparkTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI();
            Path p = Path.of(uri);
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p.toAbsolutePath() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on 127.0.0.1 for Aeron: " + e.getMessage(), e);
        }
    }
}
