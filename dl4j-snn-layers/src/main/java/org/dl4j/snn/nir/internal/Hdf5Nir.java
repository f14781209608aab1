package org.dl4j.snn.nir.internal;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dl4j.snn.nir.NirArray;
import org.dl4j.snn.nir.NirEdge;
import org.dl4j.snn.nir.NirException;
import org.dl4j.snn.nir.NirGraph;
import org.dl4j.snn.nir.NirNode;

/**
 * NIR's HDF5 layout read and written with jHDF (pure Java): {@code /version}, {@code /node/type} = "NIRGraph",
 * {@code /node/edges} [E, 2] strings, {@code /node/nodes/<name>/<field>}, {@code /node/metadata/<key>}. Reading
 * accepts what h5py / nir.write produce (gzip-chunked data, variable-length strings, int64 scalars); writing uses
 * contiguous datasets and fixed-length UTF-8 strings.
 */
public final class Hdf5Nir {
    private Hdf5Nir() {
    }

    // ---- reading -------------------------------------------------------------------------------------------

    public static NirGraph read(Path file) {
        String src = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new NirException(src + ": no such file (expected a NIR file written by nir.write or NirExport)");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            Node root = hdf.getChild("node");
            if (!(root instanceof Group g)) {
                throw new NirException(src + ": not a NIR file: it has no group /node (a NIR file holds /version and"
                        + " the graph in /node)");
            }
            String version = "";
            Node v = hdf.getChild("version");
            if (v instanceof Dataset d) version = string(d, src, "/version");
            return readGraph(g, src, "/node", version);
        } catch (NirException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NirException(src + ": cannot read as HDF5 (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); a NIR file is an HDF5 file written by nir.write", e);
        }
    }

    private static NirGraph readGraph(Group g, String src, String path, String version) {
        String type = typeOf(g, src, path);
        if (!"NIRGraph".equals(type)) {
            throw new NirException(src + ": " + path + "/type is '" + type + "', expected 'NIRGraph'");
        }
        Node nodesNode = g.getChild("nodes");
        if (!(nodesNode instanceof Group nodesGroup)) {
            throw new NirException(src + ": " + path + " has no group 'nodes' (expected " + path
                    + "/nodes/<name>/type)");
        }
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : nodesGroup.getChildren().entrySet()) {
            String name = e.getKey();
            String p = path + "/nodes/" + name;
            if (!(e.getValue() instanceof Group ng)) {
                throw new NirException(src + ": " + p + " is a dataset, expected a group holding the node's type and"
                        + " fields");
            }
            nodes.put(name, readNode(name, ng, src, p));
        }
        List<NirEdge> edges = new ArrayList<>();
        Node edgesNode = g.getChild("edges");
        if (edgesNode instanceof Dataset ed) {
            Object data = ed.getData();
            if (data instanceof String[][] pairs) {
                for (String[] pair : pairs) {
                    if (pair.length != 2) {
                        throw new NirException(src + ": " + path + "/edges has rows of " + pair.length
                                + " strings, expected [E, 2] (from, to)");
                    }
                    edges.add(new NirEdge(pair[0], pair[1]));
                }
            } else if (!(data != null && data.getClass().isArray() && Array.getLength(data) == 0)) {
                throw new NirException(src + ": " + path + "/edges is " + describe(ed)
                        + ", expected an [E, 2] array of strings");
            }
        } else {
            throw new NirException(src + ": " + path + " has no dataset 'edges' (expected [E, 2] strings)");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (g.getChild("metadata") instanceof Group mg) readMetadata(mg, src, path + "/metadata", metadata);
        return new NirGraph(nodes, edges, metadata, version, src);
    }

    private static NirNode readNode(String name, Group g, String src, String path) {
        String type = typeOf(g, src, path);
        if ("NIRGraph".equals(type)) {
            return new NirNode(name, type, Map.of(), readGraph(g, src, path, ""));
        }
        Map<String, NirArray> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            String key = e.getKey();
            if (key.equals("type") || !(e.getValue() instanceof Dataset d)) continue;
            NirArray a = numeric(d);
            if (a == null) {
                if (isString(d)) continue; // string fields carry no numbers NIR's nodes need
                throw NirException.atNode(src, name, type, "field '" + key + "' is " + describe(d)
                        + ", expected a float or integer array");
            }
            fields.put(key, a);
        }
        return new NirNode(name, type, fields);
    }

    private static void readMetadata(Group g, String src, String path, Map<String, Object> out) {
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            if (!(e.getValue() instanceof Dataset d)) continue;
            NirArray a = numeric(d);
            if (a != null) {
                out.put(e.getKey(), a);
            } else if (isString(d)) {
                out.put(e.getKey(), string(d, src, path + "/" + e.getKey()));
            }
        }
    }

    private static String typeOf(Group g, String src, String path) {
        Node t = g.getChild("type");
        if (!(t instanceof Dataset d)) {
            throw new NirException(src + ": " + path + " has no dataset 'type' (expected a string such as 'LIF')");
        }
        return string(d, src, path + "/type");
    }

    private static boolean isString(Dataset d) {
        Class<?> c = d.getJavaType();
        return c == String.class;
    }

    private static String string(Dataset d, String src, String path) {
        Object o = d.getData();
        if (o instanceof String s) return s.trim().replace("\0", "");
        if (o instanceof String[] a && a.length == 1) return a[0];
        if (o instanceof byte[] b) return new String(b, java.nio.charset.StandardCharsets.UTF_8).replace("\0", "");
        throw new NirException(src + ": " + path + " is " + describe(d) + ", expected a string");
    }

    /** A numeric dataset as a NirArray, or null when it is not numeric. */
    private static NirArray numeric(Dataset d) {
        DataType t = d.getDataType();
        NirArray.DType dtype;
        if (t instanceof FloatingPoint) {
            dtype = t.getSize() == 4 ? NirArray.DType.FLOAT32 : NirArray.DType.FLOAT64;
        } else if (t instanceof FixedPoint) {
            dtype = t.getSize() <= 4 ? NirArray.DType.INT32 : NirArray.DType.INT64;
        } else {
            return null;
        }
        long[] shape = d.getDimensionsAsLong();
        double[] values;
        if (d.isScalar()) {
            Object o = d.getData();
            values = new double[] {((Number) o).doubleValue()};
            shape = new long[0];
        } else {
            Object flat = d.getDataFlat();
            int n = Array.getLength(flat);
            values = new double[n];
            for (int i = 0; i < n; i++) values[i] = Array.getDouble(flat, i);
        }
        return new NirArray(dtype, shape, values);
    }

    private static String describe(Dataset d) {
        return d.getJavaType().getSimpleName() + java.util.Arrays.toString(d.getDimensions());
    }

    // ---- writing -------------------------------------------------------------------------------------------

    public static void write(NirGraph graph, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try {
                try (WritableHdfFile hdf = HdfFile.write(tmp)) {
                    hdf.putDataset("version", NirGraph.WRITTEN_VERSION);
                    writeGraph(hdf.putGroup("node"), graph);
                }
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write NIR file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeGraph(WritableGroup g, NirGraph graph) {
        g.putDataset("type", "NIRGraph");
        String[][] edges = new String[graph.edges().size()][];
        for (int i = 0; i < edges.length; i++) {
            NirEdge e = graph.edges().get(i);
            edges[i] = new String[] {e.from(), e.to()};
        }
        g.putDataset("edges", edges);
        WritableGroup nodes = g.putGroup("nodes");
        for (NirNode n : graph.nodes().values()) {
            WritableGroup ng = nodes.putGroup(n.name());
            if (n.subgraph() != null) {
                writeGraph(ng, n.subgraph());
                continue;
            }
            ng.putDataset("type", n.type());
            for (Map.Entry<String, NirArray> f : n.fields().entrySet()) {
                ng.putDataset(f.getKey(), javaArray(f.getValue()));
            }
        }
        if (!graph.metadata().isEmpty()) {
            WritableGroup mg = g.putGroup("metadata");
            for (Map.Entry<String, Object> m : graph.metadata().entrySet()) {
                Object v = m.getValue();
                mg.putDataset(m.getKey(), v instanceof NirArray a ? javaArray(a) : String.valueOf(v));
            }
        }
    }

    /** The values as a Java scalar (Double, Long, ...) or nested primitive array of the array's dtype and shape. */
    static Object javaArray(NirArray a) {
        Class<?> component = switch (a.dtype()) {
            case FLOAT32 -> float.class;
            case FLOAT64 -> double.class;
            case INT32 -> int.class;
            case INT64 -> long.class;
        };
        if (a.isScalar()) {
            double v = a.get(0);
            return switch (a.dtype()) {
                case FLOAT32 -> (float) v;
                case FLOAT64 -> v;
                case INT32 -> (int) v;
                case INT64 -> (long) v;
            };
        }
        int[] dims = new int[a.rank()];
        long[] shape = a.shape();
        for (int i = 0; i < dims.length; i++) dims[i] = Math.toIntExact(shape[i]);
        Object out = Array.newInstance(component, dims);
        fill(out, a, 0, dims, 0);
        return out;
    }

    private static int fill(Object arr, NirArray a, int pos, int[] dims, int level) {
        if (level == dims.length - 1) {
            for (int i = 0; i < dims[level]; i++) {
                double v = a.get(pos++);
                switch (a.dtype()) {
                    case FLOAT32 -> Array.setFloat(arr, i, (float) v);
                    case FLOAT64 -> Array.setDouble(arr, i, v);
                    case INT32 -> Array.setInt(arr, i, (int) v);
                    case INT64 -> Array.setLong(arr, i, (long) v);
                }
            }
            return pos;
        }
        for (int i = 0; i < dims[level]; i++) pos = fill(Array.get(arr, i), a, pos, dims, level + 1);
        return pos;
    }
}
