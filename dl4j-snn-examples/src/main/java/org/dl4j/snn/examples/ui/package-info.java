/**
 * DL4J's training UI with the SNN view: the server bound to one address, the view's UI module and data, the
 * listeners that feed a stats storage and one run's UI lifecycle ({@link org.dl4j.snn.examples.ui.TrainingUi}).
 *
 * <p>Internal to the command line ({@code train --ui / --stats-file}, {@code ui}); the SNN view module is found by
 * DL4J's service loader ({@code META-INF/services}).
 */
package org.dl4j.snn.examples.ui;
