package org.dl4j.snn.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a NIR graph: its name, its NIR type ("Affine", "LIF", "Conv2d", ...) and its numeric fields by name
 * (e.g. "weight", "tau"); a node of type "NIRGraph" (a nested graph) carries it in {@link #subgraph()}.
 * Field names and meanings are NIR's (https://neuroir.org); {@link NirImport} documents which it maps.
 */
public final class NirNode {
    private final String name;
    private final String type;
    private final Map<String, NirArray> fields;
    private final NirGraph subgraph;

    public NirNode(String name, String type, Map<String, NirArray> fields) {
        this(name, type, fields, null);
    }

    public NirNode(String name, String type, Map<String, NirArray> fields, NirGraph subgraph) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.subgraph = subgraph;
    }

    public String name() { return name; }

    public String type() { return type; }

    /** The numeric fields, in file (alphabetical) or construction order. */
    public Map<String, NirArray> fields() { return fields; }

    /** The nested graph of a "NIRGraph" node, else null. */
    public NirGraph subgraph() { return subgraph; }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The field, or null when absent. */
    public NirArray field(String field) {
        return fields.get(field);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NirNode n && n.name.equals(name) && n.type.equals(type) && n.fields.equals(fields)
                && Objects.equals(n.subgraph, subgraph);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, fields, subgraph);
    }

    @Override
    public String toString() {
        return name + " (" + type + ") " + fields;
    }
}
