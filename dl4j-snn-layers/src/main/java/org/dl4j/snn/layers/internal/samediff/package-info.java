/**
 * The {@link org.dl4j.snn.layers.Engine#SAMEDIFF} engine: {@code SameDiffRuntime} runs a layer's
 * {@code define(...)} graph per input shape with SameDiff autodiff, with its execution plan and workspace.
 * Internal: not API.
 */
package org.dl4j.snn.layers.internal.samediff;
