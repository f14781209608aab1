package org.dl4j.snn.examples.plot;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import org.knowm.xchart.style.markers.Marker;

/**
 * An XChart marker drawn as a short vertical line, the usual glyph of a spike raster.
 * The line is centred on the data point and {@code markerSize} pixels long; its width is set at construction.
 */
public final class TickMarker extends Marker {
    private final BasicStroke stroke;

    /** A tick {@code width} pixels wide. */
    public TickMarker(float width) {
        this.stroke = new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
    }

    @Override
    public void paint(Graphics2D g, double xOffset, double yOffset, int markerSize) {
        g.setStroke(stroke);
        double half = markerSize / 2.0;
        g.draw(new Line2D.Double(xOffset, yOffset - half, xOffset, yOffset + half));
    }
}
