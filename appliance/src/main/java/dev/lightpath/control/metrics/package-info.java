/**
 * The counters served: the Prometheus text endpoint and health check on the management address, what
 * {@code stat} prints, and where counters files are found. Reads the shared counters through {@code metrics};
 * never touches a core.
 *
 * <p>Layer: with {@code control.logging}, below {@code control.config}. May import {@code metrics} and what lies
 * below it.
 */
package dev.lightpath.control.metrics;
