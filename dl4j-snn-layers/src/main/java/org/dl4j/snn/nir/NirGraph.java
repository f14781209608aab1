package org.dl4j.snn.nir;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dl4j.snn.nir.internal.Hdf5Nir;

/**
 * A NIR graph (Neuromorphic Intermediate Representation, https://neuroir.org) as stored in a {@code .nir} HDF5
 * file: named nodes, directed edges (several edges into one node add up) and graph metadata. Layout of the file:
 * {@code /version} (string), {@code /node/type} = "NIRGraph", {@code /node/edges} (E x 2 strings),
 * {@code /node/nodes/<name>/type} plus one dataset per field, optional {@code /node/metadata/<key>}.
 *
 * <p>{@link #read(Path)} accepts float32 / float64, int32 / int64 scalars and arrays, fixed- or variable-length
 * strings, gzip-chunked or contiguous data; {@link #write(Path)} writes contiguous datasets and fixed-length UTF-8
 * strings, which NIR's own {@code nir.read} loads. The graph itself is a plain value: nothing is checked here but
 * the file layout; {@link NirImport} checks what it maps.
 */
public final class NirGraph {
    /** The version string this library writes (NIR's file layout of version 1.0). */
    public static final String WRITTEN_VERSION = "1.0.0";

    private final Map<String, NirNode> nodes;
    private final List<NirEdge> edges;
    private final Map<String, Object> metadata;
    private final String version;
    private final String source;

    /**
     * @param metadata values are {@link NirArray} or {@link String}
     * @param source   where the graph comes from (a file name), used in error messages only
     */
    public NirGraph(Map<String, NirNode> nodes, List<NirEdge> edges, Map<String, Object> metadata, String version,
                    String source) {
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        this.edges = List.copyOf(edges);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.version = version == null ? "" : version;
        this.source = source == null ? "<graph>" : source;
    }

    /** Reads a {@code .nir} file (see the class comment for what is accepted). */
    public static NirGraph read(Path file) {
        return Hdf5Nir.read(file);
    }

    /** Writes this graph as a {@code .nir} file (replacing it), with {@link #WRITTEN_VERSION}. */
    public void write(Path file) {
        Hdf5Nir.write(this, file);
    }

    public Map<String, NirNode> nodes() { return nodes; }

    public List<NirEdge> edges() { return edges; }

    public Map<String, Object> metadata() { return metadata; }

    public String version() { return version; }

    /** The file name or description used in error messages. */
    public String source() { return source; }

    /** This graph with another source description. */
    public NirGraph withSource(String newSource) {
        return new NirGraph(nodes, edges, metadata, version, newSource);
    }

    /** The node named {@code name}, or an error naming the file and the node. */
    public NirNode node(String name) {
        NirNode n = nodes.get(name);
        if (n == null) {
            throw new NirException(source + ": an edge names node '" + name + "', which the graph does not have"
                    + " (nodes: " + nodes.keySet() + ")");
        }
        return n;
    }

    /** Names of the nodes with an edge into {@code name}, in edge order. */
    public List<String> predecessors(String name) {
        List<String> out = new ArrayList<>();
        for (NirEdge e : edges) if (e.to().equals(name)) out.add(e.from());
        return out;
    }

    /** Names of the nodes {@code name} has an edge to, in edge order. */
    public List<String> successors(String name) {
        List<String> out = new ArrayList<>();
        for (NirEdge e : edges) if (e.from().equals(name)) out.add(e.to());
        return out;
    }

    /** The nodes of NIR type {@code type}, in node order. */
    public List<NirNode> nodesOfType(String type) {
        return nodes.values().stream().filter(n -> n.type().equals(type)).toList();
    }

    /** The graph's dt from {@code metadata/dt} if present, else NaN. */
    public double metadataDt() {
        Object dt = metadata.get("dt");
        return dt instanceof NirArray a && a.size() == 1 ? a.get(0) : Double.NaN;
    }

    /**
     * The node names in an order where every edge goes forward (Kahn's algorithm, ties in node order).
     *
     * @throws NirException naming the nodes on a cycle (recurrent edges) or an edge to an unknown node
     */
    public List<String> topologicalOrder() {
        Map<String, Integer> indegree = new LinkedHashMap<>();
        for (String n : nodes.keySet()) indegree.put(n, 0);
        for (NirEdge e : edges) {
            node(e.from());
            node(e.to());
            indegree.merge(e.to(), 1, Integer::sum);
        }
        Deque<String> ready = new ArrayDeque<>();
        indegree.forEach((n, d) -> { if (d == 0) ready.add(n); });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String n = ready.poll();
            order.add(n);
            for (String s : successors(n)) {
                if (indegree.merge(s, -1, Integer::sum) == 0) ready.add(s);
            }
        }
        if (order.size() < nodes.size()) {
            List<String> cyclic = new ArrayList<>(nodes.keySet());
            cyclic.removeAll(order);
            throw new NirException(source + ": the graph has recurrent edges (a cycle through nodes " + cyclic
                    + "); recurrence is not supported: only feed-forward graphs map to a DL4J network");
        }
        return order;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NirGraph g && g.nodes.equals(nodes) && g.edges.equals(edges)
                && g.metadata.equals(metadata) && g.version.equals(version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodes, edges, metadata, version);
    }

    @Override
    public String toString() {
        return "NirGraph(" + source + ", " + nodes.size() + " nodes, " + edges.size() + " edges)";
    }
}
