package org.dl4j.snn.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.core.storage.impl.CollectionStatsStorageRouter;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.monitor.storage.SpikeMonitorMetaData;
import org.dl4j.snn.monitor.storage.SpikeMonitorReport;
import org.dl4j.snn.monitor.storage.StatsStorageSink;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class StatsStorageSinkTest {

    @Test
    void trainingPostsMetadataStaticInfoAndOneUpdatePerReportingPoint() {
        List<StorageMetaData> meta = new ArrayList<>();
        List<Persistable> statics = new ArrayList<>();
        List<Persistable> updates = new ArrayList<>();
        StatsStorageSink sink = new StatsStorageSink(new CollectionStatsStorageRouter(meta, statics, updates),
                "session-1", "worker-a");
        MultiLayerNetwork net = SpikeMonitorListenerTest.mln(WorkspaceMode.ENABLED);
        List<MonitorRecord> records;
        try (SpikeMonitor m = SpikeMonitor.builder().spikingLayers(l -> l instanceof ActivationLayer)
                .everyIterations(1).sink(sink).build()) {
            net.setListeners(m);
            for (int i = 0; i < 3; i++) {
                net.fit(new DataSet(Nd4j.ones(DataType.FLOAT, 2, 3, 4), Nd4j.zeros(DataType.FLOAT, 2, 2, 4)));
            }
            m.endEpoch();
            records = m.records();
        }
        assertThat(records).hasSize(4);

        assertThat(meta).singleElement().isInstanceOfSatisfying(SpikeMonitorMetaData.class, md -> {
            assertThat(md.getTypeID()).isEqualTo(SpikeMonitorReport.TYPE_ID);
            assertThat(md.getSessionID()).isEqualTo("session-1");
            assertThat(md.getWorkerID()).isEqualTo("worker-a");
            assertThat(md.getUpdateTypeClass()).isEqualTo(SpikeMonitorReport.class.getName());
            assertThat(md.getInitTypeClass()).isEqualTo(SpikeMonitorReport.class.getName());
        });
        assertThat(statics).hasSize(1);
        assertThat(updates).hasSize(4).allSatisfy(p -> {
            assertThat(p.getTypeID()).isEqualTo("SpikeMonitor");
            assertThat(p.getSessionID()).isEqualTo("session-1");
            assertThat(p.getWorkerID()).isEqualTo("worker-a");
        });
        // Storages key updates by timestamp: they must be distinct even within one millisecond.
        assertThat(updates.stream().mapToLong(Persistable::getTimeStamp).distinct().count()).isEqualTo(4);
        assertThat(updates.stream().flatMap(p -> ((SpikeMonitorReport) p).records().stream()).toList())
                .isEqualTo(records);
    }

    @Test
    void reportsRoundTripThroughTheirByteEncodingAsStatsStoragesDecodeThem() throws Exception {
        MonitorRecord r = MonitorRecordFormatTest.record("dense1", MonitorRecordFormatTest.tauAndTheta());
        SpikeMonitorReport report = new SpikeMonitorReport("s", "w", 42L, List.of(r, r));
        byte[] bytes = report.encode();
        assertThat(report.encodingLengthBytes()).isEqualTo(bytes.length);

        // MapDB-backed FileStatsStorage: no-arg constructor by class name, then decode(byte[]).
        Persistable decoded = (Persistable) Class.forName(SpikeMonitorReport.class.getName())
                .getDeclaredConstructor().newInstance();
        decoded.decode(bytes);
        assertThat(decoded.getSessionID()).isEqualTo("s");
        assertThat(decoded.getWorkerID()).isEqualTo("w");
        assertThat(decoded.getTimeStamp()).isEqualTo(42L);
        assertThat(((SpikeMonitorReport) decoded).records()).containsExactly(r, r);

        ByteBuffer buf = ByteBuffer.allocate(bytes.length);
        report.encode(buf);
        buf.flip();
        SpikeMonitorReport fromBuffer = new SpikeMonitorReport();
        fromBuffer.decode(buf);
        assertThat(fromBuffer.records()).containsExactly(r, r);

        SpikeMonitorMetaData md = new SpikeMonitorMetaData();
        md.decode(new SpikeMonitorMetaData("s", "w", 7L).encode());
        assertThat(md.getSessionID()).isEqualTo("s");
        assertThat(md.getTimeStamp()).isEqualTo(7L);

        assertThatThrownBy(() -> new SpikeMonitorReport().decode(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SpikeMonitorReport");
    }

    @Test
    void readAllCollectsTheRecordsOfASessionFromAStatsStorage() {
        MonitorRecord a = MonitorRecordFormatTest.record("a", MonitorRecordFormatTest.tauAndTheta());
        MonitorRecord b = MonitorRecordFormatTest.record("b", java.util.Map.of());
        List<Persistable> stored = List.of(new SpikeMonitorReport("s", "w", 1L, List.of(a)),
                new SpikeMonitorReport("s", "w", 2L, List.of(b, a)));
        // Only the one query readAll makes is answered; any other call fails the test.
        StatsStorage storage = (StatsStorage) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StatsStorage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getAllUpdatesAfter") && args.length == 4
                            && args[0].equals("s") && args[1].equals(SpikeMonitorReport.TYPE_ID)
                            && args[2].equals("w")) {
                        return stored;
                    }
                    throw new AssertionError("unexpected call " + method);
                });
        assertThat(SpikeMonitorReport.readAll(storage, "s", "w")).containsExactly(a, b, a);
    }
}
