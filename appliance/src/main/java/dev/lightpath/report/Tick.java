package dev.lightpath.report;

/** A labelled mark on an axis, at a value in the scale's domain. */
record Tick(double value, String label) {
}
