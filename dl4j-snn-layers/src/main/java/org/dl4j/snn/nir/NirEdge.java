package org.dl4j.snn.nir;

/** A directed edge of a NIR graph: the output of node {@code from} feeds node {@code to} (several inputs add). */
public record NirEdge(String from, String to) {
    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
