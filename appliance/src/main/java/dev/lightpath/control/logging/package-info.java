/**
 * The program's log: every {@link System.Logger}, the JDK's own included, routed to one line per event on
 * standard error with a timestamp and level, at a level set once at start. No logging framework.
 *
 * <p>Layer: with {@code control.metrics}, below {@code control.config}. Imports nothing of the project.
 */
package dev.lightpath.control.logging;
