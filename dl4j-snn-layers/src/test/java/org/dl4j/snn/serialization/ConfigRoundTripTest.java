package org.dl4j.snn.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.surrogate.Surrogate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Every configuration class of the library (layer configs, losses, preprocessors, dropout, surrogates, neuron
 * configs, found by scanning the module's classes) survives the three ways DL4J copies a configuration: Java
 * serialization (Spark's broadcast of a {@code NetBroadcastTuple}), {@code clone()} (what every Spark worker and
 * {@code MultiLayerConfiguration.clone()} do) and JSON (ParallelWrapper's replicas, saved models).
 *
 * <p>A round trip must give back the same state field by field (compared recursively, not through {@code equals},
 * which may leave a field out), and a clone must share no mutable state with its original. The instances come from
 * {@link ConfigExamples}; a class the scan finds without an example fails {@link #everyConfigClassHasAnExample}, so
 * a new configuration class cannot be forgotten.
 */
class ConfigRoundTripTest {

    /** The kinds of object DL4J serialises as part of a network configuration. */
    static final List<Class<?>> KINDS = List.of(Layer.class, ILossFunction.class, InputPreProcessor.class,
            IDropout.class, GraphVertex.class, IActivation.class, IUpdater.class, Surrogate.class, NeuronConfig.class);

    private static List<Class<?>> configClasses;
    private static List<Object> examples;

    @BeforeAll
    static void scan() throws IOException {
        configClasses = LibraryClasses.concrete(KINDS);
        examples = ConfigExamples.all();
    }

    @Test
    void scanFindsTheKnownClasses() {
        assertThat(configClasses).extracting(Class::getSimpleName).contains("SpikingDense", "SpikingConv",
                "SpikingNeuron", "TimeConv", "TimeBatchNorm", "TimePooling", "TimeFlatten", "TimeDropoutLayer",
                "VotingReadout", "LeakyIntegratorReadout", "TemporalLossLayer", "TetLoss", "SdtLoss", "LtsLoss",
                "SpikeRateMseLoss", "TimeFlattenPreProcessor", "TimeDropout", "ATan", "NeuronConfig");
    }

    @Test
    void everyConfigClassHasAnExample() {
        Set<String> covered = new TreeSet<>();
        examples.forEach(e -> covered.add(e.getClass().getName()));
        List<String> missing = configClasses.stream().map(Class::getName).filter(n -> !covered.contains(n)).toList();
        assertThat(missing).as("configuration classes without an instance in ConfigExamples: add one there")
                .isEmpty();
    }

    @Test
    void javaSerializationGivesBackTheSameState() throws Exception {
        for (Object x : examples) {
            assertThat(x).as(x.getClass().getName() + " must be Serializable (Spark broadcasts configurations)")
                    .isInstanceOf(Serializable.class);
            Object back = deserialize(serialize(x));
            assertThat(back).isExactlyInstanceOf(x.getClass());
            assertSameState(x, back, x.getClass().getSimpleName());
            assertThat(back).as("equals after Java serialization: %s", x).isEqualTo(x);
        }
    }

    @Test
    void cloneGivesTheSameStateAndSharesNothingMutable() throws Exception {
        int cloned = 0;
        for (Object x : examples) {
            Method clone = publicClone(x.getClass());
            if (clone == null) {
                assertThat(isImmutable(x.getClass())).as("%s has no public clone(); it must then be immutable",
                        x.getClass().getName()).isTrue();
                continue;
            }
            Object copy = clone.invoke(x);
            cloned++;
            assertThat(copy).isExactlyInstanceOf(x.getClass()).isNotSameAs(x);
            assertSameState(x, copy, x.getClass().getSimpleName());
            assertThat(copy).isEqualTo(x);
            assertNothingMutableShared(x, copy, x.getClass().getSimpleName(), new IdentityHashMap<>());
        }
        assertThat(cloned).isGreaterThan(10);
    }

    @Test
    void jsonGivesBackTheSameState() throws Exception {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        for (Object x : examples) {
            Class<?> kind = KINDS.stream().filter(k -> k.isInstance(x)).findFirst().orElseThrow();
            String json = mapper.writeValueAsString(x);
            Object back = mapper.readValue(json, kind);
            assertThat(back).as(json).isExactlyInstanceOf(x.getClass());
            assertSameState(x, back, x.getClass().getSimpleName());
            assertThat(back).as(json).isEqualTo(x);
            assertThat(mapper.writeValueAsString(back)).isEqualTo(json);
        }
    }

    @Test
    void networkConfigurationsRoundTripAsTheTrainingMastersShipThem() throws Exception {
        for (MultiLayerConfiguration conf : ConfigExamples.networks()) {
            // ParallelWrapper: fromJson(toJson()); Spark: a Java-serialised broadcast, then clone() on each worker.
            assertThat(MultiLayerConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
            MultiLayerConfiguration shipped = (MultiLayerConfiguration) deserialize(serialize(conf));
            assertThat(shipped).isEqualTo(conf);
            assertThat(shipped.toJson()).isEqualTo(conf.toJson());
            assertThat(shipped.clone()).isEqualTo(conf);
            assertThat(shipped.clone().toJson()).isEqualTo(conf.toJson());
        }
        ComputationGraphConfiguration graph = ConfigExamples.graph();
        assertThat(ComputationGraphConfiguration.fromJson(graph.toJson())).isEqualTo(graph);
        ComputationGraphConfiguration shipped = (ComputationGraphConfiguration) deserialize(serialize(graph));
        assertThat(shipped).isEqualTo(graph);
        assertThat(shipped.clone().toJson()).isEqualTo(graph.toJson());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    static byte[] serialize(Object x) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(x);
        }
        return bytes.toByteArray();
    }

    static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    private static Method publicClone(Class<?> c) {
        try {
            Method m = c.getMethod("clone");
            return Modifier.isPublic(m.getModifiers()) && !Modifier.isAbstract(m.getModifiers()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Every instance field (up the hierarchy), static and transient ones left out. */
    static List<Field> stateFields(Class<?> c) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic()) {
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    /** Whether a class is a value: all of its state final and of immutable types. */
    static boolean isImmutable(Class<?> c) {
        if (c.isPrimitive() || c.isEnum() || c == String.class || Number.class.isAssignableFrom(c)
                || c == Boolean.class || c == Character.class || c == Class.class) {
            return true;
        }
        if (c.isArray() || Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
            return false;
        }
        return stateFields(c).stream().allMatch(f -> Modifier.isFinal(f.getModifiers())
                && (f.getType().isPrimitive() || f.getType().isEnum() || f.getType() == String.class
                || isOwnValueType(f.getType())));
    }

    private static boolean isOwnValueType(Class<?> t) {
        // Interfaces of the library whose implementations are documented as immutable (surrogates).
        return t == Surrogate.class || (t.getName().startsWith("org.dl4j.snn.") && !t.isInterface()
                && !t.isArray() && isImmutable(t));
    }

    /** a and b hold equal state, compared field by field through the library's and DL4J's config objects. */
    static void assertSameState(Object a, Object b, String path) {
        if (a == null || b == null) {
            assertThat(b).as(path).isEqualTo(a);
            return;
        }
        Class<?> c = a.getClass();
        assertThat(b.getClass()).as(path).isEqualTo(c);
        if (c.isArray()) {
            assertThat(Array.getLength(b)).as(path + ".length").isEqualTo(Array.getLength(a));
            for (int i = 0; i < Array.getLength(a); i++) {
                assertSameState(Array.get(a, i), Array.get(b, i), path + "[" + i + "]");
            }
        } else if (a instanceof Collection<?> ca) {
            List<?> la = new ArrayList<>(ca);
            List<?> lb = new ArrayList<>((Collection<?>) b);
            assertThat(lb).as(path + " size").hasSameSizeAs(la);
            for (int i = 0; i < la.size(); i++) {
                assertSameState(la.get(i), lb.get(i), path + "[" + i + "]");
            }
        } else if (a instanceof Map<?, ?> ma) {
            Map<?, ?> mb = (Map<?, ?>) b;
            assertThat(mb.keySet()).as(path + " keys").isEqualTo(ma.keySet());
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                assertSameState(e.getValue(), mb.get(e.getKey()), path + "[" + e.getKey() + "]");
            }
        } else if (isConfigObject(c)) {
            for (Field f : stateFields(c)) {
                try {
                    assertSameState(f.get(a), f.get(b), path + "." + f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(path + "." + f.getName() + ": " + e, e);
                }
            }
        } else if (a instanceof Double || a instanceof Float) {
            assertThat(Double.doubleToLongBits(((Number) b).doubleValue())).as(path)
                    .isEqualTo(Double.doubleToLongBits(((Number) a).doubleValue()));
        } else {
            assertThat(b).as(path).isEqualTo(a);
        }
    }

    private static boolean isConfigObject(Class<?> c) {
        if (Enum.class.isAssignableFrom(c)) {
            return false;
        }
        String n = c.getName();
        return n.startsWith("org.dl4j.snn.") || n.startsWith("org.deeplearning4j.nn.conf.")
                || n.startsWith("org.nd4j.linalg.learning.config.") || n.startsWith("org.nd4j.linalg.activations.")
                || n.startsWith("org.nd4j.linalg.lossfunctions.") || n.startsWith("org.deeplearning4j.nn.weights.");
    }

    /**
     * No array, collection or mutable object held by the library's own fields is shared between the original and
     * its clone. Fields declared by DL4J's base classes follow DL4J's clone (which, for its stock layers too, shares
     * e.g. the updater), so only the library's fields are followed.
     */
    private static void assertNothingMutableShared(Object a, Object b, String path, Map<Object, Boolean> seen) {
        if (a == null || b == null || seen.put(a, Boolean.TRUE) != null) {
            return;
        }
        Class<?> c = a.getClass();
        boolean mutable = c.isArray() ? Array.getLength(a) > 0
                : (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c))
                ? !((a instanceof Collection<?> col && col.isEmpty()) || (a instanceof Map<?, ?> m && m.isEmpty()))
                : isConfigObject(c) && !isImmutable(c);
        if (mutable && a == b) {
            fail(path + " (" + c.getName() + ") is shared between the original and its clone");
        }
        if (c.isArray() && !c.getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(a); i++) {
                assertNothingMutableShared(Array.get(a, i), Array.get(b, i), path + "[" + i + "]", seen);
            }
        } else if (isConfigObject(c)) {
            for (Field f : stateFields(c)) {
                if (!f.getDeclaringClass().getName().startsWith("org.dl4j.snn.")) {
                    continue;
                }
                try {
                    assertNothingMutableShared(f.get(a), f.get(b), path + "." + f.getName(), seen);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
