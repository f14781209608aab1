/**
 * The monitor's machinery: which layers spike, where DL4J puts their activations, spike counting and parameter
 * statistics.
 * Internal: not API.
 */
package org.dl4j.snn.monitor.internal;
